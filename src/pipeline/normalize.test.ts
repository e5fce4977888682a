// Normalization: types, aliases, attributes, limits and the reasons given for rejections.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_LIMITS } from "../core/limits.js";
import { type NormalizeContext, normalizeRecord } from "./normalize.js";

const ctx: NormalizeContext = {
  sourceId: "src",
  sourceType: "json",
  observedAt: 1_800_000_000_000,
  limits: DEFAULT_LIMITS,
  keepRaw: true,
};

function ok(record: Record<string, unknown>, c = ctx) {
  const r = normalizeRecord(record, JSON.stringify(record), c);
  assert.ok(r.ok, r.ok ? "" : `${r.code}: ${r.message}`);
  return r.event;
}

function rejected(record: Record<string, unknown>, c = ctx) {
  const r = normalizeRecord(record, JSON.stringify(record), c);
  assert.ok(!r.ok, "expected a rejection");
  return r;
}

test("known fields are typed, unknown ones land in attributes, system fields are set", () => {
  const e = ok({
    timestamp: 1_763_800_000_123,
    model_name: "resnet",
    latency_ms: "12.5",
    tokens_in: 7,
    gpu: { util: 0.9 },
  });
  assert.equal(e.timestamp, 1_763_800_000_123);
  assert.equal(e.model_name, "resnet");
  assert.equal(e.latency_ms, 12.5);
  assert.equal(e.tokens_in, 7);
  assert.deepEqual(JSON.parse(e.attributes ?? "null"), { gpu: { util: 0.9 } });
  assert.equal(e.source_id, "src");
  assert.equal(e.source_type, "json");
  assert.equal(e.observed_timestamp, ctx.observedAt);
  assert.equal(e.event_kind, "log");
  assert.match(e.event_id, /^[0-9a-f-]{36}$/);
  assert.equal(
    e.raw,
    JSON.stringify({
      timestamp: 1_763_800_000_123,
      model_name: "resnet",
      latency_ms: "12.5",
      tokens_in: 7,
      gpu: { util: 0.9 },
    }),
  );
});

test("OTel and ECS names map onto columns; @timestamp and ISO times are accepted", () => {
  const e = ok({
    "@timestamp": "2026-11-22T10:00:00.250Z",
    "gen_ai.usage.input_tokens": 12,
    "gen_ai.request.model": "llama",
    "client.ip": "10.0.0.1",
    "http.response.status_code": 503,
  });
  assert.equal(e.timestamp, Date.UTC(2026, 10, 22, 10, 0, 0, 250));
  assert.equal(e.tokens_in, 12);
  assert.equal(e.model_name, "llama");
  assert.equal(e.client_ip, "10.0.0.1");
  assert.equal(e.http_status_code, 503);
  assert.equal(e.attributes, null);
});

test("epoch numbers are read by magnitude: seconds, milliseconds, microseconds, nanoseconds", () => {
  const ms = 1_763_800_000_123;
  assert.equal(ok({ timestamp: 1_763_800_000.123 }).timestamp, ms);
  assert.equal(ok({ timestamp: ms }).timestamp, ms);
  assert.equal(ok({ timestamp: ms * 1000 }).timestamp, ms);
  assert.equal(ok({ timestamp: `${ms}000000` }).timestamp, ms);
});

test("enumerated fields are lower-cased and checked; severity synonyms are mapped", () => {
  const e = ok({ timestamp: 1, event_kind: "LLM", severity: "WARNING", outcome: "Failure" });
  assert.equal(e.event_kind, "llm");
  assert.equal(e.severity, "warn");
  assert.equal(e.outcome, "failure");
  const r = rejected({ timestamp: 1, event_kind: "banana" });
  assert.equal(r.code, "invalid_field_value");
  assert.match(r.message, /event_kind.*allowed: inference/);
});

test("rejections name the field and the problem", () => {
  assert.equal(rejected({ model_name: "x" }).code, "missing_timestamp");
  assert.equal(rejected({ timestamp: "yesterday" }).code, "invalid_timestamp");
  assert.equal(rejected({ timestamp: `1${"0".repeat(25)}` }).code, "invalid_timestamp");
  const wrong = rejected({ timestamp: 1, latency_ms: "fast" });
  assert.equal(wrong.code, "invalid_field_type");
  assert.match(wrong.message, /'latency_ms' must be a number, got string "fast"/);
  assert.equal(rejected({ timestamp: 1, tokens_in: 1.5 }).code, "invalid_field_type");
  assert.equal(rejected({ timestamp: 1, model_name: { a: 1 } }).code, "invalid_field_type");
  const neg = rejected({ timestamp: 1, latency_ms: -3 });
  assert.equal(neg.code, "invalid_field_value");
  assert.equal(rejected({ timestamp: 1, http_status_code: 700 }).code, "invalid_field_value");
});

test("limits: field length (UTF-8 bytes), nesting depth and field count, attributes included", () => {
  const limits = { ...DEFAULT_LIMITS, maxFieldBytes: 10, maxDepth: 3, maxFields: 5 };
  const c = { ...ctx, limits };
  assert.equal(ok({ timestamp: 1, model_name: "0123456789" }, c).model_name, "0123456789");
  const long = rejected({ timestamp: 1, model_name: "01234567890" }, c);
  assert.equal(long.code, "field_too_long");
  assert.match(long.message, /model_name.*10 bytes/);
  // Four characters, twelve UTF-8 bytes.
  assert.equal(rejected({ timestamp: 1, user_id: "€€€€" }, c).code, "field_too_long");
  assert.equal(rejected({ timestamp: 1, extra: "x".repeat(11) }, c).code, "field_too_long");
  assert.equal(rejected({ timestamp: 1, a: { b: { c: { d: 1 } } } }, c).code, "too_deep");
  assert.equal(ok({ timestamp: 1, a: { b: 1 } }, c).timestamp, 1000);
  assert.equal(rejected({ timestamp: 1, a: 1, b: 2, c: 3, d: 4, e: 5 }, c).code, "too_many_fields");
  assert.equal(rejected({ timestamp: 1, a: [1, 2, 3, 4, 5, 6] }, c).code, "too_many_fields");
});

test("an attributes object merges; a non-object attributes value is kept, not lost", () => {
  assert.deepEqual(JSON.parse(ok({ timestamp: 1, attributes: { a: 1 }, b: 2 }).attributes ?? ""), { a: 1, b: 2 });
  assert.deepEqual(JSON.parse(ok({ timestamp: 1, attributes: "text" }).attributes ?? ""), { attributes: "text" });
});

test("system fields cannot be forged by the input; raw text obeys keepRaw", () => {
  const e = ok({ timestamp: 1, source_type: "forged", observed_timestamp: 5, raw: "x" });
  assert.equal(e.source_type, "json");
  assert.equal(e.observed_timestamp, ctx.observedAt);
  assert.deepEqual(JSON.parse(e.attributes ?? ""), { source_type: "forged", observed_timestamp: 5, raw: "x" });
  assert.equal(ok({ timestamp: 1 }, { ...ctx, keepRaw: false }).raw, null);
});
