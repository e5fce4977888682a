// Assembles JSON documents from lines (one per line, or pretty-printed over many) by bracket depth outside strings.
import type { SourceLine } from "../types.js";

/** Where a JSON text stands after some of its characters: nesting depth and whether inside a string. */
export class JsonDepth {
  depth = 0;
  private inString = false;
  private escaped = false;
  /** Set when a closing bracket had no opener: the text cannot be JSON. */
  broken = false;

  /**
   * Feeds one line; returns the index just past the bracket that brought the depth back to zero (the document's
   * end), or -1 when the document is still open after this line.
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
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === 0) return i + 1;
        if (this.depth < 0) {
          this.broken = true;
          this.depth = 0;
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** A JSON string never spans lines, so a line that ends inside one was cut off. */
  get endsInsideString(): boolean {
    return this.inString;
  }
}

export type DocumentPiece =
  /** A complete document's text (its lines joined by "\n"). */
  | { readonly kind: "document"; readonly line: number; readonly text: string }
  /** A line outside any document that does not open one. */
  | { readonly kind: "stray"; readonly line: number; readonly text: string }
  /** A document that was cut off (truncated line, input ended, grew past the cap). */
  | {
      readonly kind: "cut";
      readonly line: number;
      readonly text: string;
      readonly reason: string;
      /** `invalid_json` when the text itself shows the cut (a line ends mid-string), else `incomplete_record`. */
      readonly code: "invalid_json" | "incomplete_record";
    };

/** A document larger than this is given up on, so one unterminated `{` cannot hold the whole input in memory. */
const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;

/** Splits lines into JSON documents. Blank lines never arrive (see SourceLine), so nothing depends on them. */
export class JsonDocumentAssembler {
  private lines: string[] = [];
  private first = 0;
  private chars = 0;
  private depth = new JsonDepth();

  get open(): boolean {
    return this.lines.length > 0;
  }

  push(l: SourceLine): DocumentPiece[] {
    const out: DocumentPiece[] = [];
    if (this.open && /^[[{]/.test(l.text) && this.firstLineHadContent()) {
      // A one-line document left open, then a new one at column 0: the first was truncated (an NDJSON line cut short).
      out.push(this.cut("invalid_json", "the line ends before the JSON document is complete"));
    }
    if (!this.open) {
      if (!/^\s*[[{]/.test(l.text)) return [...out, { kind: "stray", line: l.line, text: l.text }];
      this.first = l.line;
      this.depth = new JsonDepth();
    }
    this.lines.push(l.text);
    this.chars += l.text.length + 1;
    const end = this.depth.feed(l.text);
    if (end >= 0) {
      out.push({ kind: "document", line: this.first, text: this.take() });
    } else if (this.depth.endsInsideString) {
      out.push(this.cut("invalid_json", "a line ends inside a JSON string (the line was cut off)"));
    } else if (this.chars > MAX_DOCUMENT_CHARS) {
      out.push(this.cut("incomplete_record", `the document is larger than ${MAX_DOCUMENT_CHARS} characters`));
    }
    return out;
  }

  end(): DocumentPiece[] {
    return this.open ? [this.cut("incomplete_record", "the input ended before the JSON document was complete")] : [];
  }

  private firstLineHadContent(): boolean {
    return (this.lines[0] ?? "").trim().length > 1;
  }

  private take(): string {
    const text = this.lines.join("\n");
    this.lines = [];
    this.chars = 0;
    return text;
  }

  private cut(code: "invalid_json" | "incomplete_record", reason: string): DocumentPiece {
    return { kind: "cut", line: this.first, text: this.take(), reason, code };
  }
}
