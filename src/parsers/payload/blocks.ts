// Cuts a payload-logger capture (message-dumper, http-echo, raw HTTP, JSON) into one block per delivered event.
import { JsonDepth, opensJson } from "../common/json-documents.js";
import type { SourceLine } from "../types.js";

export type BlockStyle = "dumper" | "inspect" | "json" | "http";

export interface Block {
  readonly style: BlockStyle;
  readonly line: number;
  readonly lines: string[];
  /** False when the input stopped inside the block's JSON (the block was cut off). */
  readonly complete: boolean;
  /** Why the block is incomplete (cut mid-string, input ended). */
  readonly cutReason?: string;
}

export type BlockPiece =
  | { readonly kind: "block"; readonly block: Block }
  | { readonly kind: "stray"; readonly line: number; readonly text: string };

/** The message-dumper banner: `☁️  cloudevents.Event` (sdk-go's Event.String()). */
export const DUMPER_BANNER = /^\S*\s*cloudevents\.Event\s*$/;
/** A Node util.inspect dump of the logger's HTTP request: `{ path: '/',` (or, cut above, its `{ host: ...` line). */
const INSPECT_START = /^\{ ?path: '/;
const INSPECT_CUT_START = /^\s*\{ ?'?host'?: '/;
export const HTTP_REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP\/\d(?:\.\d)?$/;
export const HTTP_STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})\b/;
const CE_HEADER = /^ce-[a-z0-9]+:\s/i;
const HEADER_LINE = /^[A-Za-z][\w-]*:\s?.*$/;
/** What an echo server prints between deliveries: separators and its own access-log line. */
const SEPARATOR = /^-{3,}\s*$/;
const ACCESS_LINE = /^\S+ \S+ \S+ \[[^\]]+\] "[A-Z]+ \S+ HTTP\/[\d.]+" \d{3} /;

/** A block larger than this is cut, so one unterminated document cannot hold the whole input in memory. */
const MAX_BLOCK_LINES = 100_000;

export function isTrailer(text: string): boolean {
  return SEPARATOR.test(text) || ACCESS_LINE.test(text);
}

function startStyle(text: string): BlockStyle | undefined {
  if (DUMPER_BANNER.test(text)) return "dumper";
  if (INSPECT_START.test(text) || INSPECT_CUT_START.test(text)) return "inspect";
  if (opensJson(text)) return "json";
  if (HTTP_REQUEST_LINE.test(text) || HTTP_STATUS_LINE.test(text) || CE_HEADER.test(text)) return "http";
  return undefined;
}

interface OpenBlock {
  style: BlockStyle;
  line: number;
  lines: string[];
  /** Nothing more belongs to it except trailers (its JSON closed, or a trailer ended an inspect dump). */
  closed: boolean;
  /** Depth of the JSON part: the whole block (json), the Data section (dumper), the body (http). */
  depth: JsonDepth | null;
  inData: boolean;
  cutReason?: string;
}

export class BlockAssembler {
  private current: OpenBlock | null = null;
  /** Trailers seen before any block (a capture that starts with a separator): they join the next block. */
  private prefix: SourceLine[] = [];

  push(l: SourceLine): BlockPiece[] {
    if (isTrailer(l.text)) {
      if (!this.current) {
        this.prefix.push(l);
        return [];
      }
      this.current.lines.push(l.text);
      if (this.current.style === "inspect") this.current.closed = true;
      return [];
    }
    const out: BlockPiece[] = [];
    const c = this.current;
    if (c && !c.closed && !this.startsAnother(c, l.text)) {
      if (this.feed(c, l.text)) return out;
      // The line does not continue the block (a header block met a non-header line): it is looked at afresh.
      c.closed = true;
    }
    out.push(...this.finish());
    const style = startStyle(l.text);
    if (!style) {
      out.push(...this.strayPrefix(), { kind: "stray", line: l.line, text: l.text });
      return out;
    }
    const held = this.prefix;
    this.prefix = [];
    const block: OpenBlock = {
      style,
      line: held[0]?.line ?? l.line,
      lines: held.map((h) => h.text),
      closed: false,
      depth: null,
      inData: false,
    };
    this.current = block;
    this.feed(block, l.text);
    return out;
  }

  end(): BlockPiece[] {
    return [...this.finish(), ...this.strayPrefix()];
  }

  /** True while a capture block is open: its body lines must not be claimed by another format. */
  get open(): boolean {
    return this.current !== null && !this.current.closed;
  }

  /** A new block's first line while one is open: a banner always; a new inspect dump or HTTP message by its start. */
  private startsAnother(c: OpenBlock, text: string): boolean {
    if (DUMPER_BANNER.test(text)) return true;
    if (c.style === "inspect") return INSPECT_START.test(text);
    if (c.style === "http" && c.depth === null) return HTTP_REQUEST_LINE.test(text) || HTTP_STATUS_LINE.test(text);
    return false;
  }

  /** Adds a line to the open block; false when the line cannot belong to it. */
  private feed(c: OpenBlock, text: string): boolean {
    if (c.lines.length >= MAX_BLOCK_LINES) {
      c.cutReason = `the block is longer than ${MAX_BLOCK_LINES} lines`;
      c.closed = true;
      return false;
    }
    switch (c.style) {
      case "json":
        c.lines.push(text);
        this.track(c, text, true);
        return true;
      case "dumper":
        c.lines.push(text);
        if (c.inData) this.track(c, text, c.depth !== null || opensJson(text));
        else if (text.trim() === "Data,") c.inData = true;
        return true;
      case "http":
        if (c.depth === null && !opensJson(text)) {
          const first = c.lines.length === 0;
          if (!first && !HEADER_LINE.test(text)) return false;
          c.lines.push(text);
          return true;
        }
        c.lines.push(text);
        this.track(c, text, true);
        return true;
      case "inspect":
        c.lines.push(text);
        return true;
    }
  }

  private track(c: OpenBlock, text: string, json: boolean): void {
    if (!json) return;
    c.depth ??= new JsonDepth();
    if (c.depth.feed(text) >= 0) c.closed = true;
    else if (c.depth.endsInsideString) {
      c.cutReason = "a line ends inside a JSON string (the text was cut off)";
      c.closed = true;
    }
  }

  private finish(): BlockPiece[] {
    const c = this.current;
    if (!c) return [];
    this.current = null;
    const jsonOpen = c.depth !== null && !c.closed;
    const cutReason = c.cutReason ?? (jsonOpen ? "the input ended inside the block's JSON" : undefined);
    return [
      {
        kind: "block",
        block: {
          style: c.style,
          line: c.line,
          lines: c.lines,
          complete: cutReason === undefined,
          ...(cutReason === undefined ? {} : { cutReason }),
        },
      },
    ];
  }

  private strayPrefix(): BlockPiece[] {
    const held = this.prefix;
    this.prefix = [];
    return held.map((h) => ({ kind: "stray", line: h.line, text: h.text }));
  }
}
