// `format=auto`: picks a format line by line from the formats' cheap discriminators, in their documented order.
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "./types.js";

/** Lines held while nothing recognizes them yet (a pretty-printed document's opening `{`, a banner). */
const MAX_PENDING_LINES = 256;
const MAX_PENDING_BYTES = 256 * 1024;

interface Current {
  readonly format: Format;
  readonly session: ParseSession;
}

/**
 * The auto session. A line that some format's `detect` accepts starts (or continues) that format; the first format
 * in `order` wins ties. A line nobody recognizes continues the current format (continuation lines, table rows,
 * the inside of a multi-line document); before any format is chosen such lines wait, up to a bound, so a document
 * whose second line is the telling one (`"resourceLogs": [`) is still recognized from its first. Lines never
 * recognized go to `fallback` when they look like JSON (so broken JSON is reported as such), else are diagnosed.
 */
class AutoSession implements ParseSession {
  private current: Current | null = null;
  private pending: SourceLine[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly order: readonly Format[],
    private readonly fallback: Format,
    private readonly context: ParseContext,
  ) {}

  push(line: SourceLine): ParsedRecord[] {
    const current = this.current;
    // The current format keeps what it recognizes or is in the middle of: the common case costs one detect call.
    if (current && (current.session.inRecord?.() || current.format.detect(line.text))) {
      return this.tag(current, current.session.push(line));
    }
    const detected = this.order.find((f) => f.detect(line.text));
    if (this.current) {
      if (!detected) return this.tag(this.current, this.current.session.push(line));
      const out = this.finishCurrent();
      this.current = this.start(detected);
      return [...out, ...this.tag(this.current, this.current.session.push(line))];
    }
    if (!detected) {
      this.pending.push(line);
      this.pendingBytes += line.text.length;
      return this.pending.length >= MAX_PENDING_LINES || this.pendingBytes >= MAX_PENDING_BYTES
        ? this.releasePending()
        : [];
    }
    this.current = this.start(detected);
    const held = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const out: ParsedRecord[] = [];
    for (const l of [...held, line]) out.push(...this.current.session.push(l));
    return this.tag(this.current, out);
  }

  end(): ParsedRecord[] {
    return [...this.releasePending(), ...this.finishCurrent()];
  }

  private start(format: Format): Current {
    return { format, session: format.open(this.context) };
  }

  private finishCurrent(): ParsedRecord[] {
    if (!this.current) return [];
    const c = this.current;
    this.current = null;
    return this.tag(c, c.session.end());
  }

  /** Lines no format claimed: JSON-looking text goes to the fallback (as one document), the rest is diagnosed. */
  private releasePending(): ParsedRecord[] {
    const held = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (held.length === 0) return [];
    const first = held[0] as SourceLine;
    if (/^\s*[[{]/.test(first.text)) {
      const fb = this.start(this.fallback);
      const text = held.map((l) => l.text).join("\n");
      return this.tag(fb, [...fb.session.push({ line: first.line, text }), ...fb.session.end()]);
    }
    const tried = this.order.map((f) => f.name).join(", ");
    return held.map((l) => ({
      ok: false,
      line: l.line,
      raw: l.text,
      code: "unknown_format",
      message: `no known format recognized this line (tried ${tried}); pass format=NAME if you know it`,
      format: "auto",
    }));
  }

  private tag(c: Current, records: ParsedRecord[]): ParsedRecord[] {
    return records.map((r) => (r.format ? r : { ...r, format: c.format.name }));
  }
}

/** The `auto` format over `order` (most specific first); `fallback` takes unrecognized JSON-looking input. */
export function autoFormat(order: readonly Format[], fallback: Format): Format {
  return {
    name: "auto",
    description:
      "Detects the format line by line (the default). The chosen format is recorded as the event's source_type.",
    examples: [],
    detect: (line) => order.some((f) => f.detect(line)),
    open: (context) => new AutoSession(order, fallback, context),
  };
}
