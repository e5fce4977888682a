// Reassembles JSON documents that span lines (or share one) by bracket depth outside strings, with a size cap.
import type { ErrorCode } from "../../core/errors.js";
import type { ParsedRecord, SourceLine } from "../types.js";
import { parseJson } from "./json-parse.js";

/** Default bound on one document (characters), so a missing closing bracket cannot hold a whole stream in memory. */
export const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;
/** The tighter bound for JSON in server logs (bodies, metric objects, trace entries): no log line is that big. */
export const MAX_LOGGED_VALUE_CHARS = 8 * 1024 * 1024;

/** Characters of an oversized document's first line kept as its diagnostic's raw text. */
const OVERSIZED_RAW_CHARS = 200;
/** Characters of stray text quoted in a message. */
const QUOTED_CHARS = 120;

/** Does this text open a JSON document (`{` or `[` after leading white space)? */
export function opensJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

function preview(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Where a JSON text stands after some of its characters: the brackets open, and whether inside a string. */
export class JsonDepth {
  /** The closing bracket each open bracket expects, innermost last. */
  private closers: number[] = [];
  private inString = false;
  private escaped = false;
  /** A closing bracket that did not match its opener (the text cannot be JSON), with its index in the fed text. */
  mismatch: { readonly bracket: string; readonly index: number } | null = null;

  /** How many brackets are open. */
  get depth(): number {
    return this.closers.length;
  }

  /**
   * Reads `text` from `from` on; returns the index just past the bracket that closed the document (or did not match
   * its opener, which ends it too: see `mismatch`), or -1 when the document is still open after the text.
   */
  feed(text: string, from = 0): number {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b) this.closers.push(0x7d);
      else if (c === 0x5b) this.closers.push(0x5d);
      else if (c === 0x7d || c === 0x5d) {
        if (this.closers.pop() !== c) {
          this.mismatch = { bracket: String.fromCharCode(c), index: i };
          this.closers = [];
          return i + 1;
        }
        if (this.closers.length === 0) return i + 1;
      }
    }
    return -1;
  }

  /** A JSON string never spans lines, so a line that ends inside one was cut off. */
  get endsInsideString(): boolean {
    return this.inString;
  }
}

/** A complete document: the line it starts on and its text (its lines joined with "\n"). */
export interface JsonDocument {
  readonly kind: "document";
  readonly line: number;
  readonly raw: string;
}

/** A whole line met while no document is open that does not open one: the caller says what it is. */
export interface JsonText {
  readonly kind: "text";
  readonly line: number;
  readonly raw: string;
}

/** A document that cannot be read (cut off, oversized, unfinished), or text after a document on its line. */
export interface JsonProblem {
  readonly kind: "problem";
  readonly line: number;
  readonly raw: string;
  readonly code: ErrorCode;
  readonly message: string;
}

/** The `]` of a top-level array whose elements are read one by one (`elements` mode): groups end here. */
export interface JsonArrayEnd {
  readonly kind: "array_end";
  readonly line: number;
}

export type JsonPiece = JsonDocument | JsonText | JsonProblem | JsonArrayEnd;

export interface JsonDocumentOptions {
  /**
   * `lines` (the default): a document is made of whole lines, so its raw text is exactly its input lines; text after
   * its closing bracket stays in it (and the JSON parse reports it), which beats guessing where a second one starts.
   * `documents`: several documents may share a line (`{...}{...}`, `[...], [...]`); each runs from its opening to its
   * closing bracket, and other text after one is a problem. `elements`: as `documents`, but a top-level array is not
   * one document: each of its elements is, and its `]` is an `array_end`.
   */
  readonly mode?: "lines" | "documents" | "elements";
  /**
   * A line at column 0 that opens a document cuts off an open one whose first line held more than a lone bracket:
   * NDJSON with a line cut short, rather than a pretty-printed document (whose inner lines are indented).
   */
  readonly cutAtNewDocument?: boolean;
  /** Past this many characters a document is no longer kept, and is reported (unparseable) once it closes. */
  readonly maxChars?: number;
}

/**
 * Splits a stream of lines into JSON documents. Brackets inside strings (escaped quotes included) do not count. A
 * closing bracket that does not match its opener, or a line that ends inside a string (strings hold no raw newlines),
 * shows the document is not JSON: it is given up there instead of swallowing what follows.
 */
export class JsonDocuments {
  private readonly mode: "lines" | "documents" | "elements";
  private readonly cutAtNewDocument: boolean;
  private readonly maxChars: number;
  private depth = new JsonDepth();
  private inDocument = false;
  private first = 0;
  private parts: string[] = [];
  private chars = 0;
  /** Past the size cap: the document is still scanned (to find its end) but only its first line is kept. */
  private oversized = false;
  /** `elements` mode: the line of the open top-level array's `[`, or null. */
  private arrayLine: number | null = null;

  constructor(options: JsonDocumentOptions = {}) {
    this.mode = options.mode ?? "lines";
    this.cutAtNewDocument = options.cutAtNewDocument ?? false;
    this.maxChars = options.maxChars ?? MAX_DOCUMENT_CHARS;
  }

  /** True while a document (or a top-level array read element by element) is open: the next line belongs to it. */
  get open(): boolean {
    return this.inDocument || this.arrayLine !== null;
  }

  /** Feeds one line; returns what it completed. */
  push(l: SourceLine): JsonPiece[] {
    const out: JsonPiece[] = [];
    if (this.inDocument && this.cutAtNewDocument && /^[[{]/.test(l.text) && (this.parts[0] ?? "").trim().length > 1) {
      out.push(
        this.giveUp(
          "invalid_json",
          `the JSON document opened on line ${this.first} is cut off: line ${l.line} starts a new one`,
        ),
      );
    }
    if (!this.open && !opensJson(l.text)) {
      out.push({ kind: "text", line: l.line, raw: l.text });
      return out;
    }
    if (this.mode === "lines") this.pushLine(l, out);
    else this.pushPieces(l, out);
    return out;
  }

  /** Whatever is still open at the end of the input, as `incomplete_record` problems. */
  end(): JsonPiece[] {
    const out: JsonPiece[] = [];
    if (this.inDocument) {
      const message = `the input ended inside a JSON document opened on line ${this.first} (${this.depth.depth} bracket(s) left open)`;
      out.push(this.giveUp("incomplete_record", message));
    }
    if (this.arrayLine !== null) {
      const line = this.arrayLine;
      this.arrayLine = null;
      out.push(
        {
          kind: "problem",
          line,
          raw: "[",
          code: "incomplete_record",
          message: `JSON array opened on line ${line} was never closed (its complete elements were read)`,
        },
        { kind: "array_end", line },
      );
    }
    return out;
  }

  private pushLine(l: SourceLine, out: JsonPiece[]): void {
    if (!this.inDocument) this.begin(l.line);
    this.keep(l.text);
    if (this.depth.feed(l.text) >= 0) out.push(this.finish(l.line));
    else if (this.depth.endsInsideString) out.push(this.cutInString(l.line));
  }

  private pushPieces(l: SourceLine, out: JsonPiece[]): void {
    const text = l.text;
    // Where the open document's text starts on this line (0 when it began on an earlier one).
    let start = 0;
    let i = 0;
    while (i < text.length) {
      if (this.inDocument) {
        const end = this.depth.feed(text, i);
        if (end < 0) {
          this.keep(text.slice(start));
          if (this.depth.endsInsideString) out.push(this.cutInString(l.line));
          return;
        }
        this.keep(text.slice(start, end));
        out.push(this.finish(l.line));
        i = end;
        continue;
      }
      const c = text[i] as string;
      if (c === "," || /\s/.test(c)) {
        i++;
      } else if (c === "]" && this.arrayLine !== null) {
        this.arrayLine = null;
        out.push({ kind: "array_end", line: l.line });
        i++;
      } else if (c === "[" && this.mode === "elements" && this.arrayLine === null) {
        this.arrayLine = l.line;
        i++;
      } else if (c === "{" || c === "[") {
        this.begin(l.line);
        start = i;
      } else {
        const rest = text.slice(i);
        const where = this.arrayLine !== null ? "inside a JSON array" : "after a JSON value";
        out.push({
          kind: "problem",
          line: l.line,
          raw: rest,
          code: "unparseable",
          message: `unexpected text ${JSON.stringify(preview(rest, QUOTED_CHARS))} ${where} (column ${i + 1})`,
        });
        return;
      }
    }
  }

  private begin(line: number): void {
    this.inDocument = true;
    this.first = line;
    this.depth = new JsonDepth();
  }

  private keep(piece: string): void {
    if (this.oversized) return;
    this.chars += piece.length + 1;
    if (this.chars > this.maxChars) {
      this.oversized = true;
      this.parts = [this.parts[0] ?? piece];
      return;
    }
    this.parts.push(piece);
  }

  /** The open document's text (only its first line, clipped, when it outgrew the cap), and a fresh state. */
  private take(): string {
    const raw = this.oversized ? preview(this.parts[0] ?? "", OVERSIZED_RAW_CHARS) : this.parts.join("\n");
    this.inDocument = false;
    this.parts = [];
    this.chars = 0;
    this.oversized = false;
    return raw;
  }

  /** The document that ended on line `at`: complete, oversized, or broken by a mismatched closer. */
  private finish(at: number): JsonPiece {
    const mismatch = this.depth.mismatch;
    if (mismatch !== null) {
      return this.giveUp(
        "invalid_json",
        `invalid JSON: mismatched ${mismatch.bracket} at line ${at}, column ${mismatch.index + 1}`,
      );
    }
    const line = this.first;
    const oversized = this.oversized;
    const raw = this.take();
    if (!oversized) return { kind: "document", line, raw };
    return {
      kind: "problem",
      line,
      raw,
      code: "unparseable",
      message: `the JSON document opened on line ${line} is larger than ${this.maxChars} characters; skipped`,
    };
  }

  private cutInString(line: number): JsonProblem {
    return this.giveUp(
      "invalid_json",
      `line ${line} ends inside a JSON string, so the document opened on line ${this.first} is not valid JSON`,
    );
  }

  private giveUp(code: ErrorCode, message: string): JsonProblem {
    const line = this.first;
    return { kind: "problem", line, raw: this.take(), code, message };
  }
}

/** A problem as the diagnostic a session returns. */
export function problemRecord(p: JsonProblem): ParsedRecord {
  return { ok: false, line: p.line, raw: p.raw, code: p.code, message: p.message };
}

export type DocumentValue =
  | { readonly ok: true; readonly line: number; readonly raw: string; readonly value: unknown }
  | (ParsedRecord & { readonly ok: false });

/** The parsed value of a document, or the diagnostic of a problem or of a document that is not valid JSON. */
export function documentValue(p: JsonDocument | JsonProblem): DocumentValue {
  if (p.kind === "problem") return { ok: false, line: p.line, raw: p.raw, code: p.code, message: p.message };
  const parsed = parseJson(p.raw);
  if (!parsed.ok) return { ok: false, line: p.line, raw: p.raw, code: parsed.code, message: parsed.message };
  return { ok: true, line: p.line, raw: p.raw, value: parsed.value };
}
