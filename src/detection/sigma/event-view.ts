// One event as rules see it: an InferWatch event (columns + `attributes` JSON) or any flat or nested record.

export type SigmaRecord = Readonly<Record<string, unknown>>;

/** Wraps one event for one evaluation pass; parses `attributes` and collects keyword text lazily, at most once. */
export class EventView {
  readonly ev: SigmaRecord;
  private attrs: SigmaRecord | null | undefined = undefined;
  private texts: string[] | undefined = undefined;
  constructor(ev: SigmaRecord) {
    this.ev = ev;
  }

  /** The `attributes` object (parsed from JSON text once), or null. Malformed JSON counts as no attributes. */
  attributes(): SigmaRecord | null {
    if (this.attrs === undefined) {
      const a = this.ev.attributes;
      if (typeof a === "string") {
        try {
          const parsed: unknown = JSON.parse(a);
          this.attrs = isRecord(parsed) ? parsed : null;
        } catch {
          this.attrs = null;
        }
      } else this.attrs = isRecord(a) ? a : null;
    }
    return this.attrs;
  }

  /** Every scalar value of the event as text (columns and attributes, nested), for keyword searches. */
  allText(): readonly string[] {
    if (this.texts === undefined) {
      const out: string[] = [];
      collect(this.ev, out, 0, "attributes");
      const a = this.attributes();
      if (a) collect(a, out, 0, undefined);
      this.texts = out;
    }
    return this.texts;
  }
}

export function isRecord(v: unknown): v is SigmaRecord {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const MAX_KEYWORD_DEPTH = 32;

function collect(v: unknown, out: string[], depth: number, skipKey: string | undefined): void {
  if (depth > MAX_KEYWORD_DEPTH) return;
  if (typeof v === "string") out.push(v);
  else if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) collect(x, out, depth + 1, undefined);
  else if (isRecord(v)) {
    for (const k in v) if (k !== skipKey) collect(v[k], out, depth + 1, undefined);
  }
}
