// `triton-trace` format: entries gathered per trace id into one inference event with latencies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnostics, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertExamplesParse } from "../common/format-checks.js";
import { hashJson } from "../common/hashing.js";
import { tritonTraceFormat as fmt } from "./trace-format.js";

/** Every entry line is in its trace's raw; only the array's own brackets are outside any result. */
function assertEntriesAccounted(lines: ReturnType<typeof fixtureLines>, results: ReturnType<typeof run>): void {
  const raws = results.map((r) => r.raw).join("\n");
  for (const l of lines) {
    const t = l.text.trim().replace(/,$/, "");
    if (t === "[" || t === "]") continue;
    assert.ok(raws.includes(t), `line ${l.line} is in a result: ${t}`);
  }
}

test("the TIMESTAMPS sample: one HTTP request with end-to-end, queue and compute latency", () => {
  const lines = fixtureLines("triton", "trace_timestamps_docs.json");
  const results = run(fmt, lines);
  assertEntriesAccounted(lines, results);
  assert.equal(results.length, 1);
  assert.equal(results[0]?.line, 2);
  assert.deepEqual(records(results)[0], {
    timestamp: CONTEXT.referenceTime,
    timestamp_source: "reference_time",
    trace_start_ns: 2356425054587444,
    event_kind: "inference",
    event_action: "infer",
    request_id: "1",
    triton_trace_id: "1",
    protocol: "http",
    latency_ms: 3.126,
    queue_ms: 0.096,
    compute_ms: 2.654,
    handler_ms: 2.857,
    receive_ms: 0.045,
    send_ms: 0.031,
    compute_input_ms: 2.266,
    compute_infer_ms: 0.345,
    compute_output_ms: 0.043,
    first_response_ms: 2.802,
    trace_entries: 12,
  });
});

test("the TENSORS sample: the input is hashed and shaped, never kept", () => {
  const lines = fixtureLines("triton", "trace_tensors_docs.json");
  const results = run(fmt, lines);
  assertEntriesAccounted(lines, results);
  const [r] = records(results);
  assert.equal(r?.input_shape, "1x16");
  assert.equal(r?.input_hash, hashJson([{ name: "input", dtype: "FP32", shape: [1, 16], data: "0.1,0.1,0.1,..." }]));
  assert.deepEqual(r?.input_dtypes, { input: "FP32" });
  assert.equal(JSON.stringify(r).includes("0.1,0.1"), false);
});

test("several traces, model header entries, old lowercase timestamp names, gRPC, parents", () => {
  const text = [
    "[",
    '{"id": 1, "model_name": "simple", "model_version": 1, "request_id": "req-a", "parent_id": 0},',
    '{"id": 2, "model_name": "ensemble", "model_version": 3},',
    '{"id": 1, "timestamps": [{"name": "grpc wait/read start", "ns": 100}, {"name": "grpc wait/read end", "ns": 2000000}, {"name": "request handler start", "ns": 2100000}, {"name": "queue start", "ns": 2200000}, {"name": "compute start", "ns": 3200000}, {"name": "compute end", "ns": 7200000}, {"name": "request handler end", "ns": 7300000}, {"name": "grpc send start", "ns": 7400000}, {"name": "grpc send end", "ns": 7500000}]},',
    '{"id": 3, "model_name": "child", "model_version": 1, "parent_id": 2},',
    '{"id": 3, "timestamps": [{"name": "REQUEST_START", "ns": 1700000000000000000}, {"name": "REQUEST_END", "ns": 1700000000005000000}]}',
    "]",
  ].join("\n");
  const rs = records(runText(fmt, text));
  assert.deepEqual(
    rs.map((r) => [
      r.triton_trace_id,
      r.request_id,
      r.model_name,
      r.model_version,
      r.protocol,
      r.latency_ms,
      r.queue_ms,
      r.compute_ms,
      r.parent_trace_id,
    ]),
    [
      ["1", "req-a", "simple", "1", "grpc", 5.5, 1, 4, undefined],
      ["2", "2", "ensemble", "3", undefined, undefined, undefined, undefined, undefined],
      ["3", "3", "child", "1", undefined, 5, undefined, undefined, "2"],
    ],
  );
  // Wall-clock nanoseconds (OpenTelemetry-style clocks) are used as the time; steady-clock ones are not.
  assert.equal(rs[2]?.timestamp, 1700000000000);
  assert.equal(rs[2]?.timestamp_source, undefined);
});

test("entries without an id, broken JSON and an unclosed array are diagnosed; complete traces still come out", () => {
  const rs = runText(
    fmt,
    ["[", '{"model_name": "x"},', '{"id": 1, "timestamps": [}', '{"id": 2, "model_name": "y"}'].join("\n"),
  );
  assert.deepEqual(
    diagnostics(rs).map((d) => [d.line, d.code]),
    [
      [2, "unparseable"],
      [3, "invalid_json"],
      [1, "incomplete_record"],
    ],
  );
  assert.deepEqual(
    records(rs).map((r) => r.model_name),
    ["y"],
  );
});

test("examples parse; detect keys on trace entry shapes only", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    [
      '  {"id": 1, "timestamps": [{ "name": "HTTP_RECV_START", "ns": 2356425054587444 }] },',
      '{"id": 1, "model_name": "simple", "model_version": 1}',
      '    "activity": "TENSOR_QUEUE_INPUT",',
      '      { "name": "http recv start", "ns": 2259961222771924 },',
    ],
    [
      ...FOREIGN_TO_SERVER_LOGS,
      '{"id": "823248cc-d770-4a51-9606-16803395569c", "model_name": "iris-classifier", "model_version": "v1.0.0"}',
    ],
  );
});
