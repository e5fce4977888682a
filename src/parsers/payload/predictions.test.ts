// Reading labels and confidences out of the output shapes models return.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arrayShape, bodyDirection, summarizeRequest, summarizeResponse } from "./bodies.js";
import { predictionOfRows, predictionOfTensors } from "./predictions.js";

test("V1 rows: labels, class probabilities, regression values, object rows", () => {
  assert.equal(predictionOfRows([1, 1]).label, "1");
  assert.equal(predictionOfRows(["setosa"]).label, "setosa");
  const probs = predictionOfRows([
    [0.1, 0.7, 0.2],
    [0.8, 0.1, 0.1],
  ]);
  assert.equal(probs.label, "1");
  assert.equal(probs.confidence, 0.7);
  assert.deepEqual(probs.summary.top, [
    [
      { label: "1", p: 0.7 },
      { label: "2", p: 0.2 },
      { label: "0", p: 0.1 },
    ],
    [
      { label: "0", p: 0.8 },
      { label: "1", p: 0.1 },
      { label: "2", p: 0.1 },
    ],
  ]);
  const named = predictionOfRows([[0.2, 0.8]], ["cat", "dog"]);
  assert.equal(named.label, "dog");
  assert.equal(named.confidence, 0.8);
  const regression = predictionOfRows([3.25]);
  assert.equal(regression.value, 3.25);
  assert.equal(regression.label, undefined);
  const logits = predictionOfRows([[2.5, -1, 4]]);
  assert.equal(logits.label, undefined, "scores outside [0,1] are not probabilities");
  const objects = predictionOfRows([{ classes: ["a", "b"], scores: [0.3, 0.7] }]);
  assert.equal(objects.label, "b");
  assert.equal(objects.confidence, 0.7);
  assert.deepEqual(predictionOfRows([{ label: "spam", score: 0.93 }]), {
    label: "spam",
    confidence: 0.93,
    summary: { batch_size: 1, rows: [{ label: "spam", confidence: 0.93 }] },
  });
});

test("V2 tensors: a label tensor, a probability tensor, both, or neither", () => {
  const both = predictionOfTensors([
    { name: "output_label", datatype: "INT64", shape: [2, 1], data: [3, 1] },
    { name: "output_probability", datatype: "FP32", shape: [2, 4], data: [0.1, 0.1, 0.1, 0.7, 0.2, 0.6, 0.1, 0.1] },
  ]);
  assert.equal(both.label, "3");
  assert.equal(both.confidence, 0.7);
  const probsOnly = predictionOfTensors([
    { name: "softmax", datatype: "FP32", shape: [1, 3], data: [[0.2, 0.5, 0.3]] },
  ]);
  assert.equal(probsOnly.label, "1");
  assert.equal(probsOnly.confidence, 0.5);
  const singleVector = predictionOfTensors([{ name: "probs", datatype: "FP64", shape: [3], data: [0.25, 0.25, 0.5] }]);
  assert.equal(singleVector.label, "2");
  assert.equal(singleVector.confidence, 0.5);
  const embedding = predictionOfTensors([
    { name: "OUTPUT0", datatype: "INT32", shape: [1, 16], data: new Array(16).fill(2) },
  ]);
  assert.equal(embedding.label, undefined);
  assert.equal(embedding.confidence, undefined);
  assert.deepEqual(embedding.summary, { outputs: [{ name: "OUTPUT0", datatype: "INT32", shape: [1, 16] }] });
  const seldonV2 = predictionOfTensors([
    { name: "label", datatype: "BYTES", shape: ["1"], contents: { bytesContents: ["approved"] } },
  ]);
  assert.equal(seldonV2.label, "approved");
});

test("request summaries and body direction", () => {
  assert.deepEqual(
    arrayShape([
      [[1], [2]],
      [[3], [4]],
    ]),
    [2, 2, 1],
  );
  assert.deepEqual(arrayShape([[1, 2], [3]]), [2]);
  assert.deepEqual(arrayShape(7), []);
  const tf = summarizeRequest({ inputs: [[1, 2, 3]] });
  assert.equal(tf.protocol, "v1");
  assert.equal(tf.inputShape, "1x3");
  const seldonTensor = summarizeRequest({ data: { tensor: { shape: [2, 2], values: [1, 2, 3, 4] } } });
  assert.equal(seldonTensor.inputShape, "2x2");
  assert.equal(seldonTensor.batchSize, 2);
  const failed = summarizeResponse({ status: { code: 500, info: "boom", status: "FAILURE" } });
  assert.equal(failed.error, "boom");
  assert.equal(bodyDirection({ instances: [] }), "request");
  assert.equal(bodyDirection({ predictions: [] }), "response");
  assert.equal(bodyDirection({ data: { ndarray: [] } }), "request");
  assert.equal(bodyDirection({ data: { ndarray: [] }, meta: {} }), "response");
  assert.equal(bodyDirection({ hello: 1 }), undefined);
});
