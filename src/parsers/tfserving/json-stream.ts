// Finds JSON values in a line stream: whole documents, or the elements of top-level arrays one at a time.
import type { ErrorCode } from "../../core/errors.js";
import type { SourceLine } from "../types.js";

/** A value far larger than any sane log record is abandoned rather than held in memory. */
export const MAX_VALUE_BYTES = 8 * 1024 * 1024;

export type JsonItem =
  /** A complete value; `raw` is its exact text (lines joined with "\n"), `line` where it starts. */
  | { readonly kind: "value"; readonly line: number; readonly raw: string; readonly value: unknown }
  | {
      readonly kind: "error";
      readonly line: number;
      readonly raw: string;
      readonly code: ErrorCode;
      readonly message: string;
    }
  /** A line met outside any value that does not open one: the caller decides what it is. */
  | { readonly kind: "text"; readonly source: SourceLine }
  /** A top-level array (in split mode) closed: callers that group elements flush here. */
  | { readonly kind: "array_end"; readonly line: number };

type Mode = "idle" | "value" | "array" | "element";

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * Feeds lines, returns items. Brackets inside strings are skipped, so braces in messages do not end a value early.
 * With `splitArrays`, a top-level `[` is not collected: each element becomes its own item and the array's own
 * brackets and commas are consumed silently.
 */
export class JsonStream {
  private mode: Mode = "idle";
  private pieces: string[] = [];
  private bytes = 0;
  private discarding = false;
  private startLine = 0;
  private depth = 0;
  private closers: number[] = [];
  private inString = false;
  private escaped = false;
  private arrayLine = 0;

  constructor(
    private readonly splitArrays: boolean,
    private readonly maxBytes = MAX_VALUE_BYTES,
  ) {}

  /** True while a value or a split array is open, so the next line belongs to it. */
  get open(): boolean {
    return this.mode !== "idle";
  }

  push(source: SourceLine): JsonItem[] {
    const text = source.text;
    const out: JsonItem[] = [];
    if (this.mode === "idle") {
      const t = text.trimStart();
      if (!t.startsWith("{") && !t.startsWith("[")) return [{ kind: "text", source }];
    }
    let i = 0;
    // Where the current value's text starts on this line (0 when it began on an earlier line).
    let segStart = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (this.mode === "value" || this.mode === "element") {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) this.inString = false;
        } else if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.closers.push(c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
          this.depth++;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (this.closers.pop() !== c) {
            // A mismatched closer: the value is broken here; report it and read on from the next character.
            this.keep(text.slice(segStart, i + 1));
            out.push(this.brokenValue(`mismatched ${String.fromCharCode(c)} at line ${source.line}, column ${i + 1}`));
            this.mode = this.mode === "element" ? "array" : "idle";
            i++;
            continue;
          }
          this.depth--;
          if (this.depth === 0) {
            this.keep(text.slice(segStart, i + 1));
            out.push(this.finishValue());
            this.mode = this.mode === "element" ? "array" : "idle";
          }
        }
        i++;
        continue;
      }
      if (isSpace(c) || c === COMMA) {
        i++;
        continue;
      }
      if (this.mode === "array" && c === CLOSE_BRACKET) {
        this.mode = "idle";
        out.push({ kind: "array_end", line: source.line });
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.mode === "idle" && c === OPEN_BRACKET && this.splitArrays) {
          this.mode = "array";
          this.arrayLine = source.line;
          i++;
          continue;
        }
        this.mode = this.mode === "array" ? "element" : "value";
        this.startLine = source.line;
        this.depth = 0;
        segStart = i;
        continue;
      }
      // Text that is no JSON value: the rest of the line is reported, the stream goes on.
      const rest = text.slice(i);
      out.push({
        kind: "error",
        line: source.line,
        raw: rest,
        code: "unparseable",
        message: `unexpected text ${JSON.stringify(preview(rest))} ${this.mode === "array" ? "inside a JSON array" : "after a JSON value"} (column ${i + 1})`,
      });
      break;
    }
    if (this.mode === "value" || this.mode === "element") {
      this.keep(text.slice(segStart));
      // JSON strings never span lines: an unterminated one is broken input, and JSON.parse will say so.
      this.inString = false;
      this.escaped = false;
    }
    return out;
  }

  /** What is still open at the end of input, as `incomplete_record` diagnostics. */
  end(): JsonItem[] {
    const out: JsonItem[] = [];
    if (this.mode === "value" || this.mode === "element") {
      out.push({
        kind: "error",
        line: this.startLine,
        raw: this.discarding ? preview(this.pieces[0] ?? "") : this.pieces.join("\n"),
        code: "incomplete_record",
        message: `JSON value starting on line ${this.startLine} ended before its brackets closed (${this.depth} still open)`,
      });
      if (this.mode === "element") this.mode = "array";
      this.reset();
    }
    if (this.mode === "array") {
      out.push({
        kind: "error",
        line: this.arrayLine,
        raw: "[",
        code: "incomplete_record",
        message: `JSON array opened on line ${this.arrayLine} was never closed (its complete elements were read)`,
      });
      out.push({ kind: "array_end", line: this.arrayLine });
    }
    this.mode = "idle";
    return out;
  }

  private keep(piece: string): void {
    if (this.discarding) return;
    this.pieces.push(piece);
    this.bytes += piece.length + 1;
    if (this.bytes > this.maxBytes) {
      this.discarding = true;
      this.pieces = [this.pieces[0] ?? ""];
    }
  }

  private finishValue(): JsonItem {
    const line = this.startLine;
    if (this.discarding) {
      const raw = preview(this.pieces[0] ?? "");
      this.reset();
      return {
        kind: "error",
        line,
        raw,
        code: "unparseable",
        message: `JSON value starting on line ${line} is larger than ${this.maxBytes} bytes; skipped`,
      };
    }
    const raw = this.pieces.join("\n");
    this.reset();
    try {
      return { kind: "value", line, raw, value: JSON.parse(raw) as unknown };
    } catch (e) {
      return { kind: "error", line, raw, code: "invalid_json", message: `invalid JSON: ${(e as Error).message}` };
    }
  }

  private brokenValue(message: string): JsonItem {
    const line = this.startLine;
    const raw = this.discarding ? preview(this.pieces[0] ?? "") : this.pieces.join("\n");
    this.reset();
    return { kind: "error", line, raw, code: "invalid_json", message: `invalid JSON: ${message}` };
  }

  private reset(): void {
    this.closers = [];
    this.pieces = [];
    this.bytes = 0;
    this.discarding = false;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }
}
