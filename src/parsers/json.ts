// `json`: one JSON object per line, already in (or close to) the normalized event model.
import { describeType } from "../core/time.js";
import type { LineParser, ParseResult } from "./types.js";

export function parseJsonObject(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { ok: false, code: "invalid_json", message: `invalid JSON: ${(e as Error).message}` };
  }
  return asRecord(value);
}

/** Accepts an already-parsed JSON value as a record when it is an object. */
export function asRecord(value: unknown): ParseResult {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, code: "not_an_object", message: `expected a JSON object, got ${describeType(value)}` };
  }
  return { ok: true, record: value as Record<string, unknown> };
}

export const jsonParser: LineParser = {
  name: "json",
  description: "Normalized events as JSON objects (field names of docs/fields.md, or their OTel/ECS names).",
  parse: parseJsonObject,
};
