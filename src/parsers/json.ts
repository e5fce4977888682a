// `json`: one JSON object per line, already in (or close to) the normalized event model.
import { describeType } from "../core/time.js";
import { type LineResult, lineFormat } from "./types.js";

/** Accepts an already-parsed JSON value as a record when it is an object. */
export function asRecord(value: unknown): LineResult {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, code: "not_an_object", message: `expected a JSON object, got ${describeType(value)}` };
  }
  return { ok: true, record: value as Record<string, unknown> };
}

export function parseJsonObject(line: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { ok: false, code: "invalid_json", message: `invalid JSON: ${(e as Error).message}` };
  }
  return asRecord(value);
}

export const jsonFormat = lineFormat({
  name: "json",
  description: "Normalized events as JSON objects (field names of docs/fields.md, or their OTel/ECS names).",
  examples: [
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
  ],
  // A whole object on one line: a lone `{` may open a pretty-printed document of a more specific format.
  detect: (line) => {
    const t = line.trim();
    return t.startsWith("{") && t.endsWith("}");
  },
  parse: parseJsonObject,
});
