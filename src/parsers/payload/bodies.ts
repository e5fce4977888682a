// Inference bodies (KServe V1, Open Inference Protocol V2, Seldon): input shape/size/hash and the prediction.
import { hashJson } from "../common/hashing.js";
import { asArray, asId, asNumber, asObject, asString, isObject, type JsonObject } from "../common/json-values.js";
import { type Prediction, predictionOfRows, predictionOfTensors } from "./predictions.js";

export type Protocol = "v1" | "v2" | "seldon";

export interface RequestSummary {
  readonly protocol?: Protocol;
  readonly inputShape?: string;
  readonly inputHash: string;
  readonly batchSize?: number;
  /** V2 requests may carry an `id` that the response repeats. */
  readonly id?: string;
}

export interface ResponseSummary {
  readonly protocol?: Protocol;
  readonly prediction: Prediction;
  readonly modelName?: string;
  readonly modelVersion?: string;
  readonly id?: string;
  /** The error a failed response reports (`{"error": ...}`, Seldon `status`). */
  readonly error?: string;
}

/** Dimensions of a regular nested array (`[[1,2],[3,4]]` is 2x2); ragged arrays stop at the first uneven level. */
export function arrayShape(v: unknown): number[] {
  const dims: number[] = [];
  let level: unknown[] = [v];
  for (let depth = 0; depth < 16; depth++) {
    const first = level[0];
    if (!Array.isArray(first)) break;
    const n = first.length;
    if (!level.every((x) => Array.isArray(x) && x.length === n)) break;
    dims.push(n);
    level = level.flatMap((x) => x as unknown[]);
    if (n === 0) break;
  }
  return dims;
}

function shapeText(dims: readonly unknown[]): string | undefined {
  return dims.length > 0 ? dims.map((d) => String(asNumber(d) ?? d)).join("x") : undefined;
}

/** V2 `inputs`: tensors with name/shape/datatype (not the TF-Serving columnar `inputs` of V1). */
function isTensorList(v: unknown): v is JsonObject[] {
  return Array.isArray(v) && v.length > 0 && v.every((t) => isObject(t) && Array.isArray(t.shape));
}

/** Seldon's `data` payload: `ndarray`, `tensor: {shape, values}`, or `strData`/`jsonData`/`binData`. */
function seldonShape(data: JsonObject): string | undefined {
  const tensor = asObject(data.tensor);
  if (tensor) return shapeText(asArray(tensor.shape) ?? []);
  if (data.ndarray !== undefined) return shapeText(arrayShape(data.ndarray));
  return undefined;
}

export function summarizeRequest(body: unknown): RequestSummary {
  const o = asObject(body);
  if (o && isTensorList(o.inputs)) {
    const shapes = o.inputs.map((t) => shapeText(asArray(t.shape) ?? []) ?? "");
    const firstDim = asNumber(asArray(o.inputs[0]?.shape)?.[0]);
    // Seldon v2 sends raw tensors beside the JSON ones: both are the input.
    const hashed = o.rawInputContents === undefined ? o.inputs : { inputs: o.inputs, raw: o.rawInputContents };
    return {
      protocol: "v2",
      inputShape: shapes.join(","),
      inputHash: hashJson(hashed),
      ...(firstDim === undefined ? {} : { batchSize: firstDim }),
      ...(asId(o.id) === undefined ? {} : { id: asId(o.id) }),
    };
  }
  const instances = o ? (o.instances ?? (Array.isArray(o.inputs) ? o.inputs : undefined)) : undefined;
  if (Array.isArray(instances)) {
    return {
      protocol: "v1",
      inputShape: shapeText(arrayShape(instances)) ?? String(instances.length),
      inputHash: hashJson(instances),
      batchSize: instances.length,
    };
  }
  const data = asObject(o?.data);
  if (data) {
    const shape = seldonShape(data);
    const batch = asNumber(asArray(asObject(data.tensor)?.shape)?.[0]) ?? asArray(data.ndarray)?.length;
    return {
      protocol: "seldon",
      ...(shape === undefined ? {} : { inputShape: shape }),
      inputHash: hashJson(data),
      ...(batch === undefined ? {} : { batchSize: batch }),
    };
  }
  return { inputHash: hashJson(body) };
}

/** Rows of a Seldon `data` payload: `ndarray` rows, or `tensor.values` cut by `tensor.shape`. */
function seldonRows(data: JsonObject): unknown[] {
  const ndarray = asArray(data.ndarray);
  if (ndarray) return ndarray;
  const tensor = asObject(data.tensor);
  const values = asArray(tensor?.values);
  const shape = asArray(tensor?.shape)?.map((d) => asNumber(d) ?? 0);
  if (!values || !shape || shape.length < 2) return values ?? [];
  const batch = shape[0] ?? 0;
  const width = batch > 0 ? Math.floor(values.length / batch) : 0;
  const rows: unknown[] = [];
  for (let i = 0; i < batch && width > 0; i++) rows.push(values.slice(i * width, (i + 1) * width));
  return rows;
}

function errorOf(o: JsonObject): string | undefined {
  const e = o.error;
  if (typeof e === "string" && e !== "") return e;
  if (isObject(e)) return asString(e.message) ?? asString(e.reason) ?? JSON.stringify(e).slice(0, 200);
  const status = asObject(o.status);
  if (status && asString(status.status)?.toUpperCase() === "FAILURE") {
    return asString(status.info) ?? asString(status.reason) ?? "FAILURE";
  }
  return undefined;
}

export function summarizeResponse(body: unknown): ResponseSummary {
  const o = asObject(body);
  if (!o) return { prediction: Array.isArray(body) ? predictionOfRows(body) : { summary: {} } };
  const error = errorOf(o);
  const common = {
    ...(asString(o.model_name ?? o.modelName) === undefined
      ? {}
      : { modelName: asString(o.model_name ?? o.modelName) }),
    ...(asId(o.model_version ?? o.modelVersion) === undefined
      ? {}
      : { modelVersion: asId(o.model_version ?? o.modelVersion) }),
    ...(asId(o.id) === undefined ? {} : { id: asId(o.id) }),
    ...(error === undefined ? {} : { error }),
  };
  if (Array.isArray(o.outputs) && o.outputs.every(isObject)) {
    return { protocol: "v2", prediction: predictionOfTensors(o.outputs), ...common };
  }
  const predictions = asArray(o.predictions);
  if (predictions) return { protocol: "v1", prediction: predictionOfRows(predictions), ...common };
  const data = asObject(o.data);
  if (data) {
    const names = asArray(data.names)?.filter((n): n is string => typeof n === "string");
    return { protocol: "seldon", prediction: predictionOfRows(seldonRows(data), names), ...common };
  }
  return { prediction: { summary: {} }, ...common };
}

/** Does a body look like a request (inputs) rather than a response (outputs)? Undefined when it shows neither. */
export function bodyDirection(body: unknown): "request" | "response" | undefined {
  const o = asObject(body);
  if (!o) return undefined;
  if (o.predictions !== undefined || isTensorList(o.outputs) || o.error !== undefined) return "response";
  if (o.instances !== undefined || isTensorList(o.inputs) || Array.isArray(o.inputs)) return "request";
  if (isObject(o.data)) return o.meta !== undefined || o.status !== undefined ? "response" : "request";
  return undefined;
}
