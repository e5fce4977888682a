// Typed reads of values out of foreign JSON (logs, reports, bodies): nothing outside is trusted to have its shape.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** A string with more than white space in it; numbers are not strings here (ids that may be numbers: `asId`). */
export function asString(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** A non-empty string (white space counts as text), or undefined. */
export function asText(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** A string or a finite number, as a string: ids and labels arrive as either. */
export function asId(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return asString(v);
}

/** A finite number, also from a numeric string (OTel attributes and many exporters quote their numbers). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** A non-negative integer count (tokens, lengths). */
export function asCount(v: unknown): number | undefined {
  const n = asNumber(v);
  return n !== undefined && n >= 0 && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Decodes JSON that was stored as a string (LiteLLM `metadata`, Langfuse `input`), also when encoded twice (a JSON
 * string whose content is JSON text): returns the decoded value, or the value unchanged when it is not JSON text.
 */
export function decodeJsonString(v: unknown): unknown {
  let cur = v;
  for (let round = 0; round < 3 && typeof cur === "string"; round++) {
    const t = cur.trim();
    if (!(t.startsWith("{") || t.startsWith("[") || t.startsWith('"'))) break;
    try {
      cur = JSON.parse(t);
    } catch {
      break;
    }
  }
  return cur;
}
