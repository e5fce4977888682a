// Assembles whole JSON documents from lines (pretty-printed over many lines, or one per line) by bracket depth.
import type { ErrorCode } from "../../core/errors.js";
import type { SourceLine } from "../types.js";

/** A document far larger than any sane export is abandoned rather than held in memory. */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

export type DocumentResult =
  | { readonly ok: true; readonly line: number; readonly raw: string; readonly value: unknown }
  | {
      readonly ok: false;
      readonly line: number;
      readonly raw: string;
      readonly code: ErrorCode;
      readonly message: string;
    };

/** Does this line open a JSON document (an object or an array)? */
export function opensJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith("{") || t.startsWith("[");
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Collects the lines of one JSON document at a time. Brackets inside strings are skipped, so braces in messages
 * do not end a document early. A document that closes mid-line keeps the rest of that line: JSON.parse then
 * reports it, which beats guessing where a second document starts.
 */
export class JsonDocumentAssembler {
  private lines: string[] = [];
  private startLine = 0;
  private bytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Past the size cap: lines are still scanned (to find the document's end) but no longer kept. */
  private discarding = false;

  constructor(private readonly maxBytes = MAX_DOCUMENT_BYTES) {}

  /** True while a document is open: every line belongs to it until its brackets balance. */
  get collecting(): boolean {
    return this.lines.length > 0 || this.discarding;
  }

  /** Feeds one line; the caller sends a line while idle only when `opensJson` says it starts a document. */
  push(line: SourceLine): DocumentResult[] {
    if (!this.collecting) this.startLine = line.line;
    const closedAt = this.scan(line.text);
    if (!this.discarding) {
      this.lines.push(line.text);
      this.bytes += line.text.length + 1;
      if (this.bytes > this.maxBytes) {
        this.discarding = true;
        this.lines = [this.lines[0] ?? ""];
      }
    }
    if (closedAt === "negative") {
      const raw = this.lines.join("\n");
      const start = this.startLine;
      this.reset();
      return [
        {
          ok: false,
          line: start,
          raw,
          code: "unparseable",
          message: "unbalanced JSON: a closing bracket with nothing open",
        },
      ];
    }
    if (closedAt === "open") return [];
    return [this.finish()];
  }

  /** The document still open at the end of input, if any, as an `incomplete_record` diagnostic. */
  end(): DocumentResult[] {
    if (!this.collecting) return [];
    const raw = this.lines.join("\n");
    const result: DocumentResult = {
      ok: false,
      line: this.startLine,
      raw,
      code: "incomplete_record",
      message: `JSON document starting on line ${this.startLine} ended before its brackets closed (${this.depth} still open)`,
    };
    this.reset();
    return [result];
  }

  private finish(): DocumentResult {
    const start = this.startLine;
    if (this.discarding) {
      const raw = preview(this.lines[0] ?? "");
      this.reset();
      return {
        ok: false,
        line: start,
        raw,
        code: "unparseable",
        message: `JSON document starting on line ${start} is larger than ${this.maxBytes} bytes; skipped`,
      };
    }
    const raw = this.lines.join("\n");
    this.reset();
    try {
      return { ok: true, line: start, raw, value: JSON.parse(raw) as unknown };
    } catch (e) {
      return { ok: false, line: start, raw, code: "invalid_json", message: `invalid JSON: ${(e as Error).message}` };
    }
  }

  private reset(): void {
    this.lines = [];
    this.bytes = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.discarding = false;
  }

  /** Updates bracket depth over one line: "closed" when the document ended on it, "negative" on a stray closer. */
  private scan(text: string): "open" | "closed" | "negative" {
    let closed = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth < 0) return "negative";
        if (this.depth === 0) closed = true;
      }
    }
    // A string never spans lines in JSON: an unterminated one is broken input, and the parse will say so.
    if (this.inString) {
      this.inString = false;
      this.escaped = false;
    }
    return closed && this.depth === 0 ? "closed" : "open";
  }
}
