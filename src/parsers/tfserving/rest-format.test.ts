// `tfserving-rest` format: curl transcripts paired with responses, standalone bodies, errors, model status.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnostics, diagnosticsWithRaw, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertExamplesParse, sampleCounts } from "../common/format-checks.js";
import { hashJson } from "../common/hashing.js";
import { tfservingRestFormat as fmt, httpDateMs } from "./rest-format.js";

const FILES = [
  "rest_error_404_response.txt",
  "rest_model_status_response.json",
  "rest_predict_curl_and_response.txt",
  "rest_predict_request_columnar.json",
  "rest_regress_curl_and_response.txt",
];

test("every line of every REST sample yields a record or a diagnostic", () => {
  assert.deepEqual(sampleCounts(fmt, "tensorflow-serving", FILES), {
    // The transcript ends with a bare `$` prompt.
    "rest_error_404_response.txt": [1, 1],
    "rest_model_status_response.json": [1, 0],
    "rest_predict_curl_and_response.txt": [1, 0],
    "rest_predict_request_columnar.json": [1, 0],
    "rest_regress_curl_and_response.txt": [1, 0],
  });
});

test("a curl predict and its response are one inference event: model, endpoint, input hash/shape, outputs", () => {
  const [r] = records(run(fmt, fixtureLines("tensorflow-serving", "rest_predict_curl_and_response.txt")));
  assert.deepEqual(r, {
    timestamp: CONTEXT.referenceTime,
    timestamp_source: "reference_time",
    event_kind: "inference",
    event_action: "predict",
    request_format: "row",
    input_hash: hashJson([1.0, 2.0, 5.0]),
    input_shape: "3",
    input_size_bytes: 28,
    outcome: "success",
    output_summary: { count: 3, min: 3.5, max: 5.5, mean: 4.333333 },
    http_method: "POST",
    endpoint: "/v1/models/saved_model_half_plus_three:predict",
    server_address: "localhost:8501",
    model_name: "saved_model_half_plus_three",
  });
});

test("a backslash-continued curl regress call pairs with its results", () => {
  const results = run(fmt, fixtureLines("tensorflow-serving", "rest_regress_curl_and_response.txt"));
  assert.equal(results[0]?.line, 1);
  assert.equal(results[0]?.raw.split("\n").length, 5);
  const [r] = records(results);
  assert.equal(r?.event_action, "regress");
  assert.equal(r?.signature_name, "tensorflow/serving/regress");
  assert.equal(r?.request_format, "examples");
  assert.equal(r?.input_shape, "2");
  assert.equal(r?.model_name, "saved_model_half_plus_three");
  assert.deepEqual(r?.output_summary, { count: 2, min: 3.5, max: 4, mean: 3.75 });
});

test("the 404 transcript: status, Date header as the time, error body, failure", () => {
  const results = run(fmt, fixtureLines("tensorflow-serving", "rest_error_404_response.txt"));
  const [r] = records(results);
  assert.equal(r?.timestamp, Date.UTC(2018, 5, 6, 23, 20, 12));
  assert.equal(r?.timestamp_source, undefined);
  assert.equal(r?.http_status_code, 404);
  assert.equal(r?.outcome, "failure");
  assert.equal(r?.severity, "error");
  assert.equal(r?.error_type, "servable_not_found");
  assert.equal(r?.message, "Servable not found for request: Latest(half)");
  assert.equal(r?.model_name, "half");
  assert.equal(r?.input_hash, hashJson([1.0, 5.0]));
  assert.equal(r?.response_size_bytes, 65);
  assert.deepEqual(diagnosticsWithRaw(results), [{ line: 8, code: "unparseable", raw: "$" }]);
});

test("standalone bodies: a columnar request is hashed and measured; a status response is a deploy event", () => {
  const [req] = records(run(fmt, fixtureLines("tensorflow-serving", "rest_predict_request_columnar.json")));
  assert.equal(req?.event_kind, "inference");
  assert.equal(req?.request_format, "columnar");
  assert.equal(req?.input_shape, "tag:2,signal:2x5,sensor:2x2x2");
  assert.equal(
    req?.input_hash,
    hashJson({
      tag: ["foo", "bar"],
      signal: [
        [1, 2, 3, 4, 5],
        [3, 4, 1, 2, 5],
      ],
      sensor: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [4, 5],
          [6, 8],
        ],
      ],
    }),
  );
  assert.equal(req?.message_type, "request");
  assert.equal(JSON.stringify(req).includes('"foo"'), false, "raw inputs never reach the record");
  const [status] = records(run(fmt, fixtureLines("tensorflow-serving", "rest_model_status_response.json")));
  assert.deepEqual(
    [status?.event_kind, status?.event_action, status?.model_version, status?.model_state, status?.outcome],
    ["deploy", "model_status", "123", "AVAILABLE", "success"],
  );
});

test("classification outputs give a label and confidence; a curl with no response is incomplete", () => {
  const rs = runText(
    fmt,
    [
      "$ curl -d '{\"instances\": [[0.1, 0.2]]}' http://localhost:8501/v1/models/iris/versions/2:predict",
      '{"predictions": [[0.1, 0.7, 0.2]]}',
      '{"result": [[["cat", 0.2], ["dog", 0.8]]]}',
      "$ curl http://localhost:8501/v1/models/iris",
    ].join("\n"),
  );
  const ok = records(rs);
  assert.deepEqual(
    [ok[0]?.model_name, ok[0]?.model_version, ok[0]?.prediction_label, ok[0]?.confidence, ok[0]?.input_shape],
    ["iris", "2", "1", 0.7, "1x2"],
  );
  assert.deepEqual([ok[1]?.event_action, ok[1]?.prediction_label, ok[1]?.confidence], ["classify", "dog", 0.8]);
  assert.deepEqual(
    diagnostics(rs).map((d) => [d.line, d.code]),
    [[4, "incomplete_record"]],
  );
});

test("unknown or broken JSON bodies are diagnosed", () => {
  const rs = runText(fmt, ['{"hello": 1}', '{"predictions": [1,,2]}', "[1, 2]", '{"predictions": [1,'].join("\n"));
  assert.deepEqual(
    rs.map((r) => (r.ok ? "ok" : r.code)),
    ["unparseable", "invalid_json", "not_an_object", "incomplete_record"],
  );
});

test("HTTP dates parse as GMT; anything else is refused", () => {
  assert.equal(httpDateMs("Wed, 06 Jun 2018 23:20:12 GMT"), Date.UTC(2018, 5, 6, 23, 20, 12));
  assert.equal(httpDateMs("yesterday"), undefined);
});

test("examples parse; detect keys on TF Serving curl URLs and distinctive body keys", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    [
      "$ curl -d '{\"instances\": [1.0,2.0,5.0]}' -X POST http://localhost:8501/v1/models/saved_model_half_plus_three:predict",
      "  -X POST http://localhost:8501/v1/models/saved_model_half_plus_three:regress",
      ' "model_version_status": [',
      '    "predictions": [3.5, 4.0, 5.5]',
      ' "inputs": {',
      '{ "error": "Servable not found for request: Latest(half)" }',
      '{"logMetadata": {"modelSpec": {"name": "m"}}, "predictLog": {}}',
    ],
    [
      ...FOREIGN_TO_SERVER_LOGS,
      "$ curl -v http://localhost:8080/v2/models/iris/infer",
      '  "outputs": [',
      "HTTP/1.1 404 Not Found",
    ],
  );
});
