// Merges a shipper's envelope (the fields around a log line) into the record a parser read from that line.
import { FIELD_ALIASES } from "../core/fields.js";
import type { ParsedRecord } from "../parsers/types.js";
import type { Envelope } from "./body.js";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The column a key lands in (through its OTel/ECS alias), or the key itself when it is not a column. */
function columnOf(key: string): string {
  return FIELD_ALIASES.get(key)?.name ?? key;
}

/**
 * The record with the envelope's fields added where the record does not set the same column (under any alias):
 * what the line itself says wins, so a TorchServe line's own timestamp beats the shipper's `@timestamp`. The two
 * `attributes` objects are merged the same way.
 */
export function mergeEnvelope(
  record: Readonly<Record<string, unknown>>,
  envelope: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  const taken = new Set<string>();
  for (const key of Object.keys(record))
    if (record[key] !== null && record[key] !== undefined) taken.add(columnOf(key));
  for (const [key, value] of Object.entries(envelope)) {
    if (key === "attributes") continue;
    const column = columnOf(key);
    if (taken.has(column)) continue;
    taken.add(column);
    out[key] = value;
  }
  const extra = envelope.attributes;
  if (isPlainObject(extra)) {
    const own = record.attributes;
    out.attributes = isPlainObject(own)
      ? { ...extra, ...own }
      : own === undefined
        ? { ...extra }
        : { ...extra, attributes: own };
  }
  return out;
}

/** Parse failures that mean "no format knows this line" rather than "a known format found it broken". */
export function unrecognized(r: ParsedRecord): boolean {
  if (r.ok) return false;
  return (
    r.code === "unknown_format" || (r.format === "json" && (r.code === "invalid_json" || r.code === "not_an_object"))
  );
}

/** A log entry no format recognized: its text is the message, the envelope says the rest. */
export function plainEntry(line: number, text: string, envelope: Envelope): ParsedRecord {
  return { ok: true, line, raw: text, format: envelope.format, record: { ...envelope.record, message: text } };
}

/** Applies a shipper's envelope to a record parsed from its line (see `Envelope`). */
export function withEnvelope(r: ParsedRecord, envelope: Envelope): ParsedRecord {
  if (unrecognized(r)) return plainEntry(r.line, r.raw, envelope);
  if (!r.ok) return r;
  return { ...r, record: mergeEnvelope(r.record, envelope.record) };
}
