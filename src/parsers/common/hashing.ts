// Digests and sizes of values: inputs are counted and compared by hash, never stored; secrets are never revealed.
import { createHash } from "node:crypto";
import { asString, isObject } from "./json-values.js";

/** JSON with object keys sorted at every level, so equal values hash equally whatever their key order. */
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

/** sha256 (hex) of the canonical JSON of a value: the `input_hash` of a model input, a tensor's digest. */
export function hashJson(v: unknown): string {
  return sha256Hex(canonicalJson(v));
}

/** UTF-8 byte length of a string. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
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
