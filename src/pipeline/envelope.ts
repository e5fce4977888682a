// Merges a shipper's envelope (the fields around a log line) into the record a parser read from that line.
import { FIELD_ALIASES } from "../core/fields.js";

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
