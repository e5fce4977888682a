// Reads the SigmaHQ regression corpus from ../shared/sigma (not redistributed) and maps its Windows event dumps to
// flat records as its SOURCES.md describes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/process.js";

export const CORPUS = join(ROOT, "../shared/sigma/sigmahq-regression");

export interface CorpusCase {
  readonly rule_id: string;
  readonly rule_path: string;
  readonly rule_title: string;
  readonly events_json: string;
  readonly events_in_file: number;
  readonly expected_match_count: number | null;
}

export function corpusCases(): CorpusCase[] {
  return JSON.parse(readFileSync(join(CORPUS, "manifest.json"), "utf8")) as CorpusCase[];
}

/** evtx_dump output: pretty-printed JSON objects one after another (not an array, not NDJSON). */
export function splitJsonObjects(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * `Event.System.X` → `X`, `Event.System.X.#attributes.Y` → `X_Y`, `Event.EventData.X` → `X` with spaces removed from
 * the name (the spec's field-usage rule), and `Event.UserData.<Element>.X` → `X` likewise.
 */
export function flattenWindowsEvent(dump: unknown): Obj {
  const out: Obj = {};
  const ev = isObj(dump) && isObj(dump.Event) ? dump.Event : {};
  const sys = isObj(ev.System) ? ev.System : {};
  for (const [k, v] of Object.entries(sys)) {
    if (isObj(v)) {
      const attrs = isObj(v["#attributes"]) ? v["#attributes"] : {};
      for (const [a, av] of Object.entries(attrs)) out[`${k}_${a}`] = av;
      if ("#text" in v) out[k] = v["#text"];
    } else out[k] = v;
  }
  const put = (data: Obj) => {
    for (const [k, v] of Object.entries(data)) if (k !== "#attributes") out[k.replace(/ /g, "")] = v;
  };
  if (isObj(ev.EventData)) put(ev.EventData);
  // UserData wraps its fields in one provider-named element (e.g. WMI's `Operation_ClientFailure`)
  if (isObj(ev.UserData)) for (const inner of Object.values(ev.UserData)) if (isObj(inner)) put(inner);
  return out;
}

export function corpusEvents(c: CorpusCase): Obj[] {
  return splitJsonObjects(readFileSync(join(CORPUS, c.events_json), "utf8")).map(flattenWindowsEvent);
}

export function corpusRuleText(c: CorpusCase): string {
  return readFileSync(join(CORPUS, c.rule_path), "utf8");
}
