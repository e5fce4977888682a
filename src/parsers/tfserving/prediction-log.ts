// TF Serving PredictionLog records (prediction_log.proto) in proto3 JSON form, read into inference events.
import { hashJson } from "../common/hashing.js";
import { isObject, type JsonObject } from "../common/json-values.js";
import { ok, referenceTime } from "../common/records.js";
import { namedShapes } from "../common/tensor-shapes.js";
import { epochSecondsToMs } from "../common/times.js";
import type { LineResult, ParseContext } from "../types.js";
import { type OutputSummary, summarizePredictions } from "./output-summary.js";

/** The first of `names` present on `o` (proto3 JSON accepts lowerCamelCase and the proto's own snake_case). */
function pick(o: unknown, ...names: string[]): unknown {
  if (!isObject(o)) return undefined;
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

function scalarString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  // google.protobuf.Int64Value as an object, as some converters write it.
  if (isObject(v) && (typeof v.value === "string" || typeof v.value === "number")) return String(v.value);
  return undefined;
}

const LOG_TYPES: ReadonlyArray<readonly [string, string, string]> = [
  ["predictLog", "predict_log", "predict"],
  ["classifyLog", "classify_log", "classify"],
  ["regressLog", "regress_log", "regress"],
  ["multiInferenceLog", "multi_inference_log", "multi_inference"],
  ["sessionRunLog", "session_run_log", "session_run"],
  ["predictStreamedLog", "predict_streamed_log", "predict_streamed"],
];

const VALUE_FIELDS = [
  ["floatVal", "float_val"],
  ["doubleVal", "double_val"],
  ["intVal", "int_val"],
  ["int64Val", "int64_val"],
  ["halfVal", "half_val"],
  ["boolVal", "bool_val"],
  ["stringVal", "string_val"],
] as const;

function tensorShape(t: unknown): number[] {
  const dims = pick(pick(t, "tensorShape", "tensor_shape"), "dim");
  if (!Array.isArray(dims)) return [];
  return dims.map((d) => Number(pick(d, "size") ?? 0));
}

function tensorValues(t: unknown): unknown[] | undefined {
  for (const [camel, snake] of VALUE_FIELDS) {
    const v = pick(t, camel, snake);
    if (Array.isArray(v)) return v.map((x) => (typeof x === "string" && camel !== "stringVal" ? Number(x) : x));
  }
  return undefined;
}

/** The first example's row of a tensor: `[N, K]` → its first K values; `[N]` → the N per-example values. */
function firstRow(t: unknown): { values: unknown[]; batch: number; row: boolean } | undefined {
  const values = tensorValues(t);
  if (!values) return undefined;
  const shape = tensorShape(t);
  if (shape.length >= 2) {
    const width = shape.slice(1).reduce((a, b) => a * b, 1);
    return { values: values.slice(0, width), batch: shape[0] ?? 1, row: true };
  }
  return { values, batch: values.length, row: false };
}

function predictOutputs(outputs: unknown): OutputSummary | undefined {
  if (!isObject(outputs)) return undefined;
  const summary: JsonObject = {};
  for (const [name, t] of Object.entries(outputs)) {
    summary[name] = { dtype: pick(t, "dtype"), shape: tensorShape(t) };
  }
  const classes = firstRow(outputs.classes);
  const scoresKey = Object.keys(outputs).find((k) => /prob|score/i.test(k));
  const scores = firstRow(scoresKey ? outputs[scoresKey] : Object.values(outputs)[0]);
  if (!scores) return { output_summary: { outputs: summary } };
  const s = scores.row ? summarizePredictions([scores.values]) : summarizePredictions(scores.values);
  let label = s.prediction_label;
  if (label !== undefined && classes?.row && scores.row) {
    const cls = classes.values[Number(label)];
    if (cls !== undefined) label = String(cls);
  }
  return {
    output_summary: { outputs: summary, ...s.output_summary, count: scores.batch },
    ...(label !== undefined ? { prediction_label: label } : {}),
    ...(s.confidence !== undefined ? { confidence: s.confidence } : {}),
  };
}

function classifyOutputs(response: unknown): OutputSummary | undefined {
  const list = pick(pick(response, "result"), "classifications");
  if (!Array.isArray(list)) return undefined;
  const classes = pick(list[0], "classes");
  if (!Array.isArray(classes)) return { output_summary: { count: list.length } };
  const scored = classes
    .map((c) => ({ label: scalarString(pick(c, "label")), score: Number(pick(c, "score") ?? Number.NaN) }))
    .filter((c) => Number.isFinite(c.score))
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  return {
    output_summary: { count: list.length, top_k: scored.slice(0, 3) },
    ...(best?.label !== undefined ? { prediction_label: best.label } : {}),
    ...(best !== undefined ? { confidence: best.score } : {}),
  };
}

function regressOutputs(response: unknown): OutputSummary | undefined {
  const list = pick(pick(response, "result"), "regressions");
  if (!Array.isArray(list)) return undefined;
  return summarizePredictions(list.map((r) => Number(pick(r, "value") ?? Number.NaN)).filter(Number.isFinite));
}

/** One PredictionLog object → an inference record. Without `timestamp_secs` it takes the reference time. */
export function predictionLogRecord(o: JsonObject, context: ParseContext): LineResult {
  const meta = pick(o, "logMetadata", "log_metadata");
  const type = LOG_TYPES.find(([camel, snake]) => o[camel] !== undefined || o[snake] !== undefined);
  const log = type ? pick(o, type[0], type[1]) : undefined;
  const request = pick(log, "request");
  const response = pick(log, "response");
  const spec =
    pick(meta, "modelSpec", "model_spec") ??
    pick(Array.isArray(request) ? request[0] : request, "modelSpec", "model_spec") ??
    pick(response, "modelSpec", "model_spec");
  const secs = pick(meta, "timestampSecs", "timestamp_secs");
  const ms = secs === undefined ? undefined : epochSecondsToMs(secs);
  if (secs !== undefined && ms === undefined) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: `timestamp_secs ${JSON.stringify(secs)} is not epoch seconds`,
    };
  }
  const action = type?.[2];
  let inputs: unknown;
  let shapes: Array<[string, number[]]> = [];
  let outputs: OutputSummary | undefined;
  if (action === "predict") {
    inputs = pick(request, "inputs");
    if (isObject(inputs)) shapes = Object.entries(inputs).map(([k, t]) => [k, tensorShape(t)]);
    outputs = predictOutputs(pick(response, "outputs"));
  } else if (action === "classify" || action === "regress") {
    inputs = pick(request, "input");
    const examples = pick(pick(inputs, "exampleList", "example_list"), "examples");
    if (Array.isArray(examples)) shapes = [["examples", [examples.length]]];
    outputs = action === "classify" ? classifyOutputs(response) : regressOutputs(response);
  } else {
    inputs = request;
  }
  const sampling = pick(meta, "samplingConfig", "sampling_config");
  return ok({
    ...(ms !== undefined ? { timestamp: ms } : referenceTime(context)),
    event_kind: "inference",
    event_action: action ?? "prediction_log",
    model_name: scalarString(pick(spec, "name")),
    model_version: scalarString(pick(spec, "version")),
    version_label: scalarString(pick(spec, "versionLabel", "version_label")),
    signature_name: scalarString(pick(spec, "signatureName", "signature_name")),
    input_hash: inputs === undefined ? undefined : hashJson(inputs),
    input_shape: namedShapes(shapes),
    outcome: response !== undefined ? "success" : undefined,
    ...(outputs ?? {}),
    dc: scalarString(pick(meta, "dc")),
    request_origin: scalarString(pick(meta, "requestOrigin", "request_origin")),
    request_criticality: scalarString(pick(meta, "requestCriticality", "request_criticality")),
    sampling_rate: pick(sampling, "samplingRate", "sampling_rate"),
    saved_model_tags: pick(meta, "savedModelTags", "saved_model_tags"),
  });
}
