// k8s-events: the fluent-bit EventList samples, the OOMKilled pod status YAML, watch lines, pods, damage, detection.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText, toLines } from "../common/fixtures.js";
import { k8sEventsFormat } from "./format.js";

const DIR = join(ROOT, "test/fixtures/samples/k8s-dcgm");
const REF = Date.UTC(2026, 10, 22, 10);
const CTX = { timeZone: "UTC", referenceTime: REF };
const read = (name: string) => readFileSync(join(DIR, name), "utf8");
const parse = (text: string) => runText(k8sEventsFormat, text, CTX);

test("EventList with null first/last timestamps: eventTime, FailedScheduling on a pod, Warning → warn", () => {
  const out = parse(read("k8s_event_fluentbit_test_eventlist_v1_with_creationTimestamp.json"));
  const [r] = okRecords(out);
  assert.equal(out.length, 1);
  assert.equal(out[0]?.line, 1);
  assert.deepEqual(r, {
    timestamp: Date.UTC(2023, 11, 24, 13, 37, 16, 335),
    event_kind: "infra",
    event_action: "FailedScheduling",
    severity: "warn",
    outcome: "failure",
    message:
      "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..",
    k8s_namespace: "default",
    k8s_pod: "fluent-bit-78945dccd8-2g7qg",
    k8s_event_type: "Warning",
    involved_kind: "Pod",
    involved_uid: "ed7de8ff-61fb-40bb-9ecb-55a801a4cd89",
    source_component: "default-scheduler",
    reporting_instance: "default-scheduler-minikube",
    k8s_event_action: "Scheduling",
    k8s_event_name: "fluent-bit-78945dccd8-2g7qg.17a3c80ba0453aee",
    k8s_event_uid: "6e3013d5-a79b-4dc4-b6c0-6b652302672e",
    timestamp_source: "eventTime",
  });
});

test("EventList with lastTimestamp: count, Normal → info, non-pod object", () => {
  const [r] = okRecords(parse(read("k8s_event_fluentbit_test_eventlist_v1_with_lastTimestamp.json")));
  assert.equal(r?.timestamp, Date.UTC(2023, 11, 24, 9, 29, 51));
  assert.equal(r?.timestamp_source, "lastTimestamp");
  assert.equal(r?.event_action, "LeaderElection");
  assert.equal(r?.severity, "info");
  assert.equal(r?.outcome, undefined);
  assert.equal(r?.count, 1);
  assert.equal(r?.involved_kind, "Endpoints");
  assert.equal(r?.k8s_pod, undefined);
  assert.equal(r?.k8s_namespace, "default");
  assert.equal(r?.source_component, "k8s.io/minikube-hostpath_minikube_31f5cdfb-29b0-4f84-9f9c-585088e9235f");
});

test("pod status YAML (lastState.terminated OOMKilled, exit 137) → an error infra event at finishedAt", () => {
  const out = parse(read("k8s_docs_oomkilled_pod_lastState.yaml"));
  const [r] = okRecords(out);
  assert.equal(out.length, 1);
  assert.equal(out[0]?.line, 1);
  assert.deepEqual(r, {
    event_kind: "infra",
    timestamp: Date.UTC(2017, 5, 20, 20, 52, 19),
    event_action: "OOMKilled",
    severity: "error",
    outcome: "failure",
    exit_code: 137,
    container_id: "docker://65183c1877aaec2e8427bc95609cc52677a454b56fcb24340dbd22917c23b10f",
    finished_at: "2017-06-20T20:52:19Z",
    status_field: "lastState.terminated",
    timestamp_source: "finishedAt",
  });
});

test("every line of the JSON/YAML samples belongs to one document; records come when it is complete", () => {
  for (const name of [
    "k8s_event_fluentbit_test_eventlist_v1_with_creationTimestamp.json",
    "k8s_event_fluentbit_test_eventlist_v1_with_lastTimestamp.json",
    "k8s_docs_oomkilled_pod_lastState.yaml",
  ]) {
    const lines = toLines(read(name));
    const session = k8sEventsFormat.open(CTX);
    const pushed = lines.flatMap((l) => session.push(l));
    const ended = session.end();
    const all = [...pushed, ...ended];
    assert.equal(all.length, 1, name);
    assert.ok(all[0]?.ok, name);
    // The one record's raw is the whole document: every line accounted for.
    assert.equal(all[0]?.raw, lines.map((l) => l.text).join("\n"), name);
  }
});

/** The FailedScheduling item of the sample, as one `kubectl get events --watch -o json` line. */
function watchLine(type: string): string {
  const list = JSON.parse(read("k8s_event_fluentbit_test_eventlist_v1_with_creationTimestamp.json")) as {
    items: Record<string, unknown>[];
  };
  return JSON.stringify({ type, object: { kind: "Event", apiVersion: "v1", ...list.items[0] } });
}

test("watch stream lines: ADDED/MODIFIED events carry watch_type; ERROR is an error; BOOKMARK is no event", () => {
  const out = parse(
    [
      watchLine("ADDED"),
      watchLine("MODIFIED"),
      '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (177157)","reason":"Expired","code":410}}',
      '{"type":"BOOKMARK","object":{"kind":"Event","apiVersion":"v1","metadata":{"resourceVersion":"177160"}}}',
    ].join("\n"),
  );
  const rs = okRecords(out);
  assert.equal(rs.length, 3);
  assert.deepEqual(
    rs.map((r) => [r.event_action, r.watch_type]),
    [
      ["FailedScheduling", "ADDED"],
      ["FailedScheduling", "MODIFIED"],
      ["watch_error", undefined],
    ],
  );
  assert.deepEqual(
    out.map((r) => r.line),
    [1, 2, 3],
  );
  assert.equal(rs[2]?.timestamp, REF);
  assert.equal(rs[2]?.http_status_code, 410);
  assert.equal(rs[2]?.error_type, "Expired");
  assert.equal(rs[2]?.severity, "error");
});

test("events.k8s.io/v1 Events (regarding, note, series) and container from fieldPath", () => {
  const ev = {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: { name: "vllm-0.17a3", namespace: "llm", creationTimestamp: "2026-11-22T09:00:00Z" },
    eventTime: "2026-11-22T09:00:00.000000Z",
    series: { count: 5, lastObservedTime: "2026-11-22T09:04:00.000000Z" },
    reportingController: "kubelet",
    reportingInstance: "gpu-node-3",
    action: "Killing",
    reason: "BackOff",
    regarding: { kind: "Pod", namespace: "llm", name: "vllm-0", fieldPath: "spec.containers{vllm}" },
    note: "Back-off restarting failed container vllm in pod vllm-0_llm",
    type: "Warning",
    deprecatedSource: { component: "kubelet", host: "gpu-node-3" },
  };
  const [r] = okRecords(parse(JSON.stringify(ev, null, 2)));
  assert.equal(r?.timestamp, Date.UTC(2026, 10, 22, 9, 4));
  assert.equal(r?.timestamp_source, "series.lastObservedTime");
  assert.equal(r?.event_action, "BackOff");
  assert.equal(r?.k8s_pod, "vllm-0");
  assert.equal(r?.k8s_namespace, "llm");
  assert.equal(r?.container_name, "vllm");
  assert.equal(r?.host_name, "gpu-node-3");
  assert.equal(r?.count, 5);
  assert.equal(r?.message, "Back-off restarting failed container vllm in pod vllm-0_llm");
});

test("a Pod (JSON): CrashLoopBackOff waiting and the OOMKilled last state, with pod identity", () => {
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "memory-demo-2", namespace: "mem-example" },
    spec: { nodeName: "node-1" },
    status: {
      phase: "Running",
      containerStatuses: [
        {
          name: "memory-demo-2-ctr",
          restartCount: 3,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container" } },
          lastState: {
            terminated: { exitCode: 137, reason: "OOMKilled", finishedAt: "2017-06-20T20:52:19Z", startedAt: null },
          },
        },
      ],
    },
  };
  const out = parse(JSON.stringify(pod));
  const rs = okRecords(out);
  assert.deepEqual(
    rs.map((r) => [r.event_action, r.severity, r.timestamp, r.container_name, r.k8s_pod, r.k8s_namespace, r.host_name]),
    [
      [
        "OOMKilled",
        "error",
        Date.UTC(2017, 5, 20, 20, 52, 19),
        "memory-demo-2-ctr",
        "memory-demo-2",
        "mem-example",
        "node-1",
      ],
      ["CrashLoopBackOff", "warn", REF, "memory-demo-2-ctr", "memory-demo-2", "mem-example", "node-1"],
    ],
  );
  assert.equal(rs[0]?.restart_count, 3);
  // One object, one raw: the document text.
  assert.equal(out[0]?.raw, JSON.stringify(pod));
  const healthy = okRecords(
    parse(JSON.stringify({ kind: "Pod", metadata: { name: "p" }, status: { phase: "Running" } })),
  );
  assert.deepEqual(
    healthy.map((r) => [r.event_action, r.pod_phase]),
    [["pod_status", "Running"]],
  );
});

test("kubectl get events -o yaml: a List whose items are Events", () => {
  const yaml = [
    "apiVersion: v1",
    "items:",
    "- apiVersion: v1",
    "  count: 4",
    "  involvedObject:",
    "    fieldPath: spec.containers{triton}",
    "    kind: Pod",
    "    name: triton-7d9",
    "    namespace: serving",
    "  kind: Event",
    '  lastTimestamp: "2026-11-22T09:15:00Z"',
    "  message: Liveness probe failed",
    "  reason: Unhealthy",
    "  source:",
    "    component: kubelet",
    "    host: gpu-node-2",
    "  type: Warning",
    "kind: List",
  ].join("\n");
  const [r] = okRecords(parse(yaml));
  assert.deepEqual(
    [r?.event_action, r?.timestamp, r?.k8s_pod, r?.k8s_namespace, r?.container_name, r?.host_name, r?.count],
    ["Unhealthy", Date.UTC(2026, 10, 22, 9, 15), "triton-7d9", "serving", "triton", "gpu-node-2", 4],
  );
});

test("damage: broken JSON, unclosed documents, bad YAML, other kinds, missing times", () => {
  const codes = (text: string) => parse(text).map((r) => (r.ok ? "ok" : r.code));
  assert.deepEqual(codes('{"kind": "Event", "reason": }'), ["invalid_json"]);
  assert.deepEqual(codes('{\n  "kind": "EventList",\n  "items": [\n'), ["incomplete_record"]);
  assert.deepEqual(codes("lastState:\n  terminated: [unclosed\n"), ["unparseable"]);
  assert.deepEqual(codes('{"kind":"Deployment","metadata":{"name":"x"}}'), ["unparseable"]);
  assert.deepEqual(codes('{"kind":"Event","reason":"BackOff","involvedObject":{}}'), ["invalid_timestamp"]);
  assert.deepEqual(codes("just some text"), ["unparseable"]);
  // Documents separated by `---` are parsed one by one; a broken one does not take its neighbours down.
  const yaml = parse(
    [
      "kind: Event",
      "reason: Killing",
      "type: Normal",
      "lastTimestamp: 2026-11-22T09:00:00Z",
      "involvedObject: {kind: Pod, name: a, namespace: b}",
      "---",
      "kind: [",
      "---",
      "lastState:",
      "  terminated: {reason: Error, exitCode: 1, finishedAt: 2026-11-22T09:01:00Z}",
    ].join("\n"),
  );
  assert.deepEqual(
    yaml.map((r) => (r.ok ? r.record.event_action : r.code)),
    ["Killing", "unparseable", "Error"],
  );
  assert.deepEqual(
    yaml.map((r) => r.line),
    [1, 7, 9],
  );
});

test("examples parse; detect keys on Event/Pod kinds, watch lines and pod-status YAML", () => {
  for (const ex of k8sEventsFormat.examples) {
    assert.ok(k8sEventsFormat.detect(ex));
    assert.ok(parse(ex).every((r) => r.ok));
  }
  for (const own of [
    '    "kind": "EventList",',
    "lastState:",
    "kind: Event",
    "  kind: Event",
    watchLine("ADDED"),
    '{"kind":"Pod","metadata":{"name":"p"}}',
  ]) {
    assert.ok(k8sEventsFormat.detect(own), own);
  }
  for (const other of [
    "{",
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
    '  "resourceLogs": [',
    'nv_inference_request_success{model="my_model",version="1"} 161',
    "memory-demo-2   0/1       OOMKilled   1          24s",
    "Warning OOMKilling Memory cgroup out of memory: Kill process 4481 (stress) score 1994 or sacrifice child",
    "I0907 15:12:27.145306 1 grpc_server.cc:4117] Started GRPCInferenceService at 0.0.0.0:8001",
    '    "kind": "Deployment",',
    "kind: Deployment",
  ]) {
    assert.equal(k8sEventsFormat.detect(other), false, other);
  }
});
