// The formats InferWatch can read, by name. New formats register here; auto-detection will live beside it.
import { jsonFormat } from "./json.js";
import type { Format } from "./types.js";

const FORMATS: ReadonlyMap<string, Format> = new Map([[jsonFormat.name, jsonFormat]]);

export function findFormat(name: string): Format | undefined {
  return FORMATS.get(name);
}

export function formatNames(): string[] {
  return [...FORMATS.keys()];
}
