// `torchserve` format: log4j lines, access log, frontend/backend metrics, continuation lines, damaged lines.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnostics, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertExamplesParse, sampleCounts } from "../common/format-checks.js";
import { torchserveLogFormat as fmt } from "./log-format.js";

const FILES = [
  "model_log_backend_metrics_openvino.log",
  "model_log_backend_metrics_tensorrt.log",
  "model_log_backend_metrics_torch_compile.log",
  "model_metrics_unit_test_lines.log",
  "ts_log_console_access_and_ts_metrics.log",
  "ts_log_console_access_log_lines.log",
  "ts_log_model_load_apple_silicon.log",
  "ts_log_plugin_error.log",
  "ts_log_startup_kserve_mnist.log",
  "ts_metrics_statsd_docs.log",
  "ts_metrics_variant_no_hash.log",
];

test("every line of every TorchServe log sample yields a record or a diagnostic", () => {
  assert.deepEqual(sampleCounts(fmt, "torchserve", FILES), {
    "model_log_backend_metrics_openvino.log": [9, 0],
    "model_log_backend_metrics_tensorrt.log": [6, 0],
    "model_log_backend_metrics_torch_compile.log": [6, 0],
    "model_metrics_unit_test_lines.log": [2, 0],
    "ts_log_console_access_and_ts_metrics.log": [4, 0],
    "ts_log_console_access_log_lines.log": [1, 0],
    "ts_log_model_load_apple_silicon.log": [4, 0],
    "ts_log_plugin_error.log": [3, 0],
    // kubectl's "Defaulted container" line and the JVM warning come before any TorchServe record.
    "ts_log_startup_kserve_mnist.log": [4, 2],
    "ts_metrics_statsd_docs.log": [2, 0],
    "ts_metrics_variant_no_hash.log": [1, 0],
  });
});

test("access log: client, endpoint, status, latency, model from the URI, times in the context zone", () => {
  const [r] = records(run(fmt, fixtureLines("torchserve", "ts_log_console_access_log_lines.log")));
  assert.deepEqual(r, {
    timestamp: Date.UTC(2018, 9, 15, 13, 56, 18, 976),
    severity: "info",
    thread: "BackendWorker-9000",
    logger: "ACCESS_LOG",
    worker_port: 9000,
    event_kind: "inference",
    event_action: "predict",
    outcome: "success",
    client_ip: "127.0.0.1",
    client_port: 64003,
    http_method: "POST",
    endpoint: "/predictions/resnet-18",
    http_protocol: "HTTP/1.1",
    http_status_code: 200,
    latency_ms: 118,
    model_name: "resnet-18",
    message: '/127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
  });
  const berlin = records(
    run(fmt, fixtureLines("torchserve", "ts_log_console_access_log_lines.log"), {
      ...CONTEXT,
      timeZone: "Europe/Berlin",
    }),
  );
  assert.equal(berlin[0]?.timestamp, Date.UTC(2018, 9, 15, 11, 56, 18, 976));
});

test("management calls: a refused model registration is a failed deploy event with the model URL", () => {
  const rs = records(run(fmt, fixtureLines("torchserve", "ts_log_console_access_and_ts_metrics.log")));
  const reg = rs[0] as Record<string, unknown>;
  assert.equal(reg.timestamp, Date.UTC(2024, 4, 30, 21, 46, 3, 625));
  assert.equal(reg.event_kind, "deploy");
  assert.equal(reg.event_action, "register_model");
  assert.equal(reg.outcome, "failure");
  assert.equal(reg.http_status_code, 405);
  assert.equal(reg.error_type, "http_405");
  assert.equal(reg.endpoint, "/models");
  assert.equal(reg.model_url, "https://torchserve.pytorch.org/mar_files/squeezenet1_1.mar");
  const list = rs[2] as Record<string, unknown>;
  assert.equal(list.event_action, "list_models");
  assert.equal(list.event_kind, "log");
  assert.equal(list.latency_ms, 2);
});

test("frontend metrics inside log lines keep the line's time and the metric's own epoch", () => {
  const rs = records(run(fmt, fixtureLines("torchserve", "ts_log_console_access_and_ts_metrics.log")));
  const m = rs[1] as Record<string, unknown>;
  assert.equal(m.timestamp, Date.UTC(2024, 4, 30, 21, 46, 3, 626));
  assert.equal(m.event_kind, "metric");
  assert.equal(m.metric_name, "Requests4XX");
  assert.equal(m.metric_value, 1);
  assert.equal(m.metric_unit, "Count");
  assert.equal(m.metric_level, "Host");
  assert.equal(m.host_name, "ip-172-31-11-32");
  assert.equal(m.metric_timestamp, 1717105563000);
  assert.deepEqual(m.dimensions, { Level: "Host" });
});

test("backend [METRICS] lines: metric, model, worker, request id", () => {
  const rs = records(run(fmt, fixtureLines("torchserve", "model_log_backend_metrics_tensorrt.log")));
  assert.deepEqual(rs[1], {
    timestamp: Date.UTC(2024, 5, 22, 18, 40, 52, 653),
    severity: "info",
    thread: "W-9000-res50-trt_1.0-stdout",
    logger: "org.pytorch.serve.wlm.WorkerLifeCycle",
    worker: "W-9000-res50-trt_1.0",
    worker_port: 9000,
    model_name: "res50-trt",
    model_version: "1.0",
    stream: "stdout",
    event_kind: "metric",
    metric_name: "ts_handler_inference",
    metric_value: 1.600767970085144,
    metric_unit: "Milliseconds",
    dimensions: { ModelName: "res50-trt", Level: "Model" },
    metric_level: "Model",
    host_name: "ip-172-31-4-205",
    request_id: "edac5623-7904-47a9-b6f6-bdcc5f8590ed",
    metric_type: "GAUGE",
    metric_timestamp: 1719081652000,
    message:
      "result=[METRICS]ts_handler_inference.Milliseconds:1.600767970085144|#ModelName:res50-trt,Level:Model|#type:GAUGE|#hostname:ip-172-31-4-205,1719081652,edac5623-7904-47a9-b6f6-bdcc5f8590ed, pattern=[METRICS]",
  });
});

test("bare metric lines take their own epoch; backend ones carry the request id; the no-# variant reads too", () => {
  const unit = records(run(fmt, fixtureLines("torchserve", "model_metrics_unit_test_lines.log")));
  assert.equal(unit[0]?.timestamp, 1699061430000);
  assert.equal(unit[0]?.metric_name, "HandlerTime");
  assert.equal(unit[0]?.model_name, "mnist");
  assert.equal(unit[0]?.request_id, "6d1726a7-172c-4010-b671-01d71bacc451");
  assert.equal(unit[0]?.metric_type, undefined);
  assert.equal(unit[1]?.metric_type, "GAUGE");
  const statsd = records(run(fmt, fixtureLines("torchserve", "ts_metrics_statsd_docs.log")));
  assert.equal(statsd[1]?.metric_value, 318.0416717529297);
  assert.equal(statsd[1]?.timestamp, 1682098185000);
  assert.equal(statsd[1]?.host_name, "my_machine_name");
  const variant = records(run(fmt, fixtureLines("torchserve", "ts_metrics_variant_no_hash.log")));
  assert.equal(variant[0]?.metric_name, "MemoryUtilization");
  assert.equal(variant[0]?.metric_value, 3.2);
  assert.equal(variant[0]?.host_name, "ip-172-31-15-90");
  assert.equal(variant[0]?.thread, "pool-3-thread-2");
});

test("continuation lines join the record before them; lines before any record are diagnosed", () => {
  const results = run(fmt, fixtureLines("torchserve", "ts_log_startup_kserve_mnist.log"));
  assert.deepEqual(
    diagnostics(results).map((d) => [d.line, d.code]),
    [
      [1, "unparseable"],
      [2, "unparseable"],
    ],
  );
  const banner = records(results)[3] as Record<string, unknown>;
  assert.equal(banner.logger, "org.pytorch.serve.ModelServer");
  assert.equal(banner.continuation_lines, 5);
  assert.match(String(banner.message), /^Torchserve version: 0\.8\.2\nTS Home: /);
  const warn = records(results)[0] as Record<string, unknown>;
  assert.equal(warn.severity, "warn");
  assert.equal(warn.timestamp, Date.UTC(2023, 9, 12, 20, 50, 39, 466));
});

test("model lifecycle messages become deploy events; ERROR lines keep their severity", () => {
  const rs = records(run(fmt, fixtureLines("torchserve", "ts_log_model_load_apple_silicon.log")));
  assert.deepEqual(
    rs.map((r) => [r.event_kind, r.event_action, r.model_name, r.model_version, r.severity]),
    [
      ["deploy", "initial_models_loading", undefined, undefined, "info"],
      ["deploy", "model_version_added", "resnet-18", "1.0", "debug"],
      ["deploy", "model_loaded", "resnet-18", undefined, "info"],
      [undefined, undefined, undefined, undefined, "debug"],
    ],
  );
  const err = records(run(fmt, fixtureLines("torchserve", "ts_log_plugin_error.log")))[2];
  assert.equal(err?.severity, "error");
  assert.equal(err?.timestamp, Date.UTC(2020, 9, 26, 15, 6, 9, 894));
});

test("damaged lines are diagnosed, not merged: a cut timestamp, an impossible date, a bad dimension", () => {
  const results = runText(
    fmt,
    [
      "2024-04-08T14:18:02,699 [INFO ] main org.pytorch.serve.wlm.ModelManager - Model resnet-18 loaded.",
      "024-04-08T14:18:02,391 [INFO ] main org.pytorch.serve.ModelServer - Loading initial models: resnet-18.mar",
      "2024-13-08T14:18:02,391 [INFO ] main org.pytorch.serve.ModelServer - month 13",
      "2024-05-30T21:46:03,626 [INFO ] epollEventLoopGroup-3-2 TS_METRICS - Requests4XX.Count:1.0|#Level|#hostname:h,timestamp:1717105563",
      "CPUUtilization.Percent:0.0|#Level:Host|#hostname:my_machine_name",
      "0001-01-01T00:00:00,000 [INFO ] main x - before the epoch",
    ].join("\n"),
  );
  assert.deepEqual(
    results.map((r) => (r.ok ? "ok" : r.code)),
    ["ok", "invalid_timestamp", "invalid_timestamp", "unparseable", "invalid_timestamp", "invalid_timestamp"],
  );
});

test("worker stdout lines keep the model and worker; IPv6 clients and KServe routes are understood", () => {
  const rs = records(
    runText(
      fmt,
      [
        "2024-02-03T00:54:30,001 [INFO ] W-9000-my_model_2.0-stderr MODEL_LOG - Torch worker started.",
        '2024-02-03T00:54:31,002 - /0:0:0:0:0:0:0:1:51234 "POST /v2/models/bert/versions/3/infer HTTP/1.1" 500 12',
      ].join("\n"),
    ),
  );
  assert.deepEqual(
    [rs[0]?.worker, rs[0]?.model_name, rs[0]?.model_version, rs[0]?.stream],
    ["W-9000-my_model_2.0", "my_model", "2.0", "stderr"],
  );
  assert.deepEqual(
    [rs[1]?.client_ip, rs[1]?.model_name, rs[1]?.model_version, rs[1]?.event_action, rs[1]?.outcome],
    ["0:0:0:0:0:0:0:1", "bert", "3", "infer", "failure"],
  );
});

test("examples parse; detect keys on TorchServe's timestamp layout and metric grammar only", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    [
      '2024-05-30T21:46:03,625 [INFO ] epollEventLoopGroup-3-2 ACCESS_LOG - /127.0.0.1:53514 "GET /models HTTP/1.1" 200 0',
      '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
      "2023-10-12T20:50:39,779 [INFO ] main org.pytorch.serve.ModelServer -",
      "2024-05-30T21:46:03,626 - Requests4XX.Count:1.0|#Level:Host|#hostname:ip-172-31-11-32,timestamp:1717105563",
      "HandlerTime.Milliseconds:71.77|#ModelName:mnist,Level:Model|#hostname:test-host,1699061430,6d1726a7-172c-4010-b671-01d71bacc451",
    ],
    [
      ...FOREIGN_TO_SERVER_LOGS,
      "Torchserve version: 0.8.2",
      "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]",
      "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
      "HostName=abc.com",
    ],
  );
});
