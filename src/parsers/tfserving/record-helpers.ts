// Small helpers for building records: unset fields dropped, checked wall-clock times, bounded messages.
import { inferYear, localToEpochMs, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from "../../core/time.js";
import type { LineResult, ParseContext } from "../types.js";

/**
 * Messages are cut here so a record with a long stack trace or table still fits the store's per-field limit
 * (`limits.max_field_bytes`, 64 KiB by default: 16k UTF-16 units are at most 48 KiB of UTF-8). `raw` keeps it all.
 */
export const MAX_MESSAGE_CHARS = 16_000;

/** The record without its undefined fields. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

export function ok(fields: Record<string, unknown>): LineResult {
  return { ok: true, record: compact(fields) };
}

/** Text cut to MAX_MESSAGE_CHARS, for free-text attributes (error messages) that share the field limit. */
export function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** A message no longer than MAX_MESSAGE_CHARS, and whether it was cut. */
export function boundedMessage(text: string): { message: string; message_truncated?: true } {
  return text.length > MAX_MESSAGE_CHARS
    ? { message: `${text.slice(0, MAX_MESSAGE_CHARS)}…`, message_truncated: true }
    : { message: text };
}

export type TimeResult = { ok: true; ms: number } | { ok: false; message: string };

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
): TimeResult {
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

/**
 * For records whose source carries no time of its own (REST bodies, steady-clock traces, metric documents): the
 * context's reference time (file time, else ingest time), flagged so queries can tell it from a logged time.
 */
export function referenceTime(context: ParseContext): { timestamp: number; timestamp_source: "reference_time" } {
  return { timestamp: context.referenceTime, timestamp_source: "reference_time" };
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

/** glog's severity letters (TF Serving, Triton, gRPC); Triton's verbose lines are `I`, older builds wrote `V`. */
export function severityFromLetter(letter: string): string {
  switch (letter) {
    case "W":
      return "warn";
    case "E":
      return "error";
    case "F":
      return "fatal";
    case "V":
      return "debug";
    default:
      return "info";
  }
}
