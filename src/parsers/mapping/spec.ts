// Validation of custom JSON mappings (zod): errors name the bad path and field; presets are merged in here.
import { z } from "zod";
import { FIELD_BY_NAME, FIELDS, type FieldDef, SYSTEM_FIELDS } from "../../core/fields.js";
import type { ParseContext } from "../types.js";
import { type Conversion, convert, DURATION_UNITS, UNITS, type Unit, VALUE_TYPES, type ValueType } from "./convert.js";
import { parsePath, type Step } from "./path.js";
import { type FieldMappingInput, type MappingSpecInput, PRESETS } from "./presets.js";

/** A format name: what users pass as `--format` / `?format=`. */
export const FORMAT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Columns a mapping may fill: every column except those InferWatch owns and `attributes` itself. */
export const MAPPABLE_COLUMNS: readonly string[] = FIELDS.map((f) => f.name).filter(
  (n) => !SYSTEM_FIELDS.has(n) && n !== "attributes",
);
const MAPPABLE: ReadonlySet<string> = new Set(MAPPABLE_COLUMNS);
const ATTRIBUTE_TARGET = /^attributes\.[A-Za-z0-9_.-]{1,64}$/;
const DURATION_COLUMNS: ReadonlySet<string> = new Set(["latency_ms", "queue_ms", "compute_ms", "timestamp"]);
/** Constants and defaults are converted once, when the spec is compiled; only local-time strings use the zone. */
const SPEC_CONTEXT: ParseContext = { timeZone: "UTC", referenceTime: 0 };

/** Conversions each column type accepts; a target under `attributes.` accepts any. */
const TYPES_FOR: Readonly<Record<FieldDef["type"], readonly ValueType[]>> = {
  timestamp: ["timestamp"],
  int: ["int", "number"],
  float: ["number", "int"],
  keyword: ["string", "shape", "hash", "number", "int"],
  text: ["string", "number", "int"],
  json: ["json", "string", "number", "int", "shape", "hash"],
  bool: ["json"],
};

const fieldMappingSchema = z.strictObject({
  path: z.union(
    [z.string().min(1, "must not be empty"), z.array(z.string().min(1, "must not be empty")).min(1).max(8)],
    {
      error: "must be a dotted path such as `request.id` or `outputs[0].label`, or a list of such paths tried in order",
    },
  ),
  type: z.enum(VALUE_TYPES).optional(),
  unit: z.enum(UNITS).optional(),
  default: z.unknown().optional(),
  scale: z.number().optional(),
});

/** One compiled target: where to read, how to convert, and what to use when nothing is there. */
export interface CompiledField {
  readonly target: string;
  readonly paths: readonly { readonly text: string; readonly steps: readonly Step[] }[];
  readonly conversion: Conversion;
  /** With a `default` the source may lack the field; a non-null default is stored converted. */
  readonly optional: boolean;
  readonly fallback: unknown;
}

export interface CompiledMapping {
  readonly name: string;
  readonly description: string;
  readonly fields: readonly CompiledField[];
  /** Constant columns, applied where no mapped field set the column. */
  readonly constants: Readonly<Record<string, unknown>>;
  /** Example lines of the preset, when there is one. */
  readonly presetExamples: readonly string[];
}

export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The conversion a target gets when the mapping names no type. */
function defaultType(target: string): ValueType {
  if (target.startsWith("attributes.")) return "json";
  if (target === "input_shape") return "shape";
  switch ((FIELD_BY_NAME.get(target) as FieldDef).type) {
    case "timestamp":
      return "timestamp";
    case "int":
      return "int";
    case "float":
      return "number";
    case "keyword":
    case "text":
      return "string";
    default:
      return "json";
  }
}

function targetProblem(target: string): string | null {
  if (MAPPABLE.has(target) || ATTRIBUTE_TARGET.test(target)) return null;
  return `unknown target column ${JSON.stringify(target)}; valid targets: ${MAPPABLE_COLUMNS.join(", ")}, or attributes.<key>`;
}

/** Spec-time check that a constant or default fits its column (conversion and allowed values). */
function constantProblem(target: string, value: unknown, conversion: Conversion): string | null {
  const c = convert(value, conversion, SPEC_CONTEXT);
  if (!c.ok) return `${JSON.stringify(value)} does not fit ${target}: ${c.message}`;
  const f = FIELD_BY_NAME.get(target);
  // Severity also takes synonyms (warning, critical...) that normalization resolves; other enumerations must match.
  if (f?.values && f.name !== "severity" && !f.values.includes(String(c.value).toLowerCase())) {
    return `${JSON.stringify(value)} is not a valid ${target}; allowed: ${f.values.join(", ")}`;
  }
  return null;
}

function unitProblem(target: string, type: ValueType, unit: Unit): string | null {
  const attribute = target.startsWith("attributes.");
  if (DURATION_UNITS.has(unit)) {
    if (!["number", "int", "timestamp"].includes(type)) return `unit ${unit} needs type number, int or timestamp`;
    if (!attribute && !DURATION_COLUMNS.has(target)) {
      return `unit ${unit} converts durations to ms: it applies to latency_ms, queue_ms, compute_ms and timestamp (epoch unit), not ${target}`;
    }
    return null;
  }
  if (type !== "number") return `unit ${unit} needs type number`;
  if (!attribute && target !== "confidence") return `unit ${unit} applies to confidence, not ${target}`;
  return null;
}

/** Checks one field mapping; pushes problems, returns the compiled field when it is sound. */
function compileField(
  target: string,
  m: FieldMappingInput,
  at: readonly (string | number)[],
  problems: Problem[],
): CompiledField | null {
  const before = problems.length;
  const bad = targetProblem(target);
  if (bad) {
    problems.push({ path: at, message: bad });
    return null;
  }
  const list = typeof m.path === "string" ? [m.path] : m.path;
  const paths: { text: string; steps: readonly Step[] }[] = [];
  list.forEach((text, i) => {
    const p = parsePath(text);
    if (p.ok) paths.push({ text, steps: p.steps });
    else problems.push({ path: typeof m.path === "string" ? [...at, "path"] : [...at, "path", i], message: p.message });
  });
  const type = m.type ?? defaultType(target);
  const column = FIELD_BY_NAME.get(target);
  if (column && !TYPES_FOR[column.type].includes(type)) {
    problems.push({
      path: [...at, "type"],
      message: `type ${type} cannot fill ${target} (a ${column.type} column); use ${TYPES_FOR[column.type].join(" or ")}`,
    });
  }
  if (m.unit) {
    const u = unitProblem(target, type, m.unit);
    if (u) problems.push({ path: [...at, "unit"], message: u });
  }
  if (m.scale !== undefined && (!["number", "int"].includes(type) || m.scale === 0)) {
    problems.push({ path: [...at, "scale"], message: "scale must be a non-zero factor on a number or int" });
  }
  const conversion: Conversion = { type, unit: m.unit, scale: m.scale };
  const optional = Object.hasOwn(m, "default");
  let fallback: unknown = null;
  if (optional && m.default !== null && m.default !== undefined && problems.length === before) {
    const p = constantProblem(target, m.default, conversion);
    if (p) problems.push({ path: [...at, "default"], message: p });
    else fallback = (convert(m.default, conversion, SPEC_CONTEXT) as { value: unknown }).value;
  }
  return problems.length === before ? { target, paths, conversion, optional, fallback } : null;
}

const mappingSpecSchemaBase = z.strictObject({
  // The name pattern is checked with the other problems, so one bad name does not hide the rest.
  name: z.string(),
  description: z.string().min(1).max(300).optional(),
  preset: z.string().optional(),
  fields: z.record(z.string(), fieldMappingSchema.nullable()).optional(),
  defaults: z.record(z.string(), z.unknown()).optional(),
});

/** Every problem of a spec (with preset merged in), and the compiled mapping when there are none. */
function analyze(spec: z.output<typeof mappingSpecSchemaBase>): { problems: Problem[]; mapping?: CompiledMapping } {
  const problems: Problem[] = [];
  if (!FORMAT_NAME.test(spec.name)) {
    problems.push({
      path: ["name"],
      message: "must be 1-64 lower-case letters, digits and . _ - (it is the format name)",
    });
  }
  const preset = spec.preset === undefined ? undefined : PRESETS[spec.preset];
  if (spec.preset !== undefined && !preset) {
    problems.push({
      path: ["preset"],
      message: `unknown preset ${JSON.stringify(spec.preset)}; presets: ${Object.keys(PRESETS).join(", ")}`,
    });
  }
  if (spec.preset === undefined && spec.fields === undefined) {
    problems.push({ path: ["fields"], message: "give `fields` (target column: {path: ...}) or a `preset`" });
  }
  const merged = new Map<string, { m: FieldMappingInput; at: (string | number)[] }>();
  for (const [target, m] of Object.entries(preset?.fields ?? {})) merged.set(target, { m, at: ["preset", target] });
  for (const [target, m] of Object.entries(spec.fields ?? {})) {
    if (m === null) merged.delete(target);
    else merged.set(target, { m, at: ["fields", target] });
  }
  const fields: CompiledField[] = [];
  for (const [target, { m, at }] of merged) {
    const f = compileField(target, m, at, problems);
    if (f) fields.push(f);
  }
  // An unknown preset would have supplied the mapping: that problem is already reported.
  if (!merged.has("timestamp") && (spec.preset === undefined || preset)) {
    problems.push({
      path: ["fields"],
      message: "no mapping for timestamp: every event needs a time (e.g. `timestamp: {path: ts}`)",
    });
  }
  const constants: Record<string, unknown> = {};
  for (const [target, value] of Object.entries({ ...preset?.defaults, ...spec.defaults })) {
    const bad =
      targetProblem(target) ?? (value === null ? null : constantProblem(target, value, { type: defaultType(target) }));
    if (bad) problems.push({ path: ["defaults", target], message: bad });
    else if (value !== null) {
      constants[target] = (convert(value, { type: defaultType(target) }, SPEC_CONTEXT) as { value: unknown }).value;
    }
  }
  if (problems.length > 0) return { problems };
  const description =
    spec.description ??
    (preset
      ? `${preset.description} (preset ${spec.preset})`
      : `Custom JSON mapping: ${[...merged.keys()].join(", ")}.`);
  return {
    problems,
    mapping: { name: spec.name, description, fields, constants, presetExamples: preset?.examples ?? [] },
  };
}

/** A custom format's spec, checked whole: structure by zod, then targets, paths, types, units and defaults. */
export const mappingSpecSchema = mappingSpecSchemaBase.superRefine((spec, ctx) => {
  for (const p of analyze(spec).problems) ctx.addIssue({ code: "custom", path: [...p.path], message: p.message });
});

/** `fields.latency_ms.unit`, `path[1]`: an issue path as the configuration spells it. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === "number" ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    "",
  );
}

export type CompileResult =
  | { readonly ok: true; readonly mapping: CompiledMapping }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Validates and compiles a spec (`MappingSpecInput` or anything read from configuration). Never throws. */
export function compileMapping(input: unknown): CompileResult {
  const parsed = mappingSpecSchemaBase.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.map(pathKey), message: i.message })) };
  }
  const { problems, mapping } = analyze(parsed.data);
  return mapping ? { ok: true, mapping } : { ok: false, problems };
}

function pathKey(k: PropertyKey): string | number {
  return typeof k === "number" ? k : String(k);
}

/** Problems as lines `<prefix>.fields.latency_ms.unit: message`. */
export function describeProblems(problems: readonly Problem[], prefix: readonly (string | number)[] = []): string[] {
  return problems.map((p) => `${issuePath([...prefix, ...p.path]) || "(spec)"}: ${p.message}`);
}

export type { MappingSpecInput };
