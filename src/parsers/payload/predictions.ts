// Reads a model's predictions (V1 `predictions`, Seldon `ndarray`, V2 output tensors) into a label and a confidence.
import { asArray, asId, asNumber, asObject, asString, isObject, type JsonObject } from "../common/json-values.js";

/** What an output says: a label (class), its probability, a regression value, and a small summary for the store. */
export interface Prediction {
  readonly label?: string;
  readonly confidence?: number;
  readonly value?: number;
  readonly summary: JsonObject;
}

/** Rows kept in a summary, and classes per row: enough to see a distribution, bounded whatever the batch. */
const SUMMARY_ROWS = 10;
const TOP_K = 3;

function isNumberList(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x));
}

function isProbabilities(row: readonly number[]): boolean {
  return row.length > 1 && row.every((p) => p >= 0 && p <= 1);
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if ((row[i] as number) > (row[best] as number)) best = i;
  return best;
}

function topK(row: readonly number[], names: readonly string[] | undefined): JsonObject[] {
  return row
    .map((p, i) => ({ label: names?.[i] ?? String(i), p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, TOP_K);
}

/** A label, score pair from an object row (`{label, score}`, `{class, probability}`, TF `{classes, scores}`). */
function objectRow(row: JsonObject): { label?: string; confidence?: number } {
  const classes = asArray(row.classes);
  const scores = asArray(row.scores);
  if (classes && isNumberList(scores) && classes.length === scores.length) {
    const i = argmax(scores);
    return { label: asId(classes[i]), confidence: scores[i] };
  }
  const label = asId(row.label ?? row.class ?? row.predicted_class ?? row.prediction ?? row.predicted_label);
  const confidence = asNumber(row.score ?? row.confidence ?? row.probability ?? row.prob);
  return { ...(label === undefined ? {} : { label }), ...(confidence === undefined ? {} : { confidence }) };
}

/**
 * The prediction of a batch of rows (one per instance); the event reports the first instance and summarizes up to
 * ten. A row is a label (string or integral number), a regression value, a vector of class probabilities
 * (argmax/max), or an object with a label and score. `names` names the columns (Seldon `names`, class labels).
 */
export function predictionOfRows(rows: readonly unknown[], names?: readonly string[]): Prediction {
  const first = rows[0];
  const shown = rows.slice(0, SUMMARY_ROWS);
  const summary: JsonObject = { batch_size: rows.length };
  if (typeof first === "string") {
    summary.labels = shown.map((r) => asId(r) ?? null);
    return { label: first, summary };
  }
  if (typeof first === "number") {
    if (Number.isInteger(first)) {
      summary.labels = shown.map((r) => asId(r) ?? null);
      return { label: String(first), summary };
    }
    summary.values = shown;
    return { value: first, summary };
  }
  if (isNumberList(first)) {
    if (first.length === 1) {
      const p = first[0] as number;
      summary.values = shown.map((r) => (isNumberList(r) ? r[0] : null));
      // One named probability column (Seldon `names: ["proba"]`): that column's score is the confidence.
      if (names?.length === 1 && p >= 0 && p <= 1) return { label: names[0] as string, confidence: p, summary };
      return Number.isInteger(p) ? { label: String(p), summary } : { value: p, summary };
    }
    if (isProbabilities(first)) {
      summary.top = shown.map((r) => (isNumberList(r) ? topK(r, names) : null));
      const i = argmax(first);
      return { label: names?.[i] ?? String(i), confidence: first[i] as number, summary };
    }
    summary.shape = [rows.length, first.length];
    return { summary };
  }
  if (isObject(first)) {
    const { label, confidence } = objectRow(first);
    summary.rows = shown.map((r) => (isObject(r) ? objectRow(r) : null));
    return { ...(label === undefined ? {} : { label }), ...(confidence === undefined ? {} : { confidence }), summary };
  }
  return { summary };
}

/** An Open Inference Protocol (V2) tensor, also in Seldon's protobuf-JSON (`contents.fp32Contents`, string dims). */
export interface Tensor {
  readonly name: string;
  readonly datatype: string;
  readonly shape: number[];
  readonly data: unknown[];
}

function flatten(v: unknown[], depth = 0): unknown[] {
  if (depth > 32) return [];
  return v.flatMap((x) => (Array.isArray(x) ? flatten(x, depth + 1) : [x]));
}

export function readTensor(v: unknown): Tensor | undefined {
  const t = asObject(v);
  if (!t) return undefined;
  const shape = asArray(t.shape)?.map((d) => asNumber(d));
  if (!shape || shape.some((d) => d === undefined)) return undefined;
  const contents = asObject(t.contents);
  const data = asArray(t.data) ?? (contents ? Object.values(contents).find((x) => Array.isArray(x)) : undefined);
  return {
    name: asString(t.name) ?? "",
    datatype: (asString(t.datatype) ?? "").toUpperCase(),
    shape: shape as number[],
    data: Array.isArray(data) ? flatten(data) : [],
  };
}

/** Rows of a tensor: the first dimension is the batch, the rest of each row is flattened. */
function rowsOf(t: Tensor): unknown[] {
  if (t.shape.length <= 1) {
    // A lone probability vector (sums to 1) is one instance's classes, not a batch of scalars.
    if (isNumberList(t.data) && isProbabilities(t.data) && Math.abs(t.data.reduce((a, b) => a + b, 0) - 1) < 0.01) {
      return [t.data];
    }
    return t.data;
  }
  const batch = t.shape[0] as number;
  const width = batch > 0 ? Math.floor(t.data.length / batch) : 0;
  if (width <= 0) return [];
  const rows: unknown[] = [];
  for (let i = 0; i < batch; i++) {
    const row = t.data.slice(i * width, (i + 1) * width);
    rows.push(width === 1 ? row[0] : row);
  }
  return rows;
}

const PROBABILITY_NAME = /prob|score|softmax|confidence/i;
const LABEL_NAME = /label|class|predict/i;
const INTEGER_TYPE = /^U?INT\d+$/;

function isLabelTensor(t: Tensor): boolean {
  if (PROBABILITY_NAME.test(t.name)) return false;
  const perInstanceScalar = t.shape.length <= 1 || (t.shape.length === 2 && t.shape[1] === 1);
  if (!perInstanceScalar) return false;
  return t.datatype === "BYTES" || LABEL_NAME.test(t.name) || (INTEGER_TYPE.test(t.datatype) && t.shape.length === 2);
}

function isProbabilityTensor(t: Tensor): boolean {
  if (!t.datatype.startsWith("FP")) return false;
  const first = rowsOf(t)[0];
  return isNumberList(first) && isProbabilities(first) && (PROBABILITY_NAME.test(t.name) || t.shape.length >= 2);
}

/**
 * The prediction of V2 output tensors: a label tensor (BYTES, or named label/class/predict, one value per instance)
 * gives the label; a probability tensor gives the confidence (and the label, by argmax, when there is no label
 * tensor). Other tensors (embeddings, regressions, images) are only summarized by name, type and shape.
 */
export function predictionOfTensors(outputs: readonly unknown[]): Prediction {
  const tensors = outputs.map(readTensor).filter((t): t is Tensor => t !== undefined);
  const summary: JsonObject = {
    outputs: tensors.map((t) => ({ name: t.name, datatype: t.datatype, shape: t.shape })),
  };
  const labels = tensors.find(isLabelTensor);
  const probabilities = tensors.find((t) => t !== labels && isProbabilityTensor(t));
  const fromLabels = labels ? predictionOfRows(rowsOf(labels)) : undefined;
  const fromProbabilities = probabilities ? predictionOfRows(rowsOf(probabilities)) : undefined;
  if (fromLabels) Object.assign(summary, fromLabels.summary);
  if (fromProbabilities) summary.top = fromProbabilities.summary.top;
  const label = fromLabels?.label ?? fromProbabilities?.label;
  const confidence = fromProbabilities?.confidence;
  return {
    ...(label === undefined ? {} : { label }),
    ...(confidence === undefined ? {} : { confidence }),
    ...(fromLabels?.value === undefined ? {} : { value: fromLabels.value }),
    summary,
  };
}
