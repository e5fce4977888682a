// Splits a byte stream into lines while tracking byte offsets, so a reader can checkpoint exactly where it stopped.
import { type IngestItem, splitLines } from "../../pipeline/body.js";

const NEWLINE = 0x0a;

export interface LineBatch {
  readonly items: IngestItem[];
  /** Bytes consumed up to and including the last complete line of this batch. */
  readonly bytes: number;
}

/**
 * Feed it chunks; it returns the complete lines and keeps the partial tail for the next chunk. Blank lines are
 * skipped but still counted, so line numbers match the file.
 */
export class LineSplitter {
  private tail: Buffer = Buffer.alloc(0);
  private nextLine: number;

  constructor(firstLine = 1) {
    this.nextLine = firstLine;
  }

  /** Bytes held back because their line is not complete yet. */
  get pendingBytes(): number {
    return this.tail.length;
  }

  push(chunk: Buffer): LineBatch {
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const last = buf.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.tail = buf;
      return { items: [], bytes: 0 };
    }
    // Copy the tail: holding a slice would pin the whole chunk in memory.
    this.tail = Buffer.from(buf.subarray(last + 1));
    return { items: this.toItems(buf.toString("utf8", 0, last)), bytes: last + 1 };
  }

  /** The final line when the input ends without a newline. */
  flush(): LineBatch {
    if (this.tail.length === 0) return { items: [], bytes: 0 };
    const text = this.tail.toString("utf8");
    const bytes = this.tail.length;
    this.tail = Buffer.alloc(0);
    return { items: this.toItems(text), bytes };
  }

  private toItems(text: string): IngestItem[] {
    const items = splitLines(text, this.nextLine);
    let newlines = 0;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines++;
    this.nextLine += newlines + 1;
    return items;
  }
}
