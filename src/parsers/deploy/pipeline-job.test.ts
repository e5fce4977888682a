// The `pipeline-job` format: batch job results (hand-written), durations, statuses and metrics.
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

const CTX: ParseContext = { timeZone: "Asia/Kolkata", referenceTime: Date.UTC(2026, 10, 22, 12) };
const FILE = join(ROOT, "test/fixtures/deploy/pipeline_jobs_HANDWRITTEN.jsonl");

test("started, succeeded, failed and running jobs", () => {
  const out = runText(pipelineJobFormat, readFileSync(FILE, "utf8"), CTX);
  assert.deepEqual(
    out.map((r) => r.line),
    [1, 2, 3, 4],
  );
  const [started, succeeded, failed, running] = okRecords(out);
  assert.deepEqual(
    [started?.event_action, started?.outcome, started?.timestamp, started?.latency_ms, started?.model_version],
    ["job_started", "unknown", Date.UTC(2026, 10, 22, 2, 0, 4), undefined, undefined],
  );
  assert.deepEqual(succeeded, {
    timestamp: Date.UTC(2026, 10, 22, 2, 41, 37, 250),
    event_kind: "pipeline",
    event_action: "job_succeeded",
    outcome: "success",
    severity: "info",
    message: "retrain-loan run 20261122-0200-7f3a succeeded",
    latency_ms: 2_493_250,
    model_version: "9",
    job_name: "retrain-loan",
    run_id: "20261122-0200-7f3a",
    job_status: "succeeded",
    metrics: { auc: 0.871, accuracy: 0.912, rows_trained: 1840221 },
  });
  assert.equal(failed?.event_action, "job_failed");
  assert.equal(failed?.outcome, "failure");
  assert.equal(failed?.severity, "error");
  assert.equal(failed?.latency_ms, 248_000);
  assert.equal(failed?.error_message, "source table features.fraud_daily is empty");
  assert.equal(
    failed?.message,
    "retrain-fraud run 20261122-0300-1c9e failed: source table features.fraud_daily is empty",
  );
  assert.equal(failed?.scheduler, "airflow");
  assert.deepEqual(failed?.metrics, { rows_read: 0 });
  // A start time without an offset is wall-clock time in the context zone (IST, UTC+5:30).
  assert.equal(running?.timestamp, Date.UTC(2026, 10, 21, 23, 30));
  assert.equal(running?.event_action, "job_running");
});

test("status spellings, missing and bad times", () => {
  const lines = [
    '{"job": "j", "run_id": 7, "status": "SUCCESS", "finished_at": 1795341600}',
    '{"job": "j", "run_id": 8, "status": "Canceled", "timestamp": "2026-11-22T10:00:00Z"}',
    '{"job": "j", "run_id": 9, "status": "started"}',
    '{"job": "j", "run_id": 9, "status": "failed", "finished_at": "never"}',
    '{"run_id": 9, "status": "failed"}',
  ];
  const out = runText(pipelineJobFormat, lines.join("\n"), CTX);
  assert.deepEqual(
    out.map((r) => (r.ok ? `${r.record.event_action}/${r.record.outcome}/${r.record.run_id}` : r.code)),
    ["job_succeeded/success/7", "job_cancelled/failure/8", "missing_timestamp", "invalid_timestamp", "unparseable"],
  );
  assert.ok(out[0]?.ok && out[0].record.timestamp === 1_795_341_600_000);
});

test("every example parses; detect needs job, run_id and status", () => {
  for (const ex of pipelineJobFormat.examples) {
    assert.equal(pipelineJobFormat.detect(ex), true);
    assert.equal(okRecords(runText(pipelineJobFormat, ex, CTX)).length, 1);
  }
  for (const line of readFileSync(FILE, "utf8").split("\n").filter(Boolean))
    assert.equal(pipelineJobFormat.detect(line), true);
  for (const line of [
    ...FOREIGN_TO_DOCUMENT_FORMATS,
    ...k8sDeployEventsFormat.examples,
    ...mlflowWebhookFormat.examples,
    '{"job": "x", "status": "ok"}',
  ]) {
    assert.equal(pipelineJobFormat.detect(line), false, line);
  }
});
