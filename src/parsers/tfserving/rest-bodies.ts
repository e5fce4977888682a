// TF Serving REST bodies (also KServe V1): what kind of document a JSON body is, and the fields it gives.

import { hashJson, utf8Bytes } from "../common/hashing.js";
import { isObject } from "../common/json-values.js";
import { arrayShape, namedShapes } from "../common/tensor-shapes.js";
import { type OutputSummary, summarizeClassifications, summarizePredictions } from "./output-summary.js";

export type BodyKind = "request" | "response" | "error" | "status" | "metadata" | "prediction_log";

const LOG_KEYS = [
  "logMetadata",
  "log_metadata",
  "predictLog",
  "predict_log",
  "classifyLog",
  "classify_log",
  "regressLog",
  "regress_log",
  "multiInferenceLog",
  "multi_inference_log",
  "sessionRunLog",
  "session_run_log",
  "predictStreamedLog",
  "predict_streamed_log",
];

/** What a JSON body is, or null when it is none of TF Serving's documents. */
export function bodyKind(o: Record<string, unknown>): BodyKind | null {
  if (LOG_KEYS.some((k) => k in o)) return "prediction_log";
  if ("instances" in o || "inputs" in o || "examples" in o) return "request";
  if ("predictions" in o || "outputs" in o || "result" in o || "results" in o) return "response";
  if (typeof o.error === "string") return "error";
  if (Array.isArray(o.model_version_status)) return "status";
  if ("model_spec" in o && "metadata" in o) return "metadata";
  return null;
}

/** Shapes of row-format instances: one tensor per instance, or named tensors per instance (`[{"a": .., "b": ..}]`). */
function instanceShapes(instances: unknown): Array<[string, number[]]> {
  if (!Array.isArray(instances)) return [["instances", arrayShape(instances)]];
  const first = instances[0];
  if (isObject(first) && !("b64" in first)) {
    return Object.entries(first).map(([k, v]) => [k, [instances.length, ...arrayShape(v)]]);
  }
  return [["instances", arrayShape(instances)]];
}

/** Fields of a request body: input hash, shape and size, request format, signature. */
export function requestFields(o: Record<string, unknown>, bodyText: string): Record<string, unknown> {
  const signature = typeof o.signature_name === "string" ? o.signature_name : undefined;
  let format: string;
  let inputs: unknown;
  let shapes: Array<[string, number[]]>;
  let action = "predict";
  if ("instances" in o) {
    format = "row";
    inputs = o.instances;
    shapes = instanceShapes(o.instances);
  } else if ("inputs" in o) {
    format = "columnar";
    inputs = o.inputs;
    const v = o.inputs;
    shapes = isObject(v) ? Object.entries(v).map(([k, t]) => [k, arrayShape(t)]) : [["inputs", arrayShape(v)]];
  } else {
    format = "examples";
    inputs = { context: o.context, examples: o.examples };
    shapes = [["examples", [Array.isArray(o.examples) ? o.examples.length : 1]]];
    action = signature?.endsWith("regress")
      ? "regress"
      : signature?.endsWith("classify")
        ? "classify"
        : "classify_or_regress";
  }
  return {
    event_kind: "inference",
    event_action: action,
    request_format: format,
    signature_name: signature,
    input_hash: hashJson(inputs),
    input_shape: namedShapes(shapes),
    input_size_bytes: utf8Bytes(bodyText),
  };
}

function outputsSummary(outputs: unknown): OutputSummary {
  if (isObject(outputs)) {
    const entries = Object.entries(outputs);
    const pick =
      entries.find(([k]) => /prob|score/i.test(k)) ?? (entries.length === 1 ? entries[0] : undefined) ?? entries[0];
    const perOutput: Record<string, unknown> = {};
    for (const [k, v] of entries) perOutput[k] = summarizePredictions(v).output_summary;
    const best = pick ? summarizePredictions(pick[1]) : undefined;
    return {
      output_summary: { outputs: perOutput },
      ...(best?.prediction_label !== undefined ? { prediction_label: best.prediction_label } : {}),
      ...(best?.confidence !== undefined ? { confidence: best.confidence } : {}),
    };
  }
  return summarizePredictions(outputs);
}

/** Fields of a response body: a summary of predictions/outputs/results, never the values themselves. */
export function responseFields(o: Record<string, unknown>): Record<string, unknown> {
  let summary: OutputSummary;
  let action = "predict";
  if ("predictions" in o) summary = summarizePredictions(o.predictions);
  else if ("outputs" in o) summary = outputsSummary(o.outputs);
  else {
    const results = o.results ?? o.result;
    const classified = summarizeClassifications(results);
    action = classified ? "classify" : "regress";
    summary = classified ?? summarizePredictions(results);
  }
  return { event_kind: "inference", event_action: action, outcome: "success", ...summary };
}

export function errorFields(o: Record<string, unknown>, status: number | undefined): Record<string, unknown> {
  const message = String(o.error);
  return {
    event_kind: "inference",
    outcome: "failure",
    severity: "error",
    message,
    error_type: /servable not found/i.test(message)
      ? "servable_not_found"
      : status !== undefined
        ? `http_${status}`
        : "error",
  };
}

/** `GET /v1/models/{name}`: the state of each version. */
export function statusFields(o: Record<string, unknown>): Record<string, unknown> {
  const versions = (o.model_version_status as unknown[]).filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === "object",
  );
  const rows = versions.map((v) => {
    const status = (v.status ?? {}) as Record<string, unknown>;
    return {
      version: v.version === undefined ? undefined : String(v.version),
      state: typeof v.state === "string" ? v.state : undefined,
      error_code: typeof status.error_code === "string" ? status.error_code : undefined,
      error_message:
        typeof status.error_message === "string" && status.error_message !== "" ? status.error_message : undefined,
    };
  });
  const failed = rows.some((r) => r.error_code !== undefined && r.error_code !== "OK");
  const only = rows.length === 1 ? rows[0] : undefined;
  return {
    event_kind: "deploy",
    event_action: "model_status",
    outcome: failed ? "failure" : "success",
    model_version: only?.version,
    model_state: only?.state,
    message: only?.error_message,
    versions: rows.length > 1 ? rows : undefined,
  };
}

/** `GET /v1/models/{name}/metadata`: the model and its signatures. */
export function metadataFields(o: Record<string, unknown>): Record<string, unknown> {
  const spec = (o.model_spec ?? {}) as Record<string, unknown>;
  const sigs = (
    (o.metadata as Record<string, unknown> | undefined)?.signature_def as Record<string, unknown> | undefined
  )?.signature_def;
  return {
    event_kind: "log",
    event_action: "model_metadata",
    model_name: typeof spec.name === "string" ? spec.name : undefined,
    model_version: spec.version === undefined || spec.version === null ? undefined : String(spec.version),
    signatures: sigs !== null && typeof sigs === "object" ? Object.keys(sigs) : undefined,
  };
}
