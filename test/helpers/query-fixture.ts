// A small, hand-written event set for the query tests and the docs examples: every number in an expected result can
// be checked by reading this file. NOW is the time now()/ago() count from.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { AlertRow } from "../../src/core/alert-row.js";
import type { DeadLetter } from "../../src/core/batch.js";
import type { InferEvent } from "../../src/core/fields.js";
import { DEFAULT_LIMITS } from "../../src/core/limits.js";
import { normalizeRecord } from "../../src/pipeline/normalize.js";
import { DuckDBStore } from "../../src/storage/duckdb/store.js";
import { tempDir } from "./process.js";

/** 2026-01-10T12:00:00Z. */
export const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;

/** [minutes before NOW, record]. */
export const FIXTURE_RECORDS: readonly (readonly [number, Record<string, unknown>])[] = [
  [
    10,
    {
      event_kind: "inference",
      source_id: "source_A",
      model_name: "resnet",
      model_version: "v1",
      user_id: "u1",
      latency_ms: 120,
      confidence: 0.91,
      prediction_label: "cat",
      outcome: "success",
      message: "predict ok",
      k8s: { pod: "web-1" },
    },
  ],
  [
    8,
    {
      event_kind: "inference",
      source_id: "source_A",
      model_name: "resnet",
      model_version: "v1",
      user_id: "u1",
      latency_ms: 640,
      confidence: 0.42,
      prediction_label: "dog",
      outcome: "success",
      message: "predict slow",
      k8s: { pod: "web-2" },
    },
  ],
  [
    7,
    {
      event_kind: "inference",
      source_id: "source_B",
      model_name: "resnet",
      model_version: "v2",
      user_id: "u2",
      latency_ms: 820,
      confidence: 0.25,
      prediction_label: "dog",
      outcome: "success",
      message: "Predict SLOW path",
      k8s: { pod: "web-1" },
    },
  ],
  [
    3,
    {
      event_kind: "inference",
      source_id: "source_B",
      model_name: "resnet",
      model_version: "v2",
      user_id: "u2",
      latency_ms: 510,
      confidence: 0.33,
      prediction_label: "cat",
      outcome: "success",
      message: "predict ok",
    },
  ],
  [
    2,
    {
      event_kind: "inference",
      source_id: "source_A",
      model_name: "resnet",
      model_version: "v2",
      user_id: "u3",
      latency_ms: 90,
      confidence: 0.97,
      prediction_label: "cat",
      outcome: "success",
      message: "predict ok",
    },
  ],
  [
    12,
    {
      event_kind: "inference",
      source_id: "source_B",
      model_name: "bert",
      model_version: "v1",
      user_id: "u3",
      latency_ms: 300,
      confidence: 0.15,
      prediction_label: "spam",
      outcome: "failure",
      error_type: "low_confidence",
      message: "low confidence",
    },
  ],
  [
    7,
    {
      event_kind: "infra",
      source_id: "feature_store",
      outcome: "failure",
      error_type: "timeout",
      severity: "error",
      message: "feature fetch timed out",
    },
  ],
  [
    2,
    {
      event_kind: "infra",
      source_id: "feature_store",
      outcome: "failure",
      error_type: "connection",
      severity: "error",
      message: "Redis connection refused",
    },
  ],
  [
    30,
    {
      event_kind: "llm",
      source_id: "gateway",
      model_name: "gpt-4o",
      user_id: "u1",
      tokens_in: 1200,
      tokens_out: 300,
      latency_ms: 900,
      cost_usd: 0.012,
    },
  ],
  [
    50,
    {
      event_kind: "llm",
      source_id: "gateway",
      model_name: "gpt-4o",
      user_id: "u2",
      tokens_in: 500,
      tokens_out: 100,
      latency_ms: 700,
      cost_usd: 0.005,
    },
  ],
  [
    20 * 60,
    {
      event_kind: "llm",
      source_id: "gateway",
      model_name: "gpt-4o",
      user_id: "u1",
      tokens_in: 800,
      tokens_out: 160,
      latency_ms: 650,
      cost_usd: 0.008,
    },
  ],
  [
    22 * 60,
    {
      event_kind: "llm",
      source_id: "gateway",
      model_name: "gpt-4o",
      user_id: "u2",
      tokens_in: 3000,
      tokens_out: 840,
      latency_ms: 2100,
      cost_usd: 0.03,
    },
  ],
  [
    80 * 60,
    {
      event_kind: "inference",
      source_id: "source_A",
      model_name: "resnet",
      model_version: "v1",
      user_id: "u1",
      latency_ms: 200,
      confidence: 0.55,
      prediction_label: "cat",
      outcome: "success",
      message: "predict ok",
    },
  ],
];

export const FIXTURE_DEAD_LETTER: DeadLetter = {
  receivedAt: NOW - HOUR,
  sourceId: "gateway",
  format: "json",
  line: 3,
  reasonCode: "invalid_json",
  reason: "Unexpected token",
  raw: "{oops",
  rawTruncated: false,
};

const LIVE_ALERT: AlertRow = {
  alert_id: "0190f5a0-0000-7000-8000-000000000001",
  created_at: NOW - 30 * MIN,
  rule_id: "8f2b6c1e-0000-4000-8000-00000000b001",
  rule_title: "Brute force against one account",
  rule_level: "high",
  rule_status: "test",
  rule_author: "InferWatch",
  rule_tags: ["attack.credential-access", "attack.t1110.001"],
  rule_techniques: [],
  alert_type: "event_count",
  group_key: { user_id: "u7" },
  first_seen: NOW - 40 * MIN,
  last_seen: NOW - 31 * MIN,
  count: 12,
  value: 12,
  evidence_event_ids: [],
  mode: "live",
};

/** Two alerts of the same correlation rule, one live and one from a shadow-mode trial of it. */
export const FIXTURE_ALERTS: readonly AlertRow[] = [
  LIVE_ALERT,
  {
    ...LIVE_ALERT,
    alert_id: "0190f5a0-0000-7000-8000-000000000002",
    created_at: NOW - 10 * MIN,
    group_key: { user_id: "u9" },
    first_seen: NOW - 20 * MIN,
    last_seen: NOW - 11 * MIN,
    count: 6,
    value: 6,
    mode: "shadow",
  },
];

export function fixtureEvents(): InferEvent[] {
  return FIXTURE_RECORDS.map(([minutesAgo, record], i) => {
    const full = { timestamp: NOW - minutesAgo * MIN, request_id: `r${i + 1}`, ...record };
    const r = normalizeRecord(full, JSON.stringify(full), {
      sourceId: String(record.source_id),
      sourceType: "json",
      observedAt: NOW,
      limits: DEFAULT_LIMITS,
      keepRaw: false,
    });
    assert.ok(r.ok, `fixture record ${i + 1} normalizes`);
    return r.event;
  });
}

/** A fresh data directory holding the fixture; the caller closes the store. */
export async function openFixtureStore(): Promise<DuckDBStore> {
  const store = await DuckDBStore.open(join(tempDir("iw-query-"), "data"), { threads: 1 });
  await store.write([{ events: fixtureEvents(), deadLetters: [FIXTURE_DEAD_LETTER] }]);
  await store.writeAlerts(FIXTURE_ALERTS);
  return store;
}
