// kubectl: the OOMKilled doc outputs, get pods / get events / describe tables, ages, damage, detection.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText, toLines } from "../common/fixtures.js";
import { durationSeconds, kubectlFormat } from "./kubectl.js";

const REF = Date.UTC(2026, 10, 22, 10);
const CTX = { timeZone: "UTC", referenceTime: REF };
const SAMPLE = readFileSync(
  join(ROOT, "test/fixtures/samples/k8s-dcgm/k8s_docs_oomkilled_kubectl_outputs.txt"),
  "utf8",
);
const parse = (text: string) => runText(kubectlFormat, text, CTX);

test("the k8s docs' OOMKilled outputs: a pod row and three event lines; the header is context", () => {
  const out = parse(SAMPLE);
  const lines = toLines(SAMPLE);
  assert.deepEqual(
    out.map((r) => r.line),
    [2, 3, 4, 5],
  );
  assert.match(lines[0]?.text ?? "", /^NAME\s+READY\s+STATUS/);
  const [pod, created, backoff, oom] = okRecords(out);
  assert.deepEqual(pod, {
    timestamp: REF,
    event_kind: "infra",
    event_action: "OOMKilled",
    timestamp_source: "reference_time",
    k8s_pod: "memory-demo-2",
    severity: "error",
    outcome: "failure",
    ready: "0/1",
    restart_count: 1,
    age: "24s",
    age_seconds: 24,
  });
  assert.equal(created?.event_action, "Created");
  assert.equal(created?.severity, "info");
  assert.equal(created?.columns_elided, true);
  assert.equal(
    created?.message,
    "Created container with id 66a3a20aa7980e61be4922780bf9d24d1a1d8b7395c09861225b0eba1b1f8511",
  );
  assert.equal(backoff?.event_action, "BackOff");
  assert.equal(backoff?.severity, "warn");
  assert.equal(backoff?.message, "Back-off restarting failed container");
  assert.equal(oom?.event_action, "OOMKilling");
  assert.equal(oom?.k8s_event_type, "Warning");
  assert.equal(oom?.columns_elided, undefined);
  assert.equal(oom?.message, "Memory cgroup out of memory: Kill process 4481 (stress) score 1994 or sacrifice child");
  assert.ok(out.every((r) => r.raw === lines.find((l) => l.line === r.line)?.text));
});

test("describe: Name/Namespace are context, the Events table's Age sets the time and (xN over ...) the count", () => {
  const text = [
    "Name:         memory-demo-2",
    "Namespace:    mem-example",
    "Events:",
    "  Type     Reason     Age              From               Message",
    "  ----     ------     ----             ----               -------",
    "  Normal   Scheduled  40s              default-scheduler  Successfully assigned mem-example/memory-demo-2 to node-1",
    "  Warning  BackOff    3s (x2 over 5s)  kubelet            Back-off restarting failed container",
  ].join("\n");
  const rs = okRecords(parse(text));
  assert.deepEqual(
    rs.map((r) => [r.event_action, r.timestamp, r.k8s_pod, r.k8s_namespace, r.source_component, r.count ?? null]),
    [
      ["Scheduled", REF - 40_000, "memory-demo-2", "mem-example", "default-scheduler", null],
      ["BackOff", REF - 3_000, "memory-demo-2", "mem-example", "kubelet", 2],
    ],
  );
  assert.equal(rs[0]?.message, "Successfully assigned mem-example/memory-demo-2 to node-1");
});

test("get events (with NAMESPACE) and get pods -o wide tables", () => {
  const events = okRecords(
    parse(
      [
        "NAMESPACE     LAST SEEN   TYPE      REASON             OBJECT              MESSAGE",
        "mem-example   2m          Warning   BackOff            pod/memory-demo-2   Back-off restarting failed container",
        "default       5m3s        Warning   FailedScheduling   pod/fluent-bit-0    0/1 nodes are available: 1 Insufficient cpu.",
        "kube-system   10m         Warning   OOMKilling         node/node-1         Memory cgroup out of memory: Kill process 4481 (stress)",
      ].join("\n"),
    ),
  );
  assert.deepEqual(
    events.map((r) => [r.event_action, r.timestamp, r.k8s_namespace, r.k8s_pod ?? null, r.host_name ?? null]),
    [
      ["BackOff", REF - 120_000, "mem-example", "memory-demo-2", null],
      ["FailedScheduling", REF - 303_000, "default", "fluent-bit-0", null],
      ["OOMKilling", REF - 600_000, "kube-system", null, "node-1"],
    ],
  );
  const pods = okRecords(
    parse(
      [
        "NAMESPACE   NAME      READY   STATUS             RESTARTS       AGE   IP           NODE     NOMINATED NODE   READINESS GATES",
        "llm         vllm-0    0/1     CrashLoopBackOff   5 (37s ago)    12m   10.244.0.7   node-1   <none>           <none>",
        "llm         vllm-1    1/1     Running            0              12m   10.244.0.8   node-2   <none>           <none>",
      ].join("\n"),
    ),
  );
  assert.deepEqual(
    pods.map((r) => [
      r.event_action,
      r.severity,
      r.restart_count,
      r.host_name,
      r.pod_ip,
      r.age_seconds,
      r.k8s_namespace,
    ]),
    [
      ["CrashLoopBackOff", "error", 5, "node-1", "10.244.0.7", 720, "llm"],
      ["Running", "info", 0, "node-2", "10.244.0.8", 720, "llm"],
    ],
  );
});

test("kubectl durations", () => {
  assert.equal(durationSeconds("24s"), 24);
  assert.equal(durationSeconds("3m2s"), 182);
  assert.equal(durationSeconds("2d3h"), 183600);
  assert.equal(durationSeconds("4y"), 4 * 365 * 86400);
  assert.equal(durationSeconds("<unknown>"), null);
  assert.equal(durationSeconds(""), null);
});

test("lines that are no table row or event line are diagnosed, with the table they failed", () => {
  const out = parse(["hello world", "NAME   READY   STATUS   RESTARTS   AGE", "x"].join("\n"));
  assert.deepEqual(
    out.map((r) => (r.ok ? "ok" : r.code)),
    ["unparseable", "unparseable"],
  );
  assert.match(out[1]?.ok === false ? out[1].message : "", /does not fit the kubectl pods table/);
});

test("examples parse; detect keys on headers and Type/Reason event lines", () => {
  for (const ex of kubectlFormat.examples) {
    assert.ok(kubectlFormat.detect(ex), ex);
    assert.ok(
      parse(ex).every((r) => r.ok),
      ex,
    );
  }
  for (const own of [
    "NAME            READY     STATUS      RESTARTS   AGE",
    "LAST SEEN   TYPE      REASON      OBJECT              MESSAGE",
    "  Type     Reason     Age   From               Message",
    "Events:",
  ]) {
    assert.ok(kubectlFormat.detect(own), own);
  }
  for (const other of [
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
    'nv_inference_request_success{model="my_model",version="1"} 161',
    "I0907 15:12:27.145306 1 grpc_server.cc:4117] Started GRPCInferenceService at 0.0.0.0:8001",
    '2018-10-15 13:56:18,976 [INFO ] W-9000-resnet-18_1.0 ACCESS_LOG - /127.0.0.1:49162 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
    "WARNING: Warning: The application is running with an old version",
    "lastState:",
  ]) {
    assert.equal(kubectlFormat.detect(other), false, other);
  }
});
