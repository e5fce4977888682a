// `triton` format: default and ISO8601 layouts, year inference, quoted messages, tables, lifecycle events.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnostics, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineOnce, assertExamplesParse } from "../common/format-checks.js";
import { tritonLogFormat as fmt } from "./log-format.js";

const FILES = [
  "log_default_model_loaded_docs.log",
  "log_default_startup_llm_docs.log",
  "log_default_startup_protocol_docs.log",
  "log_default_startup_quickstart_docs.log",
  "log_format_default_docs.log",
];

test("every line of every Triton log sample yields a record or a diagnostic", () => {
  const counts: Record<string, number> = {};
  for (const file of FILES) {
    const lines = fixtureLines("triton", file);
    const results = run(fmt, lines);
    assertEveryLineOnce(lines, results);
    assert.deepEqual(diagnostics(results), [], file);
    counts[file] = records(results).length;
  }
  assert.deepEqual(counts, {
    "log_default_model_loaded_docs.log": 1,
    "log_default_startup_llm_docs.log": 3,
    "log_default_startup_protocol_docs.log": 3,
    "log_default_startup_quickstart_docs.log": 3,
    "log_format_default_docs.log": 2,
  });
});

test("a model load: UTC time with the year inferred from the reference time, deploy event, pid and source", () => {
  const [r] = records(run(fmt, fixtureLines("triton", "log_default_model_loaded_docs.log")));
  assert.deepEqual(r, {
    timestamp: Date.UTC(2026, 7, 2, 18, 11, 47, 100),
    severity: "info",
    process_id: 135,
    source_file: "model_repository_manager.cc",
    source_line: 1345,
    log_format: "default",
    event_kind: "deploy",
    event_action: "model_loaded",
    model_name: "densenet_onnx",
    model_version: "1",
    outcome: "success",
    message: "successfully loaded 'densenet_onnx' version 1",
  });
  // The zone of the context does not apply: Triton writes UTC.
  const berlin = records(
    run(fmt, fixtureLines("triton", "log_default_model_loaded_docs.log"), { ...CONTEXT, timeZone: "Europe/Berlin" }),
  );
  assert.equal(berlin[0]?.timestamp, r?.timestamp);
});

test("the year: a December line read in January is last year's; February 29 finds a leap year", () => {
  const jan = { ...CONTEXT, referenceTime: Date.UTC(2027, 0, 2, 12) };
  const rs = records(
    runText(
      fmt,
      [
        "I1231 23:59:59.000001 1 server.cc:1] old year",
        "I0101 00:00:01.000000 1 server.cc:2] new year",
        "I0229 10:00:00.000000 1 server.cc:3] leap",
      ].join("\n"),
      jan,
    ),
  );
  assert.deepEqual(
    rs.map((r) => r.timestamp),
    [Date.UTC(2026, 11, 31, 23, 59, 59, 0), Date.UTC(2027, 0, 1, 0, 0, 1, 0), Date.UTC(2024, 1, 29, 10)],
  );
});

test("quoted messages (newer builds) are unescaped; unquoted ones kept; endpoints become infra events", () => {
  const quoted = records(run(fmt, fixtureLines("triton", "log_default_startup_llm_docs.log")));
  assert.deepEqual(
    quoted.map((r) => [r.message, r.message_escaped, r.event_action, r.service, r.listen_address]),
    [
      ["Started GRPCInferenceService at 0.0.0.0:8001", true, "service_started", "GRPCInferenceService", "0.0.0.0:8001"],
      ["Started HTTPService at 0.0.0.0:8000", true, "service_started", "HTTPService", "0.0.0.0:8000"],
      ["Started Metrics Service at 0.0.0.0:8002", true, "service_started", "Metrics Service", "0.0.0.0:8002"],
    ],
  );
  const ipv6 = records(run(fmt, fixtureLines("triton", "log_default_startup_protocol_docs.log")));
  assert.equal(ipv6[1]?.listen_address, "ipv6:[::1]:8000");
  assert.equal(ipv6[1]?.message_escaped, undefined);
  const escaped = records(
    runText(
      fmt,
      'E0205 18:34:18.707461 1 http_server.cc:3570] "[request id: 42] Infer failed: input \\"x\\" bad\\nnext"',
    ),
  );
  assert.deepEqual(
    [escaped[0]?.request_id, escaped[0]?.outcome, escaped[0]?.event_kind, escaped[0]?.severity, escaped[0]?.message],
    ["42", "failure", "inference", "error", 'Infer failed: input "x" bad\nnext'.replace(/^/, "[request id: 42] ")],
  );
});

test("a box table after an entry belongs to it and is parsed; the model status table is a deploy event", () => {
  const results = run(fmt, fixtureLines("triton", "log_format_default_docs.log"));
  const [load, table] = records(results);
  assert.deepEqual([load?.event_action, load?.model_name], ["model_load_requested", "simple"]);
  assert.equal(results[1]?.line, 2);
  assert.equal(results[1]?.raw.split("\n").length, 6);
  assert.deepEqual(table?.table, {
    columns: ["Model", "Version", "Status"],
    rows: [{ Model: "simple", Version: "1", Status: "READY" }],
  });
  assert.deepEqual(
    [
      table?.event_kind,
      table?.event_action,
      table?.outcome,
      table?.model_name,
      table?.model_version,
      table?.continuation_lines,
    ],
    ["deploy", "model_status", "success", "simple", "1", 5],
  );
});

test("wrapped cells and failed models in a status table", () => {
  const text = [
    "I0520 20:03:25.912303 3355 server.cc:676]",
    "+-------+---------+------------------+",
    "| Model | Version | Status           |",
    "+-------+---------+------------------+",
    "| good  | 1       | READY            |",
    "| bad   | 2       | UNAVAILABLE: Int |",
    "|       |         | ernal: no file   |",
    "+-------+---------+------------------+",
  ].join("\n");
  const [r] = records(runText(fmt, text));
  assert.equal(r?.outcome, "failure");
  assert.deepEqual(r?.models, [
    { model: "good", version: "1", status: "READY" },
    { model: "bad", version: "2", status: "UNAVAILABLE: Internal: no file" },
  ]);
  assert.equal(r?.model_name, undefined);
});

test("ISO8601 layout, lifecycle failures, and lines that cannot be read", () => {
  const rs = runText(
    fmt,
    [
      "2024-09-07T17:36:21Z E 1 model_lifecycle.cc:654] failed to load 'simple' version 1: Invalid argument: bad config",
      "2024-09-07T17:36:22Z I 1 model_lifecycle.cc:818] successfully unloaded 'simple' version 1",
      "I1332 17:36:21.254212 1 server.cc:1] month 13",
      "stray text",
    ].join("\n"),
  );
  const ok = records(rs);
  assert.deepEqual(
    ok.map((r) => [r.timestamp, r.log_format, r.severity, r.event_action, r.outcome, r.model_name, r.model_version]),
    [
      [Date.UTC(2024, 8, 7, 17, 36, 21), "ISO8601", "error", "model_load_failed", "failure", "simple", "1"],
      [Date.UTC(2024, 8, 7, 17, 36, 22), "ISO8601", "info", "model_unloaded", "success", "simple", "1"],
    ],
  );
  assert.equal(ok[0]?.error_message, "Invalid argument: bad config");
  assert.deepEqual(
    diagnostics(rs).map((d) => [d.line, d.code]),
    [
      [3, "invalid_timestamp"],
      [4, "unparseable"],
    ],
  );
});

test("verbose HTTP request lines name the endpoint, model and version (probing shows up here)", () => {
  const rs = records(
    runText(
      fmt,
      [
        "I0803 18:44:01.000100 1 http_server.cc:4500] HTTP request: 2 /v2/models/simple/versions/3/infer",
        "I0803 18:44:02.000100 1 http_server.cc:4500] HTTP request: 0 /v2/models/secret",
      ].join("\n"),
    ),
  );
  assert.deepEqual(
    rs.map((r) => [r.event_kind, r.event_action, r.http_method, r.endpoint, r.model_name, r.model_version]),
    [
      ["inference", "infer", "POST", "/v2/models/simple/versions/3/infer", "simple", "3"],
      ["log", "http_request", "GET", "/v2/models/secret", "secret", undefined],
    ],
  );
});

test("examples parse; detect keys on Triton's headers, not on padded glog or other logs", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    [
      "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
      "I0520 20:03:25.912303 3355 server.cc:676]",
      "2024-09-07T17:36:21Z I 1 file.cc:123] msg",
    ],
    [
      ...FOREIGN_TO_SERVER_LOGS,
      "+--------+---------+--------+",
      "| simple | 1       | READY  |",
      "E0621 19:20:34.134165172       7 ev_epoll1_linux.c:1051]     grpc epoll fd: 3",
      "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]",
      '2024-05-30T21:41:47,098 [INFO ] epollEventLoopGroup-3-2 ACCESS_LOG - /127.0.0.1:36270 "GET /models HTTP/1.1" 200 2',
    ],
  );
});
