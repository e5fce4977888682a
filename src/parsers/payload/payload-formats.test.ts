// KServe and Seldon payload-logger captures: pairing, the fields of the inference event, diagnostics, detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diagnostics, fixtureLines, fixtureText, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_LLM_FORMATS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineCovered, assertExamplesParse } from "../common/format-checks.js";
import { hashJson } from "../common/hashing.js";
import { kservePayloadFormat, seldonPayloadFormat } from "./payload-formats.js";

const IRIS_INSTANCES = [
  [6.8, 2.8, 4.8, 1.4],
  [6.0, 3.4, 4.5, 1.6],
];
const REFERENCE = Date.UTC(2026, 10, 22);

test("KServe http-echo capture (logger v0.2): response first, request second, paired by ce-id", () => {
  const lines = fixtureLines("kserve", "payload_logger_http_headers_echo_local_v0.2.txt");
  const results = run(kservePayloadFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  assert.equal(results.length, 1);
  const r = results[0];
  assert.ok(r?.ok);
  assert.equal(r.line, 1);
  assert.equal(r.raw.split("\n").length, 50);
  assert.deepEqual(r.record, {
    timestamp: Date.UTC(2020, 1, 27, 9, 52, 15, 816),
    event_kind: "inference",
    event_action: "predict",
    outcome: "success",
    model_name: "iris",
    k8s_namespace: "default",
    endpoint: "default",
    deployment_group: "default",
    request_id: "3ba84918-209f-4d8d-ae38-b041e5e4a328",
    latency_ms: 4.068506,
    input_shape: "2x4",
    input_size_bytes: 76,
    input_hash: hashJson(IRIS_INSTANCES),
    batch_size: 2,
    protocol: "v1",
    prediction_label: "1",
    output_summary: { batch_size: 2, labels: ["1", "1"] },
    ce_source: "http://localhost:8081/",
    ce_specversion: "0.2",
  });
  assertEveryLineCovered(lines, results);
});

test("KServe message-dumper capture: the cut-off response is a diagnostic, the request an unpaired event", () => {
  const lines = fixtureLines("kserve", "payload_logger_cloudevents_message_dumper_basic.txt");
  const results = run(kservePayloadFormat, lines);
  assert.deepEqual(diagnostics(results), [{ line: 32, code: "incomplete_record" }]);
  assert.deepEqual(records(results), [
    {
      timestamp: Date.UTC(2021, 3, 10, 0, 23, 26, 78),
      event_kind: "inference",
      event_action: "predict",
      outcome: "unknown",
      model_name: "sklearn-iris",
      k8s_namespace: "default",
      request_id: "0009174a-24a8-4603-b098-09c8799950e9",
      trace_id: "90bdf848647d50283394155d2df58f19",
      span_id: "84dacdfdf07cadfc",
      input_shape: "2x4",
      input_size_bytes: JSON.stringify({ instances: IRIS_INSTANCES }).length,
      input_hash: hashJson(IRIS_INSTANCES),
      batch_size: 2,
      protocol: "v1",
      ce_source: "http://localhost:9081/",
      ce_specversion: "1.0",
      unpaired: "request",
    },
  ]);
  assertEveryLineCovered(lines, results);
});

test("KServe message-dumper capture, completed: request and response pair, latency from the two times", () => {
  // The sample stops inside the response's Data; closing its JSON is all that is added here.
  const text = `${fixtureText("kserve", "payload_logger_cloudevents_message_dumper_basic.txt").trimEnd()}\n      1\n    ]\n  }\n`;
  const results = runText(kservePayloadFormat, text);
  assert.deepEqual(diagnostics(results), []);
  const [r] = records(results);
  assert.equal(r?.latency_ms, 1.783202);
  assert.equal(r?.prediction_label, "1");
  assert.equal(r?.outcome, "success");
  assert.equal(r?.timestamp, Date.UTC(2021, 3, 10, 0, 23, 26, 78));
  assert.equal(r?.unpaired, undefined);
});

test("Seldon v1 JSON echo capture: paired by ce-requestid, model from ce-modelid, probability as confidence", () => {
  const lines = fixtureLines("seldon", "v1_payload_logger_cloudevents_echo_output.txt");
  const results = run(seldonPayloadFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  assert.equal(results.length, 1);
  assert.equal(results[0]?.line, 1);
  assert.deepEqual(records(results)[0], {
    timestamp: Date.UTC(2020, 10, 6, 9, 35, 9, 171),
    event_kind: "inference",
    event_action: "predict",
    outcome: "success",
    model_name: "classifier",
    seldon_deployment: "model-logs",
    k8s_namespace: "seldon",
    endpoint: "logging",
    deployment_group: "logging",
    request_id: "33fb419e-8d6b-44e0-a084-8bd4bd4dbf7b",
    trace_id: "9c7cc210d352f7b68be6422c1b4b78f4",
    span_id: "a7e8a2a38709bbc9",
    latency_ms: 8.67359,
    input_shape: "1x3",
    input_size_bytes: 39,
    input_hash: hashJson({ ndarray: [[1.0, 2.0, 5.0]] }),
    batch_size: 1,
    protocol: "seldon",
    prediction_label: "proba",
    confidence: 0.43782349911420193,
    output_summary: { batch_size: 1, values: [0.43782349911420193] },
    ce_source: "http://:8000/",
    ce_specversion: "1.0",
  });
  assertEveryLineCovered(lines, results);
});

test("Seldon v1 executor (ce 0.2) inspect capture: a request alone, model from the model-id header", () => {
  const lines = fixtureLines("seldon", "v1_executor_local_logger_echo_request_ce0.2.txt");
  const results = run(seldonPayloadFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const [r] = records(results);
  assert.equal(r?.model_name, "classifier");
  assert.equal(r?.timestamp, Date.UTC(2019, 11, 24, 17, 55, 29, 709));
  assert.equal(r?.request_id, "a25fcefe-238f-4a3e-972a-fe64419ca74f");
  assert.equal(r?.input_shape, "1x2");
  assert.equal(r?.input_size_bytes, 32);
  assert.equal(r?.unpaired, "request");
  assert.equal(r?.outcome, "unknown");
  assertEveryLineCovered(lines, results);
});

test("Open Inference Protocol spec text: the HTTP request is an event, prose and the broken response are diagnosed", () => {
  const lines = fixtureLines("kserve", "oip_v2_infer_request_response_spec_example.txt");
  const results = run(kservePayloadFormat, lines);
  assert.deepEqual(diagnostics(results), [
    { line: 1, code: "unparseable" },
    { line: 30, code: "unparseable" },
    { line: 31, code: "unparseable" },
    { line: 32, code: "unparseable" },
    { line: 34, code: "incomplete_record" },
  ]);
  const [r] = records(results);
  assert.deepEqual(r, {
    timestamp: REFERENCE,
    event_kind: "inference",
    event_action: "predict",
    outcome: "unknown",
    timestamp_source: "reference_time",
    model_name: "mymodel",
    endpoint: "/v2/models/mymodel/infer",
    request_id: "42",
    input_shape: "2x2,3",
    input_size_bytes: r?.input_size_bytes,
    input_hash: r?.input_hash,
    batch_size: 2,
    protocol: "v2",
    unpaired: "request",
  });
  assert.equal(typeof r?.input_size_bytes, "number");
  assertEveryLineCovered(lines, results);
});

test("bare V1/V2 bodies: shapes, hashes, and the V2 label tensor", () => {
  const v1 = records(run(kservePayloadFormat, fixtureLines("kserve", "v1_request_sklearn_iris.json")));
  assert.equal(v1[0]?.input_shape, "2x4");
  assert.equal(v1[0]?.input_hash, hashJson(IRIS_INSTANCES));
  assert.equal(v1[0]?.timestamp_source, "reference_time");
  const v2req = records(run(kservePayloadFormat, fixtureLines("kserve", "oip_v2_request_sklearn_iris.json")));
  assert.equal(v2req[0]?.input_shape, "2x4");
  assert.equal(v2req[0]?.protocol, "v2");
  const v2res = records(run(kservePayloadFormat, fixtureLines("kserve", "oip_v2_response_sklearn_iris.json")));
  assert.deepEqual(v2res[0], {
    timestamp: REFERENCE,
    event_kind: "inference",
    event_action: "predict",
    outcome: "success",
    timestamp_source: "reference_time",
    model_name: "iris-classifier",
    model_version: "v1.0.0",
    request_id: "823248cc-d770-4a51-9606-16803395569c",
    protocol: "v2",
    prediction_label: "1",
    output_summary: {
      outputs: [{ name: "predict", datatype: "FP32", shape: [2] }],
      batch_size: 2,
      labels: ["1", "2"],
    },
    unpaired: "response",
  });
});

test("no record carries the raw input tensor", () => {
  for (const [system, file] of [
    ["kserve", "payload_logger_http_headers_echo_local_v0.2.txt"],
    ["kserve", "payload_logger_cloudevents_message_dumper_basic.txt"],
    ["seldon", "v1_payload_logger_cloudevents_echo_output.txt"],
  ] as const) {
    for (const r of records(run(kservePayloadFormat, fixtureLines(system, file)))) {
      const text = JSON.stringify(r);
      assert.ok(!text.includes("6.8") && !text.includes("[1,2,5]"), `${file}: ${text}`);
    }
  }
});

test("structured-mode CloudEvents (one per line, a batch, data_base64) with V2 probabilities", () => {
  const request =
    '{"specversion":"1.0","id":"r-1","type":"org.kubeflow.serving.inference.request","source":"http://x/","time":"2026-03-01T10:00:00.000Z","inferenceservicename":"flowers","namespace":"ml","endpoint":"canary","component":"predictor","data":{"id":"r-1","inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[0.1,0.2,0.3]}]}}';
  const responseData = {
    model_name: "flowers",
    model_version: "2",
    outputs: [
      { name: "label", shape: [1], datatype: "BYTES", data: ["rose"] },
      { name: "probabilities", shape: [1, 3], datatype: "FP32", data: [0.05, 0.9, 0.05] },
    ],
  };
  const response = JSON.stringify({
    specversion: "1.0",
    id: "r-1",
    type: "org.kubeflow.serving.inference.response",
    source: "http://x/",
    time: "2026-03-01T10:00:00.250Z",
    data_base64: Buffer.from(JSON.stringify(responseData)).toString("base64"),
  });
  for (const text of [`${request}\n${response}`, `[${request},${response}]`]) {
    const results = runText(kservePayloadFormat, text);
    assert.deepEqual(diagnostics(results), []);
    const [r] = records(results);
    assert.equal(r?.latency_ms, 250);
    assert.equal(r?.model_name, "flowers");
    assert.equal(r?.model_version, "2");
    assert.equal(r?.deployment_group, "canary");
    assert.equal(r?.component, "predictor");
    assert.equal(r?.prediction_label, "rose");
    assert.equal(r?.confidence, 0.9);
    assert.equal(r?.input_shape, "1x3");
    assertEveryLineCovered(
      text.split("\n").map((t, i) => ({ line: i + 1, text: t })),
      results,
    );
  }
});

test("raw HTTP text with ce-* headers, and a failed response", () => {
  const text = [
    "POST / HTTP/1.1",
    "Ce-Id: abc",
    "Ce-Type: org.kubeflow.serving.inference.request",
    "Ce-Time: 2026-03-01T10:00:00Z",
    "Ce-Inferenceservicename: digits",
    '{"instances": [[1, 2], [3, 4]]}',
    "POST / HTTP/1.1",
    "Ce-Id: abc",
    "Ce-Type: org.kubeflow.serving.inference.response",
    "Ce-Time: 2026-03-01T10:00:01Z",
    '{"error": "model digits is not ready"}',
  ].join("\n");
  const results = runText(kservePayloadFormat, text);
  assert.deepEqual(diagnostics(results), []);
  const [r] = records(results);
  assert.equal(r?.outcome, "failure");
  assert.equal(r?.severity, "error");
  assert.equal(r?.message, "model digits is not ready");
  assert.equal(r?.latency_ms, 1000);
  assert.equal(r?.input_shape, "2x2");
});

test("damaged input: a body that is not JSON, a block cut mid-string, a request whose response never came", () => {
  const badBody = runText(
    seldonPayloadFormat,
    "{ path: '/',\n  headers:\n   { 'ce-id': 'x', 'ce-type': 'io.seldon.serving.inference.request' },\n  body: '{\"data\": {',\n  method: 'POST' }",
  );
  assert.deepEqual(diagnostics(badBody), [{ line: 1, code: "invalid_json" }]);
  const cut = runText(kservePayloadFormat, '{"specversion":"1.0","id":"a","type":"org.kubeflow.serving.inference.re');
  assert.deepEqual(diagnostics(cut), [{ line: 1, code: "incomplete_record" }]);
  const lonely = runText(
    kservePayloadFormat,
    '{"specversion":"1.0","id":"a","type":"org.kubeflow.serving.inference.response","time":"2026-01-01T00:00:00Z"}',
  );
  assert.deepEqual(diagnostics(lonely), [{ line: 1, code: "incomplete_record" }]);
  const badTime = records(
    runText(
      kservePayloadFormat,
      '{"specversion":"1.0","id":"b","type":"org.kubeflow.serving.inference.request","time":"yesterday","data":{"instances":[[1]]}}',
    ),
  );
  assert.equal(badTime[0]?.timestamp, REFERENCE);
  assert.equal(badTime[0]?.timestamp_source, "reference_time");
  assert.equal(badTime[0]?.unparsed_time, "yesterday");
});

test("every line of every payload sample is a record or a diagnostic", () => {
  const files: Array<[string, string]> = [
    ["kserve", "oip_v2_infer_request_response_spec_example.txt"],
    ["kserve", "oip_v2_request_sklearn_iris.json"],
    ["kserve", "oip_v2_response_sklearn_iris.json"],
    ["kserve", "payload_logger_cloudevents_message_dumper_basic.txt"],
    ["kserve", "payload_logger_http_headers_echo_local_v0.2.txt"],
    ["kserve", "v1_request_sklearn_iris.json"],
    ["seldon", "v1_executor_local_logger_echo_request_ce0.2.txt"],
    ["seldon", "v1_payload_logger_cloudevents_echo_output.txt"],
  ];
  let lineCount = 0;
  let resultCount = 0;
  for (const [system, file] of files) {
    for (const format of [kservePayloadFormat, seldonPayloadFormat]) {
      const lines = fixtureLines(system, file);
      const results = run(format, lines);
      assertEveryLineCovered(lines, results);
      lineCount += lines.length;
      resultCount += results.length;
    }
  }
  assert.equal(lineCount, 2 * 297);
  assert.equal(resultCount, 2 * 14);
});

test("examples parse; detection keys on the event-type line of every capture layout", () => {
  assertExamplesParse(kservePayloadFormat);
  assertExamplesParse(seldonPayloadFormat);
  const kserve = [
    "  type: org.kubeflow.serving.inference.request",
    "     'ce-type': 'org.kubeflow.serving.inference.response',",
    "Ce-Type: org.kubeflow.serving.inference.request",
    ...kservePayloadFormat.examples,
  ];
  const seldon = [
    '        "ce-type": "io.seldon.serving.inference.request",',
    "     'ce-type': 'io.seldon.serving.inference.request',",
    ...seldonPayloadFormat.examples,
  ];
  // Lines every capture shares (banner, echo start, other headers) wait for the type line: neither vendor claims them.
  const shared = [
    "☁️  cloudevents.Event",
    "{ path: '/',",
    "     'ce-id': '3ba84918-209f-4d8d-ae38-b041e5e4a328',",
    'INFO:     10.129.14.198:0 - "POST /v1/completions HTTP/1.1" 200 OK',
  ];
  assertDetects(kservePayloadFormat, kserve, [...FOREIGN_TO_LLM_FORMATS, ...seldon, ...shared]);
  assertDetects(seldonPayloadFormat, seldon, [...FOREIGN_TO_LLM_FORMATS, ...kserve, ...shared]);
});
