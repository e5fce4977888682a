// Times as reports and logs write them: ISO strings with or without an offset, Python `str(datetime)`, epochs.
import { localToEpochMs, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, parseTimestamp, type TimeParse } from "../../core/time.js";

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
