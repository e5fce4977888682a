// Building records: unset fields dropped, free text bounded to the store's field limit, the reference time.
import type { LineResult, ParseContext } from "../types.js";

/**
 * Longest free text kept in one field, in UTF-16 units: three bytes each at worst stays under the store's default
 * 64 KiB field limit (`limits.max_field_bytes`), so a long prompt, stack trace or table is clipped instead of
 * rejected. `raw` keeps it all.
 */
export const MAX_FIELD_CHARS = 16_000;

/** The fields without their undefined entries, so absent values never reach a record as keys. */
export function compact<T>(fields: Readonly<Record<string, T | undefined>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

/** The entries whose value is present: not undefined, null or "". */
export function compactPresent(entries: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries)) {
    if (v !== undefined && v !== null && v !== "") out[k] = v;
  }
  return out;
}

/** A parsed record of `fields` (without their undefined entries). */
export function ok(fields: Record<string, unknown>): LineResult {
  return { ok: true, record: compact(fields) };
}

/** Text cut to MAX_FIELD_CHARS, for free-text attributes (error messages) that share the field limit. */
export function clip(text: string): string {
  return text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS)}…` : text;
}

/** A message no longer than MAX_FIELD_CHARS, and whether it was cut. */
export function boundedMessage(text: string): { message: string; message_truncated?: true } {
  return text.length > MAX_FIELD_CHARS
    ? { message: `${text.slice(0, MAX_FIELD_CHARS)}…`, message_truncated: true }
    : { message: text };
}

/** Sets `key` to the text (clipped) and, when clipped, `<key>_truncated` and `<key>_chars` (the full length). */
export function putText(record: Record<string, unknown>, key: string, text: string | undefined): void {
  if (text === undefined || text === "") return;
  if (text.length <= MAX_FIELD_CHARS) {
    record[key] = text;
    return;
  }
  record[key] = text.slice(0, MAX_FIELD_CHARS);
  record[`${key}_truncated`] = true;
  record[`${key}_chars`] = text.length;
}

/**
 * For records whose source carries no time of its own (REST bodies, steady-clock traces, metric documents): the
 * context's reference time (file time, else ingest time), flagged so queries can tell it from a logged time.
 */
export function referenceTime(context: ParseContext): { timestamp: number; timestamp_source: "reference_time" } {
  return { timestamp: context.referenceTime, timestamp_source: "reference_time" };
}

/** Turns `CamelCase`, `Title Case` or `kebab-case` into `snake_case` (field names from foreign keys). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}
