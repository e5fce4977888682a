// `tfserving` format: glog-style server lines in local time, wrapped messages, servable lifecycle events.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineOnce, assertExamplesParse } from "../common/format-checks.js";
import { tfservingLogFormat as fmt } from "./log-format.js";

test("the docker doc sample: a header line whose message wrapped onto the next line", () => {
  const lines = fixtureLines("tensorflow-serving", "server_log_glog_style_docker_docs.log");
  const results = run(fmt, lines);
  assertEveryLineOnce(lines, results);
  assert.deepEqual(records(results), [
    {
      timestamp: Date.UTC(2018, 6, 27, 0, 7, 20, 773),
      severity: "info",
      source_file: "tensorflow_serving/model_servers/main.cc",
      source_line: 333,
      event_kind: "infra",
      event_action: "server_started",
      protocol: "rest",
      listen_address: "localhost:8501",
      message: "Exporting HTTP/REST API at:localhost:8501 ...",
      continuation_lines: 1,
    },
  ]);
  const ny = records(run(fmt, lines, { ...CONTEXT, timeZone: "America/New_York" }));
  assert.equal(ny[0]?.timestamp, Date.UTC(2018, 6, 27, 4, 7, 20, 773));
});

// Lines as TF Serving 1.x/2.x print them (servable lifecycle, warnings, and gRPC's own glog line in the stream).
const LIFECYCLE = [
  "2019-11-10 07:11:17.247605: I tensorflow_serving/core/loader_harness.cc:87] Successfully loaded servable version {name: half_plus_two version: 123}",
  "2019-11-10 07:11:17.250931: I tensorflow_serving/model_servers/server.cc:353] Running gRPC ModelServer at 0.0.0.0:8500 ...",
  "2019-11-10 07:12:00.000001: W tensorflow_serving/sources/storage_path/file_system_storage_path_source.cc:267] No versions of servable half found under base path /models/half",
  "2019-11-10 07:13:00.500000: I tensorflow_serving/core/loader_harness.cc:138] Done unloading servable version {name: half_plus_two version: 122}",
  "2019-11-10 07:14:00.000000: E tensorflow_serving/util/retrier.cc:37] Loading servable: {name: half_plus_two version: 124} failed: Not found: Op type not registered 'Foo'",
  "2019-01-15 03:45:06.335000: I external/org_tensorflow/tensorflow/cc/saved_model/loader.cc:285] SavedModel load for tags { serve }; Status: success. Took 352225 microseconds.",
  "E0621 19:20:34.134165172       7 ev_epoll1_linux.c:1051]     grpc epoll fd: 3",
];

test("servable lifecycle messages become deploy events with model name and version", () => {
  const rs = records(runText(fmt, LIFECYCLE.join("\n")));
  assert.deepEqual(
    rs.map((r) => [r.event_kind, r.event_action, r.model_name, r.model_version, r.outcome, r.severity]),
    [
      ["deploy", "servable_loaded", "half_plus_two", "123", "success", "info"],
      ["infra", "server_started", undefined, undefined, undefined, "info"],
      ["deploy", "servable_not_found", "half", undefined, "failure", "warn"],
      ["deploy", "servable_unloaded", "half_plus_two", "122", "success", "info"],
      ["deploy", "servable_load_failed", "half_plus_two", "124", "failure", "error"],
      ["deploy", "saved_model_loaded", undefined, undefined, "success", "info"],
      [undefined, undefined, undefined, undefined, undefined, "error"],
    ],
  );
  assert.equal(rs[0]?.timestamp, Date.UTC(2019, 10, 10, 7, 11, 17, 247));
  assert.equal(rs[4]?.error_message, "Not found: Op type not registered 'Foo'");
  assert.equal(rs[5]?.latency_ms, 352.225);
  // The year-less glog line takes the year that puts it nearest before the reference time (2026-11-22).
  assert.equal(rs[6]?.timestamp, Date.UTC(2026, 5, 21, 19, 20, 34, 134));
  assert.equal(rs[6]?.thread_id, 7);
  assert.equal(rs[6]?.message, "    grpc epoll fd: 3");
});

test("text before any header and impossible dates are diagnosed", () => {
  const rs = runText(
    fmt,
    ["[warn] getaddrinfo: address family for nodename not supported", "2019-02-30 07:11:17.247605: I a.cc:1] x"].join(
      "\n",
    ),
  );
  assert.deepEqual(
    rs.map((r) => (r.ok ? "ok" : r.code)),
    ["unparseable", "invalid_timestamp"],
  );
});

test("examples parse; detect keys on the dated glog header", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    [LIFECYCLE[0] as string, "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]"],
    [
      ...FOREIGN_TO_SERVER_LOGS,
      "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
      '2024-05-30T21:41:47,098 [INFO ] epollEventLoopGroup-3-2 ACCESS_LOG - /127.0.0.1:36270 "GET /models HTTP/1.1" 200 2',
    ],
  );
});
