// Custom structured JSON formats: a declarative mapping (source path -> column, type, unit) turned into a Format.
//
// The acceptance example: a TorchServe/FastAPI handler logging
//   {"ts": "2026-03-02T09:15:27.481Z", "model_name": "resnet", "input_tensor_shape": [1,3,224,224],
//    "inference_time_ms": 42.1, "prediction_confidence": 0.93, "request": {"id": "abc"}}
// is read with this configuration (inferwatch.yaml):
//
//   formats:
//     custom:
//       - name: resnet-handler
//         defaults: {event_kind: inference, event_action: predict}
//         fields:
//           timestamp: {path: ts}
//           model_name: {path: model_name}
//           input_shape: {path: input_tensor_shape, type: shape}
//           latency_ms: {path: inference_time_ms, unit: ms}
//           confidence: {path: prediction_confidence, unit: ratio}
//
// Fields the mapping does not name (here `request`) are kept under `attributes`. `preset: fastapi-inference` does
// the same and also maps `request.id` to request_id.
import { InferWatchError } from "../../core/errors.js";
import { hashJson } from "../common/hashing.js";
import { parseJsonObject } from "../json.js";
import { type Format, type LineResult, lineFormat, type ParseContext } from "../types.js";
import { convert } from "./convert.js";
import { firstKey, readPath, removePath } from "./path.js";
import { type CompiledMapping, compileMapping, describeProblems, type MappingSpecInput } from "./spec.js";

/** Numeric arrays with more leaves than this are tensors, not metadata: attributes get their shape and hash. */
const MAX_KEPT_NUMBERS = 16;

/** Shape (`2x3`) of a rectangular array of numbers, or null when it is not one. */
function tensorShape(value: unknown): { shape: string; leaves: number } | null {
  if (typeof value === "number") return { shape: "", leaves: 1 };
  if (!Array.isArray(value) || value.length === 0) return null;
  let inner: { shape: string; leaves: number } | null = null;
  for (const v of value) {
    const s = tensorShape(v);
    if (!s || (inner && s.shape !== inner.shape)) return null;
    inner = s;
  }
  const child = inner as { shape: string; leaves: number };
  return {
    shape: child.shape ? `${value.length}x${child.shape}` : String(value.length),
    leaves: value.length * child.leaves,
  };
}

/** Unmapped top-level values, with raw tensors replaced by their shape and hash. */
function leftovers(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    const t = Array.isArray(v) ? tensorShape(v) : null;
    out[k] = t && t.leaves > MAX_KEPT_NUMBERS ? { tensor_shape: t.shape, tensor_sha256: hashJson(v) } : v;
  }
  return out;
}

function parseWith(mapping: CompiledMapping, line: string, context: ParseContext): LineResult {
  const parsed = parseJsonObject(line);
  if (!parsed.ok) return parsed;
  // The parsed object is ours: consumed values are removed from it and what remains becomes attributes.
  const source = parsed.record;
  const record: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  const consumed: (readonly (string | number)[])[] = [];
  for (const f of mapping.fields) {
    let value: unknown;
    let from: string | undefined;
    for (const p of f.paths) {
      const v = readPath(source, p.steps);
      if (v !== undefined && v !== null) {
        value = v;
        from = p.text;
        consumed.push(p.steps);
        break;
      }
    }
    let result: unknown = f.fallback;
    if (from !== undefined) {
      const c = convert(value, f.conversion, context);
      if (!c.ok) {
        return {
          ok: false,
          code: f.target === "timestamp" ? "invalid_timestamp" : "invalid_field_type",
          message: `field '${f.target}' (from '${from}'): ${c.message}`,
        };
      }
      result = c.value;
    } else if (f.target === "timestamp" && result === null) {
      return {
        ok: false,
        code: "missing_timestamp",
        message: `no time at ${f.paths.map((p) => `'${p.text}'`).join(" or ")} (mapped to timestamp)`,
      };
    }
    if (result === null || result === undefined) continue;
    if (f.target.startsWith("attributes.")) attributes[f.target.slice("attributes.".length)] = result;
    else record[f.target] = result;
  }
  for (const [column, value] of Object.entries(mapping.constants)) if (!(column in record)) record[column] = value;
  for (const steps of consumed) removePath(source, steps);
  const rest = { ...leftovers(source), ...attributes };
  if (Object.keys(rest).length > 0) record.attributes = rest;
  return { ok: true, record };
}

/** `"key"` followed by a colon: the line has that top-level (or any-level) key, checked without parsing. */
function hasKey(line: string, quoted: string): boolean {
  for (let i = line.indexOf(quoted); i >= 0; i = line.indexOf(quoted, i + 1)) {
    let j = i + quoted.length;
    while (line[j] === " " || line[j] === "\t") j++;
    if (line[j] === ":") return true;
  }
  return false;
}

/** A Format from a compiled mapping. */
function formatOf(mapping: CompiledMapping): Format {
  // Each field the line must have (no default) contributes the first keys of its paths; one of them must appear.
  const required = mapping.fields
    .filter((f) => !f.optional)
    .map((f) =>
      [...new Set(f.paths.map((p) => firstKey(p.steps)).filter((k) => k !== undefined))].map((k) => JSON.stringify(k)),
    )
    .filter((keys) => keys.length > 0);
  const detect = (line: string): boolean => {
    const t = line.trimStart();
    return t.startsWith("{") && required.every((keys) => keys.some((k) => hasKey(t, k)));
  };
  const parse = (line: string, context: ParseContext): LineResult => {
    try {
      return parseWith(mapping, line, context);
    } catch (e) {
      return { ok: false, code: "unparseable", message: `mapping failed: ${(e as Error).message}` };
    }
  };
  // A preset's examples stay only if they still parse once the spec has overridden its fields.
  const probe: ParseContext = { timeZone: "UTC", referenceTime: 0 };
  const examples = mapping.presetExamples.filter((l) => detect(l) && parse(l, probe).ok);
  return lineFormat({ name: mapping.name, description: mapping.description, examples, detect, parse });
}

/**
 * The Format of one custom mapping (`name`, `fields`, `defaults`, `preset`). Throws `config_invalid` naming every
 * problem; `customFormats` checks a whole configuration list at once.
 */
export function mappingFormat(spec: MappingSpecInput): Format {
  const c = compileMapping(spec);
  if (!c.ok) {
    const lines = describeProblems(c.problems);
    throw new InferWatchError(
      "config_invalid",
      `custom format has ${lines.length} error${lines.length === 1 ? "" : "s"}:\n${lines.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return formatOf(c.mapping);
}

/**
 * Formats for `formats.custom` of the configuration, in order. Throws one `config_invalid` error listing every
 * problem of every spec (paths such as `formats.custom[1].fields.latency_ms.unit`), duplicate names included.
 */
export function customFormats(specs: readonly unknown[], where = "formats.custom"): Format[] {
  const problems: string[] = [];
  const formats: Format[] = [];
  const names = new Set<string>();
  specs.forEach((spec, i) => {
    const c = compileMapping(spec);
    if (!c.ok) {
      problems.push(...describeProblems(c.problems, [where, i]));
      return;
    }
    if (names.has(c.mapping.name)) {
      problems.push(
        ...describeProblems(
          [{ path: ["name"], message: `${JSON.stringify(c.mapping.name)} is used twice` }],
          [where, i],
        ),
      );
    }
    names.add(c.mapping.name);
    formats.push(formatOf(c.mapping));
  });
  if (problems.length > 0) {
    throw new InferWatchError(
      "config_invalid",
      `configuration has ${problems.length} error${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return formats;
}
