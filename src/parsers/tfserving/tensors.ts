// Model inputs reduced to a hash and a shape (never the values) and outputs to a small summary.
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal inputs hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** sha256 (hex) of the canonical JSON of `value`: the `input_hash` of the normalized schema. */
export function hashJson(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** UTF-8 byte length of a string. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Dimensions of a nested JSON array, read along first elements (`[[1,2],[3,4]]` → [2, 2]); a scalar is []. */
export function arrayShape(value: unknown): number[] {
  const dims: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    dims.push(v.length);
    v = v[0];
  }
  return dims;
}

/** `[1, 3, 224]` → "1x3x224"; a scalar → "1". */
export function formatShape(dims: readonly number[]): string {
  return dims.length === 0 ? "1" : dims.join("x");
}

/** Several named inputs: "name:shape,name:shape" in their given order; one input: its bare shape. */
export function namedShapes(shapes: ReadonlyArray<readonly [string, readonly number[]]>): string | undefined {
  if (shapes.length === 0) return undefined;
  if (shapes.length === 1) return formatShape(shapes[0]?.[1] ?? []);
  return shapes.map(([name, dims]) => `${name}:${formatShape(dims)}`).join(",");
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x));
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Top `k` indices of a score vector, best first. */
function topK(scores: readonly number[], k: number): Array<{ index: number; score: number }> {
  return scores
    .map((score, index) => ({ index, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

export interface OutputSummary {
  readonly output_summary: Record<string, unknown>;
  readonly prediction_label?: string;
  readonly confidence?: number;
}

/**
 * Summarizes a batch of predictions as TF Serving / KServe V1 return them (`predictions`, `outputs`, `results`):
 * a vector of scores per example → top-3 of the first example, its best index as the label and, when it looks like a
 * probability, its score as the confidence; scalars → count/min/max/mean; `{classes, scores}` objects → the best
 * class; strings → the first as the label. The first example stands for the batch, whose size is `count`.
 */
export function summarizePredictions(predictions: unknown): OutputSummary {
  const list = Array.isArray(predictions) ? predictions : [predictions];
  const summary: Record<string, unknown> = { count: list.length };
  const first = list[0];
  if (isNumberArray(list)) {
    const nums = list;
    summary.min = Math.min(...nums);
    summary.max = Math.max(...nums);
    summary.mean = round(nums.reduce((a, b) => a + b, 0) / nums.length);
    return { output_summary: summary };
  }
  if (isNumberArray(first)) {
    const top = topK(first, 3);
    summary.top_k = top;
    const best = top[0];
    if (best === undefined) return { output_summary: summary };
    const probability = first.every((x) => x >= 0 && x <= 1);
    return {
      output_summary: summary,
      prediction_label: String(best.index),
      ...(probability ? { confidence: best.score } : {}),
    };
  }
  if (typeof first === "string") return { output_summary: summary, prediction_label: first };
  if (first !== null && typeof first === "object" && !Array.isArray(first)) {
    const obj = first as Record<string, unknown>;
    const scores = obj.scores ?? obj.probabilities ?? obj.probs;
    const classes = obj.classes ?? obj.labels ?? obj.class_ids;
    if (isNumberArray(scores)) {
      const top = topK(scores, 3);
      const best = top[0];
      const label = Array.isArray(classes) && best !== undefined ? classes[best.index] : best?.index;
      summary.top_k = top.map((t) => ({
        ...(Array.isArray(classes) ? { label: String(classes[t.index]) } : { index: t.index }),
        score: t.score,
      }));
      return {
        output_summary: summary,
        ...(label !== undefined ? { prediction_label: String(label) } : {}),
        ...(best !== undefined ? { confidence: best.score } : {}),
      };
    }
    summary.keys = Object.keys(obj).slice(0, 20);
  }
  return { output_summary: summary };
}

/** Classification results as `[[label, score], ...]` per example (TF Serving `:classify`): the first example's best. */
export function summarizeClassifications(results: unknown): OutputSummary | undefined {
  if (!Array.isArray(results)) return undefined;
  const first = results[0];
  if (!Array.isArray(first) || first.length === 0) return undefined;
  const pairs = first.filter(
    (p): p is [string, number] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "number",
  );
  if (pairs.length === 0) return undefined;
  const sorted = [...pairs].sort((a, b) => b[1] - a[1]);
  const best = sorted[0] as [string, number];
  return {
    output_summary: { count: results.length, top_k: sorted.slice(0, 3).map(([label, score]) => ({ label, score })) },
    prediction_label: best[0],
    confidence: best[1],
  };
}
