// prometheus: the exposition samples of Triton, vLLM, TF Serving, TorchServe and DCGM exporter; grammar edge cases.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { runText, toLines } from "../common/fixtures.js";
import type { ParsedRecord } from "../types.js";
import { dcgmSentinel } from "./dcgm.js";
import { prometheusFormat } from "./format.js";

const SAMPLES = join(ROOT, "test/fixtures/samples");
const REF = Date.UTC(2026, 10, 22, 10);
const CTX = { timeZone: "UTC", referenceTime: REF };
const read = (path: string) => readFileSync(join(SAMPLES, path), "utf8");
const parse = (text: string) => runText(prometheusFormat, text, CTX);

function ok(r: ParsedRecord | undefined): Record<string, unknown> {
  assert.ok(r?.ok, `expected a record, got ${JSON.stringify(r)}`);
  return r.record;
}

/** Sample file → the 1-based lines that must be diagnostics (documentation elisions, invalid label sets). */
const FILES: Record<string, number[]> = {
  "k8s-dcgm/dcgm_exporter_readme_metrics_docker.prom": [7, 11],
  "k8s-dcgm/dcgm_exporter_readme_metrics_k8s_pod_labels.prom": [7, 11],
  "triton/metrics_counters_docs.prom": [],
  "triton/metrics_histogram_docs.prom": [],
  "triton/metrics_summary_docs.prom": [],
  "vllm/prometheus_metrics_design_doc_example.prom": [4, 8, 14],
  "vllm/prometheus_http_metrics_design_doc_example.prom": [],
  "vllm/prometheus_cache_config_info_design_doc.prom": [3],
  "tensorflow-serving/prometheus_exposition_unit_test_expected.txt": [],
  "torchserve/prometheus_metrics_api_docs.txt": [],
};

test("every non-comment line of every sample yields one record or one diagnostic; comments are metadata", () => {
  for (const [path, damaged] of Object.entries(FILES)) {
    const lines = toLines(read(path));
    const out = parse(read(path));
    const samples = lines.filter((l) => !l.text.startsWith("#"));
    assert.deepEqual(
      out.map((r) => r.line),
      samples.map((l) => l.line),
      path,
    );
    assert.deepEqual(
      out.filter((r) => !r.ok).map((r) => r.line),
      damaged,
      path,
    );
    for (const r of out) {
      assert.equal(r.raw, lines.find((l) => l.line === r.line)?.text, path);
      if (!r.ok) assert.equal(r.code, "unparseable", path);
    }
    // Every comment line is HELP/TYPE metadata in these samples.
    for (const l of lines.filter((x) => x.text.startsWith("#"))) assert.match(l.text, /^# (HELP|TYPE) /, path);
  }
});

test("Triton: model and version labels fill columns; untyped counters; summary quantiles", () => {
  const counters = parse(read("triton/metrics_counters_docs.prom")).map(ok);
  assert.deepEqual(counters[0], {
    timestamp: REF,
    event_kind: "metric",
    metric_name: "nv_inference_request_success",
    metric_type: "untyped",
    metric_value: 161,
    labels: { model: "my_model", version: "1" },
    model_name: "my_model",
    model_version: "1",
  });
  const summary = parse(read("triton/metrics_summary_docs.prom")).map(ok);
  assert.equal(summary[0]?.metric_name, "nv_inference_queue_summary_us_count");
  assert.equal(summary[0]?.metric_family, "nv_inference_queue_summary_us");
  assert.equal(summary[0]?.metric_type, "summary");
  assert.equal(summary[2]?.metric_type, "summary");
  assert.deepEqual(summary[6]?.labels, { model: "my_model", version: "1", quantile: "0.999" });
  assert.equal(summary[6]?.metric_value, 101);
});

test("Triton's invalid doc histogram (HELP/TYPE name differs, no _bucket) parses as untyped samples", () => {
  const rs = parse(read("triton/metrics_histogram_docs.prom")).map(ok);
  assert.equal(rs.length, 7);
  assert.ok(rs.every((r) => r.metric_type === "untyped"));
  assert.deepEqual(rs[6]?.labels, { model: "my_model", version: "1", le: "+Inf" });
  assert.equal(rs[6]?.metric_value, 37);
});

test("vLLM: colon names, model_name with a slash, counter and histogram families, elisions", () => {
  const out = parse(read("vllm/prometheus_metrics_design_doc_example.prom"));
  const first = ok(out[0]);
  assert.equal(first.metric_name, "vllm:num_requests_running");
  assert.equal(first.metric_type, "gauge");
  assert.equal(first.metric_value, 8);
  assert.equal(first.model_name, "meta-llama/Llama-3.1-8B-Instruct");
  const abort = ok(out.find((r) => r.ok && (r.record.labels as Record<string, string>).finished_reason === "abort"));
  assert.equal(abort.metric_type, "counter");
  assert.equal(abort.metric_value, 0);
  const bucket = ok(out.find((r) => r.ok && r.record.metric_name === "vllm:time_to_first_token_seconds_bucket"));
  assert.equal(bucket.metric_type, "histogram");
  assert.equal(bucket.metric_family, "vllm:time_to_first_token_seconds");
  assert.equal((bucket.labels as Record<string, string>).le, "0.001");
  const elision = out.find((r) => !r.ok);
  assert.match(elision?.ok === false ? elision.message : "", /elision/);
  const info = parse(read("vllm/prometheus_cache_config_info_design_doc.prom"));
  assert.equal(info.length, 1);
  assert.match(info[0]?.ok === false ? info[0].message : "", /column 165: expected a metric or label name/);
  const http = parse(read("vllm/prometheus_http_metrics_design_doc_example.prom")).map(ok);
  assert.deepEqual(http[3]?.labels, {});
  assert.equal(http[3]?.metric_name, "http_request_duration_highr_seconds_count");
  assert.equal(http[0]?.model_name, undefined);
});

test("TF Serving: names starting with `:`, escaped quotes and backslashes in label values", () => {
  const rs = parse(read("tensorflow-serving/prometheus_exposition_unit_test_expected.txt")).map(ok);
  assert.equal(rs[0]?.metric_name, ":test:path:total");
  assert.equal(rs[0]?.metric_type, "counter");
  const escaped = rs.find((r) => (r.labels as Record<string, string>).name?.startsWith('"'));
  assert.deepEqual(escaped?.labels, { name: '"abc\\"' });
  const sum = rs.find((r) => r.metric_name === ":test:path:histogram_sum");
  assert.equal(sum?.metric_type, "histogram");
  assert.equal(sum?.metric_value, 222);
  const odd = rs.at(-1);
  assert.equal(odd?.metric_name, "_0:path:total_count");
  assert.equal(odd?.metric_type, "counter");
});

test("TorchServe: trailing `,}` label sets, units from HELP, ModelName/Hostname/WorkerName", () => {
  const out = parse(read("torchserve/prometheus_metrics_api_docs.txt"));
  const prediction = ok(out.find((r) => r.ok && r.record.metric_name === "PredictionTime"));
  assert.deepEqual(prediction, {
    timestamp: REF,
    event_kind: "metric",
    metric_name: "PredictionTime",
    metric_type: "gauge",
    metric_unit: "ms",
    metric_value: 83.13,
    labels: { ModelName: "resnet18", Level: "Model", Hostname: "88665a372f4b.ant.amazon.com" },
    model_name: "resnet18",
    host_name: "88665a372f4b.ant.amazon.com",
  });
  const requests = ok(out.find((r) => r.ok && r.record.metric_name === "ts_inference_requests_total"));
  assert.equal(requests.model_version, "default");
  assert.equal(requests.metric_unit, "Count");
  assert.equal(requests.metric_value, 3);
  const worker = ok(out.find((r) => r.ok && r.record.metric_name === "WorkerLoadTime"));
  assert.equal(worker.worker, "W-9000-resnet18_1.0");
  assert.equal(worker.metric_unit, "Milliseconds");
});

test("DCGM exporter: GPU identity, units from HELP, the int64 NOT_SUPPORTED sentinel, empty k8s labels", () => {
  const out = parse(read("k8s-dcgm/dcgm_exporter_readme_metrics_k8s_pod_labels.prom"));
  const sm = ok(out[1]);
  assert.equal(sm.metric_name, "DCGM_FI_DEV_SM_CLOCK");
  assert.equal(sm.metric_value, 139);
  assert.equal(sm.metric_unit, "MHz");
  assert.equal(sm.gpu, "0");
  assert.equal(sm.uuid, "GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52");
  // Empty pod/namespace/container labels (no pod attached) fill no column.
  assert.equal(sm.k8s_pod, undefined);
  assert.equal(sm.container_name, undefined);
  const temp = ok(out[3]);
  assert.equal(temp.metric_unit, "C");
  assert.equal(temp.metric_value, undefined);
  assert.equal(temp.metric_value_status, "not_supported");
  assert.equal(temp.metric_value_text, "9223372036854775794");
  assert.equal(dcgmSentinel("2147483632"), "blank");
  assert.equal(dcgmSentinel("140737488355331"), "not_permissioned");
  assert.equal(dcgmSentinel("139"), null);
});

test("DCGM XID errors are error events; pod labels fill columns", () => {
  const text = [
    "# HELP DCGM_FI_DEV_XID_ERRORS Value of the last XID error encountered.",
    "# TYPE DCGM_FI_DEV_XID_ERRORS gauge",
    'DCGM_FI_DEV_XID_ERRORS{gpu="1",UUID="GPU-1",Hostname="gpu-node-3",modelName="NVIDIA A100-SXM4-80GB",container="vllm",namespace="llm",pod="vllm-0"} 79',
    'DCGM_FI_DEV_XID_ERRORS{gpu="0",UUID="GPU-0",Hostname="gpu-node-3"} 0',
    'DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-0",instance="10.0.0.7:9400"} 40536',
  ].join("\n");
  const [xid, none, fb] = parse(text).map(ok);
  assert.equal(xid?.severity, "error");
  assert.equal(xid?.event_action, "gpu_xid_error");
  assert.equal(xid?.xid, 79);
  assert.equal(xid?.k8s_pod, "vllm-0");
  assert.equal(xid?.k8s_namespace, "llm");
  assert.equal(xid?.container_name, "vllm");
  assert.equal(xid?.host_name, "gpu-node-3");
  assert.equal(xid?.gpu_model, "NVIDIA A100-SXM4-80GB");
  assert.equal(xid?.model_name, undefined);
  assert.equal(none?.severity, undefined);
  assert.equal(fb?.host_name, "10.0.0.7");
  assert.equal(fb?.metric_type, "untyped");
});

test("grammar: timestamps, NaN/Inf, escapes, exemplars, UTF-8 quoted names, and where lines depart", () => {
  const rs = parse(
    [
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      "metric_without_timestamp_and_labels 12.47",
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'something_weird{problem="division by zero"} +Inf',
      "nan_gauge NaN",
      'foo_bucket{le="0.01"} 0 # {trace_id="KOO5S4vxi0o"} 0.67',
      '{"my.dotted.metric", model="m"} 5',
    ].join("\n"),
  ).map(ok);
  assert.equal(rs[0]?.timestamp, 1395066363000);
  assert.equal(rs[1]?.timestamp, REF);
  assert.deepEqual(rs[2]?.labels, { path: "C:\\DIR\\FILE.TXT", error: 'Cannot find file:\n"FILE.TXT"' });
  assert.equal(rs[2]?.metric_value, 1458255915);
  assert.equal(rs[3]?.metric_value, "+Inf");
  // The docs' own example has a 1969 timestamp: valid exposition, outside what InferWatch stores.
  const old = parse('something_weird{problem="division by zero"} +Inf -3982045');
  assert.equal(old[0]?.ok === false && old[0].code, "invalid_timestamp");
  assert.equal(rs[4]?.metric_value, "NaN");
  assert.deepEqual(rs[5]?.exemplar, { labels: { trace_id: "KOO5S4vxi0o" }, value: 0.67, timestamp: null });
  assert.equal(rs[6]?.metric_name, "my.dotted.metric");
  assert.equal(rs[6]?.model_name, "m");
  const bad = parse(['a{b="c" d="e"} 1', "a 1 2 3", 'a{b="c} 1', "a{b=c} 1", "a one"].join("\n"));
  assert.deepEqual(
    bad.map((r) => (r.ok ? "ok" : r.message.replace(/^not a Prometheus sample line: /, ""))),
    [
      'at column 9: expected `,` or `}` after a label, found "d=\\"e\\"} 1"',
      'at column 7: expected end of line, found "3"',
      'at column 10: expected a closing `"`, found end of line',
      'at column 5: expected `"`, found "c} 1"',
      'at column 3: expected a sample value (a float, NaN, +Inf or -Inf), found "one"',
    ],
  );
});

test("examples parse; detect keys on HELP/TYPE lines and whole sample lines only", () => {
  for (const ex of prometheusFormat.examples) {
    assert.ok(prometheusFormat.detect(ex), ex);
    assert.ok(
      parse(ex).every((r) => r.ok),
      ex,
    );
  }
  for (const own of [
    "# HELP Requests5XX Torchserve prometheus counter metric with unit: Count",
    "# TYPE :test:path:total counter",
    "http_request_duration_highr_seconds_count 201.0",
    'DiskUsage{Level="Host",Hostname="88665a372f4b.ant.amazon.com",} 20.054508209228516',
  ]) {
    assert.ok(prometheusFormat.detect(own), own);
  }
  for (const other of [
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
    "...",
    "I0907 15:12:27.145306 1 grpc_server.cc:4117] Started GRPCInferenceService at 0.0.0.0:8001",
    "CPUUtilization.Percent:0.0|#Level:Host|#hostname:88665a372f4b.ant.amazon.com,timestamp:1600000000",
    '2018-10-15 13:56:18,976 [INFO ] W-9000-resnet-18_1.0 ACCESS_LOG - /127.0.0.1:49162 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
    "Warning OOMKilling Memory cgroup out of memory: Kill process 4481 (stress) score 1994 or sacrifice child",
    "memory-demo-2   0/1       OOMKilled   1          24s",
    '  "resourceSpans": [',
    "# just a comment",
  ]) {
    assert.equal(prometheusFormat.detect(other), false, other);
  }
});
