// Typed reads of foreign JSON (gateway logs, payload bodies): nothing from outside is trusted to have its shape.
import { createHash } from "node:crypto";

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

/** A non-empty string (after trimming); numbers are not strings here, ids that are numbers go through `asId`. */
export function asString(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** A string or a finite number, as a string: ids and labels arrive as either. */
export function asId(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return asString(v);
}

/** A finite number, also from a numeric string (OTel attributes and some exporters quote their numbers). */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
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

/** Reads `obj.a.b.c` through objects only. */
export function dig(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** JSON with object keys sorted at every level, so equal inputs hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x ?? null)).join(",")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  }
  const s = JSON.stringify(v);
  return s === undefined ? "null" : s;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Hash of a model input: it lets repeated or near-duplicate inputs be counted without storing them. */
export function inputHash(v: unknown): string {
  return sha256Hex(canonicalJson(v));
}

/**
 * Identifier of an API key that never reveals it: a value already shaped like a SHA-256 hex digest (LiteLLM stores
 * hashed keys) is kept so it still joins with the gateway's key table; anything else is hashed.
 */
export function tokenId(secretOrHash: unknown): string | undefined {
  const s = asString(secretOrHash);
  if (s === undefined) return undefined;
  return /^[0-9a-f]{64}$/.test(s) ? s : sha256Hex(s);
}

/**
 * Longest prompt/response text kept, in UTF-16 units: three bytes each at worst stays under the store's default
 * 64 KiB field limit, so a long prompt (exactly the kind detections care about) is clipped instead of rejected.
 */
export const MAX_TEXT_CHARS = 16_000;

/** Sets `key` to the text (clipped) and, when clipped, `<key>_truncated` and `<key>_chars` (the full length). */
export function putText(record: JsonObject, key: string, text: string | undefined): void {
  if (text === undefined || text === "") return;
  if (text.length <= MAX_TEXT_CHARS) {
    record[key] = text;
    return;
  }
  record[key] = text.slice(0, MAX_TEXT_CHARS);
  record[`${key}_truncated`] = true;
  record[`${key}_chars`] = text.length;
}

/** Copies the entries whose value is present (not undefined, null or ""). */
export function compact(entries: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(entries)) {
    if (v !== undefined && v !== null && v !== "") out[k] = v;
  }
  return out;
}
