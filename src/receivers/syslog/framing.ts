// Splits a syslog TCP stream into messages: octet-counting (RFC 6587 §3.4.1) or newline framing (§3.4.2).

/** One frame: the message text, or a message over the size limit (its first `maxBytes` kept for the dead letter). */
export type Frame =
  | { readonly text: string; readonly tooLong?: false }
  | { readonly text: string; readonly tooLong: true; readonly bytes: number };

const MAX_LENGTH_DIGITS = 10;

/**
 * Incremental decoder for one connection. Each frame picks its framing: a leading digit means `MSG-LEN SP MSG`,
 * anything else runs to the next LF (a trailing CR is dropped). Memory stays within about `maxBytes`: an oversized
 * message is reported truncated and the rest of it is skipped as it arrives.
 */
export class SyslogFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized octet-counted message still to skip. */
  private skip = 0;
  /** Inside an oversized newline-framed message: skip to the next LF. */
  private skipToNewline = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buffer.length);
        this.skip -= n;
        this.buffer = this.buffer.subarray(n);
        if (this.skip > 0) return frames;
      }
      if (this.skipToNewline) {
        const lf = this.buffer.indexOf(0x0a);
        if (lf < 0) {
          this.buffer = Buffer.alloc(0);
          return frames;
        }
        this.skipToNewline = false;
        this.buffer = this.buffer.subarray(lf + 1);
      }
      // Separators between frames (stray LFs after octet-counted messages) are not messages.
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 0x0a || this.buffer[start] === 0x0d)) start++;
      this.buffer = this.buffer.subarray(start);
      if (this.buffer.length === 0) return frames;
      const frame = this.next();
      if (frame === null) return frames;
      frames.push(frame);
    }
  }

  /** What is left when the connection closes: a last newline-framed message without its LF. */
  end(): Frame[] {
    if (this.skip > 0 || this.skipToNewline || this.buffer.length === 0) return [];
    const text = this.buffer.toString("utf8").replace(/\r$/, "");
    this.buffer = Buffer.alloc(0);
    return text.trim() === "" ? [] : [{ text }];
  }

  private next(): Frame | null {
    const b = this.buffer;
    const first = b[0] as number;
    if (first >= 0x31 && first <= 0x39) {
      // MSG-LEN: a non-zero decimal followed by one space.
      let i = 0;
      while (i < b.length && i <= MAX_LENGTH_DIGITS && (b[i] as number) >= 0x30 && (b[i] as number) <= 0x39) i++;
      if (i === b.length) return null;
      if (b[i] === 0x20 && i <= MAX_LENGTH_DIGITS) {
        const length = Number(b.subarray(0, i).toString("latin1"));
        const body = i + 1;
        if (length > this.maxBytes) {
          const kept = b.subarray(body, body + this.maxBytes);
          if (kept.length < this.maxBytes && b.length - body < length) {
            // Not enough of it yet to report: wait for the first maxBytes.
            return null;
          }
          const available = Math.min(length, b.length - body);
          this.buffer = b.subarray(body + available);
          this.skip = length - available;
          return { text: kept.toString("utf8"), tooLong: true, bytes: length };
        }
        if (b.length - body < length) return null;
        this.buffer = b.subarray(body + length);
        return { text: b.subarray(body, body + length).toString("utf8") };
      }
      // Digits not followed by a space: an unframed line that happens to start with a digit.
    }
    const lf = b.indexOf(0x0a);
    if (lf < 0) {
      if (b.length <= this.maxBytes) return null;
      this.skipToNewline = true;
      this.buffer = Buffer.alloc(0);
      return { text: b.subarray(0, this.maxBytes).toString("utf8"), tooLong: true, bytes: b.length };
    }
    const line = b.subarray(0, lf);
    this.buffer = b.subarray(lf + 1);
    const end = line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
    if (end > this.maxBytes) {
      return { text: line.subarray(0, this.maxBytes).toString("utf8"), tooLong: true, bytes: end };
    }
    return { text: line.subarray(0, end).toString("utf8") };
  }
}
