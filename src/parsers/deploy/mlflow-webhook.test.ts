// The `mlflow-webhook` format: Model Registry webhook payloads (hand-written from the documented shape).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { authJsonFormat } from "../auth/auth-json.js";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { k8sDeployEventsFormat } from "./k8s-deploy-events.js";
import { mlflowWebhookFormat } from "./mlflow-webhook.js";
import { pipelineJobFormat } from "./pipeline-job.js";

const CTX: ParseContext = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22, 12) };
const FILE = join(ROOT, "test/fixtures/deploy/mlflow_registry_webhooks_HANDWRITTEN.jsonl");

test("created, requested, transitioned and archived versions", () => {
  const out = runText(mlflowWebhookFormat, readFileSync(FILE, "utf8"), CTX);
  assert.deepEqual(
    out.map((r) => r.line),
    [1, 2, 3, 4],
  );
  const records = okRecords(out);
  assert.deepEqual(
    records.map((r) => [
      r.event_action,
      r.outcome,
      r.model_name,
      r.model_version,
      r.from_stage ?? null,
      r.to_stage ?? null,
    ]),
    [
      ["model_version_created", "success", "loan-default-xgb", "9", null, null],
      ["stage_change_requested", "unknown", "loan-default-xgb", "9", "Staging", "Production"],
      ["stage_change", "success", "loan-default-xgb", "9", "Staging", "Production"],
      ["stage_change", "success", "loan-default-xgb", "8", null, "Archived"],
    ],
  );
  assert.deepEqual(records[2], {
    webhook_id: "c5596721253c4b429368cf6f4341b88a",
    timestamp: 1_795_341_600_000,
    timestamp_source: "payload",
    event_kind: "deploy",
    event_action: "stage_change",
    outcome: "success",
    severity: "info",
    message: "Registered model 'loan-default-xgb' version 9 transitioned from Staging to Production.",
    model_name: "loan-default-xgb",
    model_version: "9",
    mlflow_event: "MODEL_VERSION_TRANSITIONED_STAGE",
    from_stage: "Staging",
    to_stage: "Production",
  });
});

test("a payload without a time takes the reference time; broken ones are diagnosed", () => {
  const [r] = okRecords(
    runText(
      mlflowWebhookFormat,
      '{"event": "MODEL_VERSION_TRANSITIONED_STAGE", "model_name": "m", "version": 3, "to_stage": "Staging", "from_stage": "None"}',
      CTX,
    ),
  );
  assert.equal(r?.timestamp, CTX.referenceTime);
  assert.equal(r?.timestamp_source, "reference_time");
  assert.equal(r?.model_version, "3");
  assert.equal(r?.message, "m version 3 moved from None to Staging");
  const codes = runText(
    mlflowWebhookFormat,
    '{"model_name": "m"}\n{"event": "COMMENT_CREATED", "event_timestamp": "x"}\n{',
    CTX,
  ).map((x) => (x.ok ? "ok" : x.code));
  assert.deepEqual(codes, ["unparseable", "invalid_timestamp", "invalid_json"]);
});

test("every example parses; detect keys on registry events only", () => {
  for (const ex of mlflowWebhookFormat.examples) {
    assert.equal(mlflowWebhookFormat.detect(ex), true);
    assert.equal(okRecords(runText(mlflowWebhookFormat, ex, CTX)).length, 1);
  }
  for (const line of readFileSync(FILE, "utf8").split("\n").filter(Boolean))
    assert.equal(mlflowWebhookFormat.detect(line), true);
  for (const line of [
    ...FOREIGN_TO_DOCUMENT_FORMATS,
    ...k8sDeployEventsFormat.examples,
    ...pipelineJobFormat.examples,
    ...authJsonFormat.examples,
    '{"event": "login", "model_name": "x"}',
  ]) {
    assert.equal(mlflowWebhookFormat.detect(line), false, line);
  }
});
