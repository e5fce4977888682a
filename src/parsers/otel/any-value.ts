// Decoding OTLP/JSON values: AnyValue, int64 (string, number or protobufjs Long), nanosecond times and byte ids.
import { isObject } from "../common/json-values.js";

/**
 * An int64 as OTLP/JSON writes it (a decimal string), as a plain number, or as the `{low, high, unsigned}` Long
 * that JSON.stringify makes of a protobufjs-decoded message. BigInt keeps nanosecond times exact.
 */
export function toBigInt(v: unknown): bigint | null {
  try {
    if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
    if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
    if (isObject(v) && typeof v.low === "number" && typeof v.high === "number") {
      const high = v.unsigned === true ? BigInt(v.high >>> 0) : BigInt(v.high | 0);
      return (high << 32n) + BigInt(v.low >>> 0);
    }
  } catch {
    return null;
  }
  return null;
}

/** An int64 value as a number when it fits exactly, else as its decimal string (never a silently rounded number). */
export function int64Value(v: unknown): number | string | null {
  const b = toBigInt(v);
  if (b === null) return typeof v === "string" ? v : null;
  const n = Number(b);
  return Number.isSafeInteger(n) ? n : b.toString();
}

/** Nanoseconds since the epoch → integer ms; null for absent or zero (OTLP's "unknown"). */
export function nanosToMs(v: unknown): number | null {
  const b = toBigInt(v);
  if (b === null || b <= 0n) return null;
  return Number(b / 1_000_000n);
}

/** Difference of two nanosecond times in (fractional) ms, exact to the nanosecond. */
export function nanosDiffMs(start: unknown, end: unknown): number | null {
  const s = toBigInt(start);
  const e = toBigInt(end);
  if (s === null || e === null || s <= 0n || e < s) return null;
  return Number(e - s) / 1e6;
}

const HEX_ID = /^[0-9a-fA-F]+$/;
const BASE64_ID = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A trace or span id as lower-case hex. OTLP/JSON writes hex; generic proto3 JSON encoders write base64, and a
 * stringified protobufjs message a `{type: "Buffer", data: [...]}`: all three occur in the wild. Empty or
 * all-zero ids mean "none".
 */
export function idToHex(v: unknown, bytes: 8 | 16): string | null {
  let hex: string | null = null;
  if (typeof v === "string") {
    const s = v.trim();
    if (s.length === bytes * 2 && HEX_ID.test(s)) hex = s.toLowerCase();
    else if (s.length === Math.ceil(bytes / 3) * 4 && BASE64_ID.test(s)) {
      const buf = Buffer.from(s, "base64");
      if (buf.length === bytes) hex = buf.toString("hex");
    }
  } else if (isObject(v) && v.type === "Buffer" && Array.isArray(v.data)) {
    const data = v.data as unknown[];
    if (
      data.length === bytes &&
      data.every((b) => typeof b === "number" && b >= 0 && b <= 255 && Number.isInteger(b))
    ) {
      hex = Buffer.from(data as number[]).toString("hex");
    }
  }
  if (hex === null || /^0+$/.test(hex)) return null;
  return hex;
}

/** Decodes an OTLP AnyValue into plain JSON; values in other shapes are kept as they are. */
export function anyValue(v: unknown): unknown {
  if (!isObject(v)) return v ?? null;
  if ("stringValue" in v) return v.stringValue ?? "";
  if ("boolValue" in v) return v.boolValue === true || v.boolValue === "true";
  if ("intValue" in v) return int64Value(v.intValue);
  if ("doubleValue" in v) {
    const d = v.doubleValue;
    // proto3 JSON writes non-finite doubles as strings ("NaN", "Infinity"): keep those as written.
    return typeof d === "string" && Number.isFinite(Number(d)) ? Number(d) : (d ?? null);
  }
  if ("arrayValue" in v) {
    const values = isObject(v.arrayValue) ? v.arrayValue.values : undefined;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if ("kvlistValue" in v) {
    const values = isObject(v.kvlistValue) ? v.kvlistValue.values : undefined;
    return keyValues(values);
  }
  if ("bytesValue" in v) return v.bytesValue ?? null;
  if (Object.keys(v).length === 0) return null;
  return v;
}

/** An OTLP `KeyValue[]` list as a plain object (later duplicates win, as in the SDKs). */
export function keyValues(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv.key === "string") out[kv.key] = anyValue(kv.value);
  }
  return out;
}
