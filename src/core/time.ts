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

/** The parts of a wall-clock time written without an offset. `month` is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (positive east of Greenwich). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * Epoch ms of a wall-clock time in `timeZone` (an IANA name; `UTC` is fast). Around a DST change the earlier of two
 * readings wins, and a time skipped by the change is taken with the offset before it.
 */
export function localToEpochMs(t: LocalDateTime, timeZone: string): number {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
  if (timeZone === "UTC") return asUtc;
  // Two rounds converge for every real zone: the offset at the guess, then at the corrected instant.
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  return asUtc - zoneOffsetMs(first, timeZone);
}

/**
 * The year of a date written without one (Triton's `I0907 ...`, syslog): the year that puts it closest to, and not
 * more than a day after, `referenceMs` (when the line was written, or received). So a December line read in January
 * belongs to the previous year.
 */
export function inferYear(month: number, day: number, referenceMs: number): number {
  const refYear = new Date(referenceMs).getUTCFullYear();
  const candidate = Date.UTC(refYear, month - 1, day);
  return candidate > referenceMs + 86_400_000 ? refYear - 1 : refYear;
}
