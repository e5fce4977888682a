// Places flattened OTel attributes: names that alias a column (k8s.pod.name, host.name...) become that column when
// the value fits it; everything else is kept under its own name in `attributes`.

import { FIELD_ALIASES, type FieldDef } from "../../core/fields.js";
import { asObject } from "../common/json-values.js";

/**
 * Columns an attribute may never set: the event's own time, identity and bookkeeping belong to the parser and to
 * InferWatch, not to whatever key a producer happened to attach.
 */
const RESERVED = new Set([
  "timestamp",
  "observed_timestamp",
  "event_id",
  "event_kind",
  "source_type",
  "source_id",
  "raw",
  "attributes",
]);

/** The value as the column would store it, or undefined when it does not fit (it then stays an attribute). */
function fit(f: FieldDef, v: unknown): string | number | undefined {
  switch (f.type) {
    case "keyword":
    case "text": {
      const s = typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
      if (s === undefined || s === "") return undefined;
      if (f.values) return f.values.includes(s.toLowerCase()) ? s.toLowerCase() : undefined;
      return s;
    }
    case "int":
    case "float": {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
      if (!Number.isFinite(n) || (f.type === "int" && !Number.isSafeInteger(n))) return undefined;
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) return undefined;
      return n;
    }
    default:
      return undefined;
  }
}

/**
 * Adds `attrs` to `record`: a column alias fills its column when the parser has not set it and the value fits;
 * anything else (including a second alias of a column already filled) goes to `record.attributes`.
 */
export function placeAttributes(record: Record<string, unknown>, attrs: Record<string, unknown>): void {
  const given = record.attributes;
  const extra: Record<string, unknown> = asObject(given) ?? {};
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    const f = FIELD_ALIASES.get(key);
    if (f && !RESERVED.has(f.name) && record[f.name] === undefined) {
      const v = fit(f, value);
      if (v !== undefined) {
        record[f.name] = v;
        continue;
      }
    }
    extra[key] = value;
  }
  if (Object.keys(extra).length > 0) record.attributes = extra;
}
