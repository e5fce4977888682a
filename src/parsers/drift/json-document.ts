// Reassembles JSON documents that span lines (pretty-printed reports, `kubectl -o json`) by bracket depth.

/** A complete document: its first line and its text (its lines joined with "\n"). */
export interface JsonDocument {
  readonly kind: "document";
  readonly line: number;
  readonly text: string;
}

/** Text that cannot be (part of) a document: a stray line, a broken or oversized document. */
export interface JsonDocumentProblem {
  readonly kind: "problem";
  readonly line: number;
  readonly text: string;
  readonly reason: "stray" | "broken" | "oversized";
  readonly message: string;
}

export type JsonDocumentEvent = JsonDocument | JsonDocumentProblem;

/** Default bound on one document (characters), so a missing closing brace cannot hold a whole stream in memory. */
export const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;

/**
 * Splits a stream of lines into top-level JSON objects or arrays, counting brackets outside strings. Several
 * documents may share a line (`{...}{...}`), and one may span many. A line that ends inside a string cannot be
 * JSON (strings hold no raw newlines), so the document is given up there instead of swallowing what follows.
 */
export class JsonDocumentReader {
  private parts: string[] = [];
  private chars = 0;
  private startLine = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private oversized = false;
  /** The beginning of an oversized document, kept as the diagnostic's raw text. */
  private head = "";

  constructor(private readonly maxChars: number = MAX_DOCUMENT_CHARS) {}

  /** Feeds one line (which may itself hold "\n"s) and returns what it completed. */
  push(line: number, text: string): JsonDocumentEvent[] {
    const out: JsonDocumentEvent[] = [];
    for (const physical of text.split("\n")) this.pushPhysical(line, physical, out);
    return out;
  }

  /** Whatever is still open at the end of the input. */
  /** True while a document is open (its brackets have not balanced yet). */
  get open(): boolean {
    return this.depth > 0;
  }

  end(): JsonDocumentProblem | null {
    if (this.depth === 0) return null;
    const problem: JsonDocumentProblem = {
      kind: "problem",
      line: this.startLine,
      text: this.parts.join("\n"),
      reason: "broken",
      message: `the input ended inside a JSON document opened on line ${this.startLine} (${this.depth} bracket(s) left open)`,
    };
    this.reset();
    return problem;
  }

  private reset(): void {
    this.parts = [];
    this.chars = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.oversized = false;
    this.head = "";
  }

  private pushPhysical(line: number, text: string, out: JsonDocumentEvent[]): void {
    let rest = text;
    while (rest !== "") {
      if (this.depth === 0) {
        const start = rest.search(/\S/);
        if (start < 0) return;
        const c = rest[start];
        if (c !== "{" && c !== "[") {
          out.push({
            kind: "problem",
            line,
            text: rest,
            reason: "stray",
            message: `expected a JSON document to start with '{' or '[', found ${JSON.stringify(rest.trim().slice(0, 40))}`,
          });
          return;
        }
        rest = rest.slice(start);
        this.startLine = line;
      }
      const close = this.scan(rest);
      const consumed = close < 0 ? rest : rest.slice(0, close + 1);
      this.append(consumed);
      if (close >= 0) {
        out.push(this.finish());
        rest = rest.slice(close + 1).replace(/^[\s,]+/, "");
        continue;
      }
      if (this.inString) {
        out.push({
          kind: "problem",
          line: this.startLine,
          text: this.parts.join("\n"),
          reason: "broken",
          message: `line ${line} ends inside a JSON string, so the document opened on line ${this.startLine} is not valid JSON`,
        });
        this.reset();
      }
      return;
    }
  }

  /** Advances the bracket state over `s`; returns the index where depth returns to zero, or -1. */
  private scan(s: string): number {
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === "\\") this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') {
        this.inString = true;
      } else if (c === "{" || c === "[") {
        this.depth++;
      } else if (c === "}" || c === "]") {
        this.depth--;
        if (this.depth === 0) return i;
      }
    }
    return -1;
  }

  private append(s: string): void {
    if (this.oversized) return;
    this.chars += s.length + 1;
    if (this.chars > this.maxChars) {
      this.oversized = true;
      this.head = this.parts.join("\n").slice(0, 4096);
      this.parts = [];
      return;
    }
    this.parts.push(s);
  }

  private finish(): JsonDocumentEvent {
    const event: JsonDocumentEvent = this.oversized
      ? {
          kind: "problem",
          line: this.startLine,
          text: this.head,
          reason: "oversized",
          message: `the JSON document opened on line ${this.startLine} is larger than ${this.maxChars} characters`,
        }
      : { kind: "document", line: this.startLine, text: this.parts.join("\n") };
    this.reset();
    return event;
  }
}
