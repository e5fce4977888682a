// Input hashing and shapes, output summaries.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  arrayShape,
  canonicalJson,
  hashJson,
  namedShapes,
  summarizeClassifications,
  summarizePredictions,
} from "./tensors.js";

test("canonical JSON sorts keys at every level, so key order does not change the hash", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
  assert.equal(hashJson({ b: 1, a: 2 }), hashJson({ a: 2, b: 1 }));
  assert.match(hashJson([1, 2]), /^[0-9a-f]{64}$/);
});

test("shapes along first elements; several named inputs are listed", () => {
  assert.deepEqual(arrayShape([[[1, 2, 3]], [[4, 5, 6]]]), [2, 1, 3]);
  assert.deepEqual(arrayShape(5), []);
  assert.equal(namedShapes([["x", [1, 3, 224, 224]]]), "1x3x224x224");
  assert.equal(
    namedShapes([
      ["a", [2]],
      ["b", []],
    ]),
    "a:2,b:1",
  );
  assert.equal(namedShapes([]), undefined);
});

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
