// Time helpers: everything in InferWatch is integer milliseconds since the Unix epoch.

export const MIN_TIMESTAMP_MS = Date.UTC(1970, 0, 1);
export const MAX_TIMESTAMP_MS = Date.UTC(2200, 0, 1);

// RFC 3339 / ISO 8601 with a date, optional time, fraction and offset. Checked before Date.parse, which accepts
// odd strings ("1", "March 7") that would silently become wrong times.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Interprets a number as epoch time by magnitude, the convention shippers follow: below 1e11 seconds, below 1e14
 * milliseconds, below 1e17 microseconds, otherwise nanoseconds. Returns integer milliseconds.
 */
export function epochNumberToMs(n: number): number {
  const abs = Math.abs(n);
  if (abs < 1e11) return Math.round(n * 1000);
  if (abs < 1e14) return Math.round(n);
  if (abs < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

export type TimeParse = { ok: true; ms: number } | { ok: false; message: string };

/** Parses an event time from a number (epoch, any unit) or an ISO 8601 string. */
export function parseTimestamp(value: unknown): TimeParse {
  let ms: number;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, message: "is not a finite number" };
    ms = epochNumberToMs(value);
  } else if (typeof value === "string") {
    const s = value.trim();
    if (s !== "" && /^-?\d+(\.\d+)?$/.test(s)) {
      ms = epochNumberToMs(Number(s));
    } else if (ISO_8601.test(s)) {
      // A date-time without an offset is taken as UTC, not as the server's local time.
      const withZone = /[Zz]|[+-]\d{2}:?\d{2}$/.test(s) || !s.includes(":") ? s : `${s}Z`;
      ms = Date.parse(withZone.replace(" ", "T").replace(",", "."));
      if (Number.isNaN(ms)) return { ok: false, message: `is not a valid date-time: ${JSON.stringify(s)}` };
    } else {
      return { ok: false, message: `is not an ISO 8601 date-time or epoch number: ${JSON.stringify(s.slice(0, 64))}` };
    }
  } else {
    return { ok: false, message: `must be a number or an ISO 8601 string, got ${describeType(value)}` };
  }
  if (ms < MIN_TIMESTAMP_MS || ms >= MAX_TIMESTAMP_MS) {
    return { ok: false, message: `is out of range (${ms} ms is before 1970 or after 2200)` };
  }
  return { ok: true, ms };
}

/** JSON type name for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
