// Reading times as sources write them: wall-clock times without an offset, epoch numbers, sub-millisecond instants.
import {
  inferYear,
  localToEpochMs,
  MAX_TIMESTAMP_MS,
  MIN_TIMESTAMP_MS,
  parseTimestamp,
  type TimeParse,
} from "../../core/time.js";

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * Epoch ms of a wall-clock time written without an offset, in `timeZone` (`UTC` for sources that log UTC).
 * Out-of-range parts (month 13, 25:00, February 30) are refused instead of rolling over into another date.
 */
export function wallClockMs(
  p: { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number },
  timeZone: string,
): TimeParse {
  const maxDay = p.month === 2 && !isLeapYear(p.year) ? 28 : (DAYS_IN_MONTH[p.month - 1] ?? 0);
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > maxDay || p.hour > 23 || p.minute > 59 || p.second > 60) {
    const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
    return {
      ok: false,
      message: `no such date-time: ${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    };
  }
  // Checked before conversion: Date.UTC reads years 0-99 as 1900-1999.
  if (p.year < 1970 || p.year > 2199) return { ok: false, message: `year ${p.year} is out of range (1970-2199)` };
  try {
    // A leap second is read as the last millisecond-precise instant of its minute's 59th second.
    const second = Math.min(p.second, 59);
    const ms = localToEpochMs({ ...p, second }, timeZone);
    if (ms < MIN_TIMESTAMP_MS || ms >= MAX_TIMESTAMP_MS)
      return { ok: false, message: `year ${p.year} is out of range (1970-2199)` };
    return { ok: true, ms };
  } catch (e) {
    return { ok: false, message: `cannot convert time in zone ${JSON.stringify(timeZone)}: ${(e as Error).message}` };
  }
}

/** Milliseconds from a fraction of a second written with any number of digits ("976", "773693", "5"). */
export function fractionToMs(digits: string | undefined): number {
  if (!digits) return 0;
  return Math.floor(Number(`0.${digits}`) * 1000 + 1e-6);
}

/** Epoch seconds (TorchServe, TF Serving `timestamp_secs`) → ms, or undefined when not a plausible number. */
export function epochSecondsToMs(value: unknown): number | undefined {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n >= 7_258_118_400) return undefined;
  return Math.round(n * 1000);
}

/**
 * The year of a month-day written without one (glog's `I0907 17:36:21.254212`): `inferYear` picks the year that puts
 * the date closest to, and at most a day after, the reference time; a February 29 lands on the latest leap year
 * not after that choice, since it cannot belong to any other.
 */
export function yearOf(month: number, day: number, referenceMs: number): number {
  let year = inferYear(month, day, referenceMs);
  if (month === 2 && day === 29) while (!isLeapYear(year)) year--;
  return year;
}

// A date-time without an offset; Python writes up to 6 fraction digits, Panther-normalized Auth0 dates 9.
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/**
 * Parses an event time. A date-time written without an offset is wall-clock time in `timeZone` (Python's
 * `datetime.now()` is local); everything else (offsets, `Z`, epoch numbers) goes through `parseTimestamp`.
 */
export function parseEventTime(value: unknown, timeZone: string): TimeParse {
  if (typeof value !== "string") return parseTimestamp(value);
  const m = NAIVE.exec(value.trim());
  if (!m) return parseTimestamp(value);
  const part = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const millisecond = Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const valid =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute;
  if (!valid || second > 59) return { ok: false, message: `is not a valid date-time: ${JSON.stringify(value)}` };
  const ms = localToEpochMs({ year, month, day, hour, minute, second, millisecond }, timeZone);
  if (ms < MIN_TIMESTAMP_MS || ms >= MAX_TIMESTAMP_MS) {
    return { ok: false, message: `is out of range (${ms} ms is before 1970 or after 2200)` };
  }
  return { ok: true, ms };
}

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at instant `ms` in `timeZone`. */
export function calendarDateIn(ms: number, timeZone: string): CalendarDate {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    dateFormatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  return { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1 };
}

/** How far after the reference time a time-of-day may fall and still be taken as the reference's own day. */
const TIME_OF_DAY_SLACK_MS = 3_600_000;

/**
 * Epoch ms of a time of day written without a date (WildFly's `11:36:09,965`): the reference time's date in
 * `timeZone`, or the day before when that would put the line well after the reference (a line logged at 23:59
 * and read just after midnight).
 */
export function timeOfDayToEpochMs(
  t: { hour: number; minute: number; second: number; millisecond: number },
  referenceMs: number,
  timeZone: string,
): number {
  const d = calendarDateIn(referenceMs, timeZone);
  const sameDay = localToEpochMs({ ...d, ...t }, timeZone);
  if (sameDay <= referenceMs + TIME_OF_DAY_SLACK_MS) return sameDay;
  const prev = new Date(Date.UTC(d.year, d.month - 1, d.day - 1));
  return localToEpochMs(
    { year: prev.getUTCFullYear(), month: prev.getUTCMonth() + 1, day: prev.getUTCDate(), ...t },
    timeZone,
  );
}

/** A point in time: `ms` is the stored timestamp (integer epoch ms, truncated), `frac` the rest of the ms in [0, 1). */
export interface Instant {
  readonly ms: number;
  readonly frac: number;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9})\d*)?)?)?\s*(Z|z|UTC|[+-]\d{2}:?\d{2})?$/;

function inRange(ms: number, frac: number): Instant | undefined {
  if (!Number.isFinite(ms) || ms < MIN_TIMESTAMP_MS || ms >= MAX_TIMESTAMP_MS) return undefined;
  return { ms, frac };
}

function fromNumber(n: number): Instant | undefined {
  // The magnitude rule of epochNumberToMs (seconds, ms, us, ns), without its rounding, so the fraction survives.
  const abs = Math.abs(n);
  const exact = abs < 1e11 ? n * 1000 : abs < 1e14 ? n : abs < 1e17 ? n / 1000 : n / 1e6;
  const ms = Math.floor(exact);
  return inRange(ms, exact - ms);
}

/**
 * Reads an epoch number (any unit) or an RFC 3339 / ISO 8601 date-time. A date-time without an offset is a wall-clock
 * time in `timeZone` (LiteLLM writes naive local datetimes). Returns undefined when it is neither, or out of range.
 */
export function parseInstant(v: unknown, timeZone: string): Instant | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? fromNumber(v) : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return fromNumber(Number(s));
  const m = DATE_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(sec ?? 0),
    millisecond: 0,
  };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31 || parts.hour > 23) return undefined;
  if (parts.minute > 59 || parts.second > 60) return undefined;
  let base: number;
  if (zone === undefined) {
    base = localToEpochMs(parts, timeZone);
  } else {
    base = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    if (zone !== "Z" && zone !== "z" && zone !== "UTC") {
      const sign = zone.startsWith("-") ? -1 : 1;
      const digits = zone.slice(1).replace(":", "");
      base -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
  }
  // Digits are split as milliseconds and the nanoseconds below them: a float of the whole would lose the latter.
  const digits = (frac ?? "").padEnd(9, "0");
  return inRange(base + Number(digits.slice(0, 3)), Number(digits.slice(3)) / 1e6);
}

/** Milliseconds from `start` to `end`, rounded to the nanosecond; undefined when either is unknown or it is negative. */
export function elapsedMs(start: Instant | undefined, end: Instant | undefined): number | undefined {
  if (!start || !end) return undefined;
  const d = Math.round((end.ms - start.ms + (end.frac - start.frac)) * 1e6) / 1e6;
  return d >= 0 ? d : undefined;
}
