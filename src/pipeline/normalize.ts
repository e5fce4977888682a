// Turns one parsed record (a JSON object) into a normalized event, or into a rejection that names the problem.
import type { ErrorCode } from "../core/errors.js";
import { FIELD_ALIASES, FIELDS, type FieldDef, type InferEvent, SYSTEM_FIELDS } from "../core/fields.js";
import { newEventId } from "../core/ids.js";
import type { Limits } from "../core/limits.js";
import { describeType, parseTimestamp } from "../core/time.js";

export interface NormalizeContext {
  readonly sourceId: string;
  readonly sourceType: string;
  readonly observedAt: number;
  readonly limits: Limits;
  readonly keepRaw: boolean;
}

export interface Rejection {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Normalized = { ok: true; event: InferEvent } | ({ ok: false } & Rejection);

const SEVERITY_SYNONYMS: Record<string, string> = {
  warning: "warn",
  err: "error",
  critical: "fatal",
  crit: "fatal",
  emerg: "fatal",
  emergency: "fatal",
  alert: "fatal",
  notice: "info",
  information: "info",
  informational: "info",
};

const EMPTY_EVENT: Record<string, null> = Object.fromEntries(FIELDS.map((f) => [f.name, null]));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function reject(code: ErrorCode, message: string): Normalized {
  return { ok: false, code, message };
}

/** UTF-8 length exceeds `max`? Cheap for the common short string: UTF-8 bytes lie between 1x and 3x UTF-16 units. */
function tooLong(s: string, max: number): boolean {
  if (s.length * 3 <= max) return false;
  if (s.length > max) return true;
  return Buffer.byteLength(s, "utf8") > max;
}

/** Walks a nested value checking depth, total field count and string lengths; returns a rejection or null. */
function checkNested(
  value: unknown,
  path: string,
  depth: number,
  limits: Limits,
  budget: { fields: number },
): Rejection | null {
  if (typeof value === "string") {
    return tooLong(value, limits.maxFieldBytes)
      ? {
          code: "field_too_long",
          message: `field '${path}' is longer than ${limits.maxFieldBytes} bytes (limits.max_field_bytes)`,
        }
      : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (depth > limits.maxDepth) {
    return {
      code: "too_deep",
      message: `field '${path}' nests deeper than ${limits.maxDepth} levels (limits.max_depth)`,
    };
  }
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [k, v] of entries) {
    if (--budget.fields < 0) {
      return { code: "too_many_fields", message: `event has more than ${limits.maxFields} fields (limits.max_fields)` };
    }
    const bad = checkNested(v, `${path}.${k}`, depth + 1, limits, budget);
    if (bad) return bad;
  }
  return null;
}

function coerce(f: FieldDef, v: unknown, limits: Limits): { value: string | number } | Rejection {
  const typeError = (expected: string): Rejection => ({
    code: "invalid_field_type",
    message: `field '${f.name}' must be ${expected}, got ${describeType(v)}${typeof v === "string" ? ` ${JSON.stringify(v.slice(0, 40))}` : ""}`,
  });
  switch (f.type) {
    case "int":
    case "float": {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) return typeError(f.type === "int" ? "an integer" : "a number");
      if (f.type === "int" && !Number.isSafeInteger(n)) return typeError("an integer");
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) {
        return {
          code: "invalid_field_value",
          message: `field '${f.name}' is ${n}, outside ${f.min ?? "-inf"}..${f.max ?? "+inf"}`,
        };
      }
      return { value: n };
    }
    case "keyword":
    case "text": {
      let s: string;
      if (typeof v === "string") s = v;
      else if (typeof v === "number" && Number.isFinite(v)) s = String(v);
      else return typeError("a string");
      if (tooLong(s, limits.maxFieldBytes)) {
        return {
          code: "field_too_long",
          message: `field '${f.name}' is longer than ${limits.maxFieldBytes} bytes (limits.max_field_bytes)`,
        };
      }
      if (f.values) {
        const lower = s.toLowerCase();
        const canon = f.name === "severity" ? (SEVERITY_SYNONYMS[lower] ?? lower) : lower;
        if (!f.values.includes(canon)) {
          return {
            code: "invalid_field_value",
            message: `field '${f.name}' is ${JSON.stringify(s.slice(0, 40))}; allowed: ${f.values.join(", ")}`,
          };
        }
        s = canon;
      }
      return { value: s };
    }
    case "json":
      return { value: JSON.stringify(v) };
    case "timestamp": {
      const t = parseTimestamp(v);
      return t.ok ? { value: t.ms } : { code: "invalid_timestamp", message: `field '${f.name}' ${t.message}` };
    }
    case "bool":
      return typeof v === "boolean" ? { value: v ? "true" : "false" } : typeError("a boolean");
  }
}

/** Normalizes one record. `raw` is the original text (kept in the `raw` column when `keepRaw`). */
export function normalizeRecord(record: Record<string, unknown>, raw: string, ctx: NormalizeContext): Normalized {
  const limits = ctx.limits;
  const out: Record<string, unknown> = { ...EMPTY_EVENT };
  const givenAttrs = record.attributes;
  const attrs: Record<string, unknown> = isPlainObject(givenAttrs) ? { ...givenAttrs } : {};
  // A non-object `attributes` is kept under its own name rather than lost.
  if (givenAttrs !== undefined && givenAttrs !== null && !isPlainObject(givenAttrs)) attrs.attributes = givenAttrs;
  let fieldCount = 0;
  for (const key in record) {
    if (key === "attributes") continue;
    if (++fieldCount > limits.maxFields) {
      return reject("too_many_fields", `event has more than ${limits.maxFields} fields (limits.max_fields)`);
    }
    const v = record[key];
    const f = FIELD_ALIASES.get(key);
    if (f === undefined || SYSTEM_FIELDS.has(f.name) || f.name === "attributes") {
      attrs[key] = v;
      continue;
    }
    if (v === null || v === undefined) continue;
    const c = coerce(f, v, limits);
    if ("code" in c) return { ok: false, ...c };
    if (f.type === "json") {
      const bad = checkNested(v, f.name, 1, limits, { fields: limits.maxFields - fieldCount });
      if (bad) return { ok: false, ...bad };
    }
    out[f.name] = c.value;
  }
  if (out.timestamp === null) {
    return reject(
      "missing_timestamp",
      "missing required field 'timestamp' (epoch number or ISO 8601 string; '@timestamp' also accepted)",
    );
  }
  const attrKeys = Object.keys(attrs);
  if (attrKeys.length > 0) {
    const bad = checkNested(attrs, "attributes", 1, limits, { fields: limits.maxFields - fieldCount });
    if (bad) return { ok: false, ...bad };
    out.attributes = JSON.stringify(attrs);
  }
  out.observed_timestamp = ctx.observedAt;
  out.event_id ??= newEventId();
  out.event_kind ??= "log";
  out.source_type = ctx.sourceType;
  out.source_id ??= ctx.sourceId;
  out.raw = ctx.keepRaw ? raw : null;
  return { ok: true, event: out as InferEvent };
}
