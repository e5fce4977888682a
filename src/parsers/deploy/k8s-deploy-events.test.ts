// The `k8s-deploy-events` format: Argo Rollouts canary events and Deployment scaling (hand-written fixtures).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { k8sDeployEventsFormat } from "./k8s-deploy-events.js";
import { mlflowWebhookFormat } from "./mlflow-webhook.js";
import { pipelineJobFormat } from "./pipeline-job.js";

const CTX: ParseContext = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22, 12) };
const ARGO = join(ROOT, "test/fixtures/deploy/argo_rollouts_events_HANDWRITTEN.jsonl");
const LIST = join(ROOT, "test/fixtures/deploy/k8s_deployment_eventlist_HANDWRITTEN.json");

test("an Argo Rollouts canary, event by event: weights, steps, revisions, replica counts, outcomes", () => {
  const out = runText(k8sDeployEventsFormat, readFileSync(ARGO, "utf8"), CTX);
  assert.deepEqual(
    out.map((r) => r.line),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  const records = okRecords(out);
  assert.deepEqual(
    records.map((r) => [r.event_action, r.outcome, r.severity]),
    [
      ["rollout_updated", "unknown", "info"],
      ["new_replica_set_created", "unknown", "info"],
      ["scaling_replica_set", "unknown", "info"],
      ["traffic_weight_updated", "unknown", "info"],
      ["rollout_step_completed", "success", "info"],
      ["rollout_paused", "unknown", "info"],
      ["analysis_run_failed", "failure", "warn"],
      ["rollout_aborted", "failure", "warn"],
      ["traffic_weight_updated", "unknown", "info"],
      ["scaling_replica_set", "unknown", "info"],
      ["rollout_completed", "success", "info"],
    ],
  );
  const [updated, created, scaled, weight, step, paused, analysis, aborted, back, down, completed] = records;
  assert.equal(updated?.timestamp, Date.UTC(2026, 10, 22, 10));
  assert.equal(updated?.event_kind, "deploy");
  assert.equal(updated?.k8s_namespace, "ml-serving");
  assert.equal(updated?.rollout, "loan-model");
  assert.equal(updated?.object_kind, "Rollout");
  assert.equal(updated?.reporting_component, "rollouts-controller");
  assert.equal(updated?.revision, 2);
  assert.deepEqual([created?.replicaset, created?.revision], ["loan-model-6d9f7c8b5", 2]);
  assert.deepEqual([scaled?.scale_direction, scaled?.replicas_from, scaled?.replicas_to], ["up", 0, 1]);
  assert.deepEqual([weight?.previous_canary_weight, weight?.canary_weight], [0, 10]);
  assert.deepEqual(
    [step?.step_index, step?.step_count, step?.step, step?.canary_weight, step?.timestamp],
    [1, 4, "setWeight: 10", 10, Date.UTC(2026, 10, 22, 10, 0, 31)],
  );
  assert.equal(paused?.pause_reason, "CanaryPauseStep");
  assert.equal(analysis?.analysis_run, "loan-model-6d9f7c8b5-2-1");
  assert.equal(analysis?.k8s_event_type, "Warning");
  assert.equal(aborted?.abort_reason, 'Metric "p99-latency" assessed Failed due to failed (3) > failureLimit (2)');
  assert.equal(
    aborted?.message,
    'Rollout aborted update to revision 2: Metric "p99-latency" assessed Failed due to failed (3) > failureLimit (2)',
  );
  assert.equal(back?.canary_weight, 0);
  assert.equal(down?.scale_direction, "down");
  assert.deepEqual(
    [completed?.rollout, completed?.revision, completed?.pod_template_hash, completed?.status_message],
    ["fraud-scorer", 3, "5c7d8e9f01", "Rollout is Healthy"],
  );
});

test("a pretty-printed EventList: Deployment scaling, eventTime-only events, and a non-deploy item diagnosed", () => {
  const out = runText(k8sDeployEventsFormat, readFileSync(LIST, "utf8"), CTX);
  assert.equal(out.length, 3);
  assert.ok(out.every((r) => r.line === 1));
  const [up, down, pod] = out;
  assert.ok(up?.ok && down?.ok && pod && !pod.ok);
  assert.equal(pod.code, "unparseable");
  assert.equal(pod.message, "not a deploy event (involvedObject kind Pod, reason Pulled)");
  assert.deepEqual(
    [
      up.record.deployment,
      up.record.k8s_namespace,
      up.record.replicaset,
      up.record.replicas_from,
      up.record.replicas_to,
      up.record.scale_direction,
    ],
    ["triton-server", "inference", "triton-server-7c9f8d6b5", 1, 3, "up"],
  );
  assert.equal(up.record.timestamp, Date.UTC(2026, 10, 22, 9, 30, 12));
  assert.equal(down.record.timestamp, Date.UTC(2026, 10, 22, 9, 31, 40, 482));
  assert.equal(down.record.replicas_to, 0);
  assert.equal(JSON.parse(up.raw).reason, "ScalingReplicaSet");
});

test("events without time, or that are not Events, are diagnosed", () => {
  const codes = runText(
    k8sDeployEventsFormat,
    [
      '{"involvedObject": {"kind": "Rollout", "name": "x"}, "reason": "RolloutUpdated", "message": "Rollout updated to revision 4"}',
      '{"involvedObject": {"kind": "Rollout", "name": "x"}, "reason": "RolloutUpdated", "lastTimestamp": "yesterday"}',
      '{"kind": "ConfigMap"}',
      '{"involvedObject": {"kind": "Rollout"',
    ].join("\n"),
    CTX,
  ).map((r) => (r.ok ? "ok" : r.code));
  assert.deepEqual(codes, ["invalid_timestamp", "invalid_timestamp", "unparseable", "incomplete_record"]);
});

test("every example parses; detect keys on one-line deploy Events only", () => {
  for (const ex of k8sDeployEventsFormat.examples) {
    assert.equal(k8sDeployEventsFormat.detect(ex), true);
    assert.equal(okRecords(runText(k8sDeployEventsFormat, ex, CTX)).length, 1);
  }
  for (const line of readFileSync(ARGO, "utf8").split("\n").filter(Boolean)) {
    assert.equal(k8sDeployEventsFormat.detect(line), true, line);
  }
  for (const line of [
    ...FOREIGN_TO_DOCUMENT_FORMATS,
    ...mlflowWebhookFormat.examples,
    ...pipelineJobFormat.examples,
    ...readFileSync(LIST, "utf8").split("\n"),
  ]) {
    assert.equal(k8sDeployEventsFormat.detect(line), false, line);
  }
});
