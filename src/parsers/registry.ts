// The formats InferWatch can read, by name. Later parsers register here; auto-detection will live beside it.
import { jsonParser } from "./json.js";
import type { LineParser } from "./types.js";

const PARSERS: ReadonlyMap<string, LineParser> = new Map([[jsonParser.name, jsonParser]]);

export function findParser(name: string): LineParser | undefined {
  return PARSERS.get(name);
}

export function parserNames(): string[] {
  return [...PARSERS.keys()];
}
