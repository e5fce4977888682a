// Value conversion of a JSON mapping: types (number, int, string, timestamp, shape, hash, json) and units to ms/ratio.
import { describeType, localToEpochMs, parseTimestamp } from "../../core/time.js";
import { hashJson } from "../common/hashing.js";
import type { ParseContext } from "../types.js";

export const VALUE_TYPES = ["number", "int", "string", "timestamp", "shape", "hash", "json"] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** Durations convert to milliseconds; `ratio` and `percent` convert a confidence to 0..1. */
export const UNITS = ["s", "ms", "us", "ns", "ratio", "percent"] as const;
export type Unit = (typeof UNITS)[number];

export const DURATION_UNITS: ReadonlySet<Unit> = new Set(["s", "ms", "us", "ns"]);

const TO_MS: Readonly<Record<Unit, number>> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6, ratio: 1, percent: 0.01 };

export interface Conversion {
  readonly type: ValueType;
  readonly unit?: Unit | undefined;
  readonly scale?: number | undefined;
}

export type Converted =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

function shown(value: unknown): string {
  const text = typeof value === "string" ? ` ${JSON.stringify(value.slice(0, 40))}` : "";
  return `${describeType(value)}${text}`;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function numeric(value: unknown, c: Conversion): Converted {
  const n = toNumber(value);
  if (n === null) return { ok: false, message: `expected a number, got ${shown(value)}` };
  let v = n * (c.scale ?? 1);
  if (c.unit) v *= TO_MS[c.unit];
  if (c.type === "int") {
    // Scaling by a decimal factor leaves float dust (0.29 * 100 = 28.999999999999996).
    const r = Math.round(v);
    if (Math.abs(v - r) > 1e-9 * Math.max(1, Math.abs(v)))
      return { ok: false, message: `expected an integer, got ${v}` };
    v = r;
  }
  return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, message: `${shown(value)} is out of range` };
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/** An ISO date-time without an offset, read as wall-clock time in the context's zone; null when it has one. */
function localIso(s: string, context: ParseContext): Converted | null {
  const m = LOCAL_ISO.exec(s);
  if (!m) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  const millisecond = Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `is not a valid date-time: ${JSON.stringify(s)}` };
  }
  return { ok: true, value: localToEpochMs({ year, month, day, hour, minute, second, millisecond }, context.timeZone) };
}

function timestamp(value: unknown, c: Conversion, context: ParseContext): Converted {
  const n = toNumber(value);
  if (n !== null && c.unit) {
    // A declared unit beats the magnitude rule, which cannot tell early-epoch seconds from milliseconds.
    return { ok: true, value: Math.round(n * TO_MS[c.unit]) };
  }
  if (typeof value === "string") {
    const local = localIso(value.trim(), context);
    if (local) return local;
  }
  const t = parseTimestamp(value);
  return t.ok ? { ok: true, value: t.ms } : { ok: false, message: t.message };
}

/** Shape written as an array (`[1, 3, 224, 224]`), `1x3x224x224`, or a Python repr (`torch.Size([1, 3, 224])`). */
function shape(value: unknown): Converted {
  let dims: number[] | null = null;
  if (Array.isArray(value) && value.length > 0 && value.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    dims = value as number[];
  } else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    dims = [value];
  } else if (typeof value === "string") {
    const s = value.trim();
    if (/^\d{1,12}(?:x\d{1,12}){0,31}$/.test(s)) return { ok: true, value: s };
    // `(1, 3, 224)`, `[1, 3]`, `torch.Size([1, 3])`, `TensorShape([1, 3])`: a constructor name, brackets, integers.
    const inner = /^[A-Za-z_.]{0,40}\(?\[?\s*(\d{1,12}(?:\s*,\s*\d{1,12}){0,31})\s*,?\s*\]?\)?$/.exec(s);
    if (inner) dims = (inner[1] as string).split(",").map((d) => Number(d.trim()));
  }
  if (!dims) return { ok: false, message: `expected a shape (an array of non-negative integers), got ${shown(value)}` };
  return { ok: true, value: dims.join("x") };
}

function text(value: unknown): Converted {
  if (typeof value === "string") return { ok: true, value };
  if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
  return { ok: true, value: JSON.stringify(value) };
}

/** Converts one present (non-null) source value. Never throws. */
export function convert(value: unknown, c: Conversion, context: ParseContext): Converted {
  switch (c.type) {
    case "number":
    case "int":
      return numeric(value, c);
    case "string":
      return text(value);
    case "timestamp":
      return timestamp(value, c, context);
    case "shape":
      return shape(value);
    case "hash":
      return { ok: true, value: hashJson(value) };
    case "json":
      return { ok: true, value };
  }
}
