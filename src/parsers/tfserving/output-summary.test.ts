// Output summaries of TF Serving predictions and classifications.
import assert from "node:assert/strict";
import { test } from "node:test";
import { summarizeClassifications, summarizePredictions } from "./output-summary.js";

test("prediction summaries: probabilities, scalars, labelled scores, strings", () => {
  assert.deepEqual(summarizePredictions([[0.1, 0.7, 0.2]]), {
    output_summary: {
      count: 1,
      top_k: [
        { index: 1, score: 0.7 },
        { index: 2, score: 0.2 },
        { index: 0, score: 0.1 },
      ],
    },
    prediction_label: "1",
    confidence: 0.7,
  });
  assert.equal(summarizePredictions([[2.5, -1]]).confidence, undefined, "logits are not confidences");
  assert.deepEqual(summarizePredictions([1, 3]).output_summary, { count: 2, min: 1, max: 3, mean: 2 });
  const labelled = summarizePredictions([{ classes: ["a", "b"], scores: [0.3, 0.6] }]);
  assert.deepEqual([labelled.prediction_label, labelled.confidence], ["b", 0.6]);
  assert.equal(summarizePredictions(["spam"]).prediction_label, "spam");
  assert.deepEqual(
    summarizeClassifications([
      [
        ["x", 0.1],
        ["y", 0.9],
      ],
    ])?.prediction_label,
    "y",
  );
  assert.equal(summarizeClassifications([1, 2]), undefined);
});
