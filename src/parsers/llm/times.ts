// Event times with their sub-millisecond part kept: latencies between two nanosecond stamps must not lose precision.
import { localToEpochMs, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from "../../core/time.js";

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
