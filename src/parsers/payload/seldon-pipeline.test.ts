// Seldon Core v2 `pipeline inspect` lines: pairing inputs and outputs, the xid time, diagnostics, detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diagnostics, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_LLM_FORMATS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineCovered, assertExamplesParse } from "../common/format-checks.js";
import { seldonPipelineFormat, xidTime } from "./seldon-pipeline.js";

test("xid request ids carry their creation time in seconds", () => {
  assert.equal(xidTime("ciep0bofh5ss73dpdiq0"), Date.UTC(2023, 5, 29, 14, 7, 43));
  assert.equal(xidTime("ciep298fh5ss73dpdir0"), Date.UTC(2023, 5, 29, 14, 11, 49));
  assert.equal(xidTime("not-an-xid"), undefined);
});

test("local experiments sample: a model and its pipeline, each paired into one event", () => {
  const lines = fixtureLines("seldon", "v2_kafka_pipeline_inspect_local_experiments.tsv");
  const results = run(seldonPipelineFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const [model, pipeline] = records(results);
  assert.deepEqual(model, {
    timestamp: Date.UTC(2023, 5, 29, 14, 7, 43),
    event_kind: "inference",
    event_action: "predict",
    outcome: "success",
    timestamp_source: "request_id",
    model_name: "mul10",
    model_version: "1",
    served_model_name: "mul10_1",
    seldon_resource: "model",
    k8s_namespace: "default",
    request_id: "ciep0bofh5ss73dpdiq0",
    input_shape: "4",
    input_size_bytes: 99,
    input_hash: model?.input_hash,
    batch_size: 4,
    output_summary: { outputs: [{ name: "OUTPUT", datatype: "FP32", shape: [4] }] },
  });
  assert.match(String(model?.input_hash), /^[0-9a-f]{64}$/);
  assert.equal(pipeline?.event_action, "pipeline");
  assert.equal(pipeline?.model_name, "pipeline-mul10");
  assert.equal(pipeline?.input_hash, model?.input_hash, "same input, same hash");
  assert.equal(results[0]?.raw.split("\n").length, 2);
  assertEveryLineCovered(lines, results);
});

test("pipeline examples sample: three steps, raw tensors hashed with the JSON ones", () => {
  const lines = fixtureLines("seldon", "v2_kafka_pipeline_inspect_pipeline_examples.tsv");
  const results = run(seldonPipelineFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const events = records(results);
  assert.deepEqual(
    events.map((e) => [e.model_name, e.event_action, e.input_shape, e.model_version]),
    [
      ["tfsimple1", "predict", "1x16,1x16", "1"],
      ["tfsimple2", "predict", "1x16,1x16", "1"],
      ["tfsimples", "pipeline", "1x16,1x16", undefined],
    ],
  );
  assert.notEqual(events[1]?.input_hash, events[0]?.input_hash);
  assertEveryLineCovered(lines, results);
});

test("unpaired halves at the end, damaged lines as diagnostics", () => {
  const text = [
    'seldon.default.model.iris.inputs\tciep0bofh5ss73dpdiq0\t{"inputs":[{"name":"x","datatype":"FP32","shape":["1","4"],"contents":{"fp32Contents":[1,2,3,4]}}]}',
    'seldon.default.model.iris.outputs\tciep0bofh5ss73dpdiq1\t{"modelName":"iris_1","modelVersion":"1","outputs":[{"name":"predict","datatype":"INT64","shape":["1"],"contents":{"int64Contents":["2"]}}]}',
    'seldon.default.model.iris.outputs\tciep0bofh5ss73dpdiq2\t{"outputs":[',
    "not a kafka line",
  ].join("\n");
  const results = runText(seldonPipelineFormat, text);
  assert.deepEqual(diagnostics(results), [
    { line: 3, code: "invalid_json" },
    { line: 4, code: "unparseable" },
  ]);
  const [request, response] = records(results);
  assert.equal(request?.unpaired, "request");
  assert.equal(request?.outcome, "unknown");
  assert.equal(response?.unpaired, "response");
  assert.equal(response?.prediction_label, "2");
});

test("examples parse; detection keys on the seldon topic, a request id and a JSON message", () => {
  assertExamplesParse(seldonPipelineFormat);
  const own = fixtureLines("seldon", "v2_kafka_pipeline_inspect_pipeline_examples.tsv").map((l) => l.text);
  assertDetects(seldonPipelineFormat, own, [
    ...FOREIGN_TO_LLM_FORMATS,
    '{"specversion":"1.0","id":"a","type":"io.seldon.serving.inference.request"}',
  ]);
});
