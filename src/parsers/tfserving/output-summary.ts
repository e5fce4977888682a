// Model outputs reduced to a small summary: top scores, the predicted label and its confidence.
import { isObject } from "../common/json-values.js";

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
  if (isObject(first)) {
    const obj = first;
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
