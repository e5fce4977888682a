// Shipper envelopes: the parsed line wins (under any alias), the envelope fills in, attributes merge, and lines no
// format recognizes become plain messages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeEnvelope, withEnvelope } from "./envelope.js";

test("the record's own fields win, also when the envelope names them through an alias", () => {
  const merged = mergeEnvelope(
    { timestamp: "2026-01-01T00:00:00Z", message: "from the line", model_name: "resnet" },
    { "@timestamp": "2026-02-02T00:00:00Z", message: "whole envelope", "host.name": "node-1" },
  );
  assert.deepEqual(merged, {
    timestamp: "2026-01-01T00:00:00Z",
    message: "from the line",
    model_name: "resnet",
    "host.name": "node-1",
  });
});

test("envelope fields fill what the record lacks, and attributes merge with the record's winning", () => {
  const merged = mergeEnvelope(
    { message: "x", attributes: { a: 1, shared: "record" } },
    { "@timestamp": "2026-02-02T00:00:00Z", attributes: { b: 2, shared: "envelope" } },
  );
  assert.deepEqual(merged, {
    message: "x",
    "@timestamp": "2026-02-02T00:00:00Z",
    attributes: { b: 2, shared: "record", a: 1 },
  });
});

test("a null field in the record does not block the envelope's value", () => {
  assert.deepEqual(mergeEnvelope({ host_name: null }, { "host.name": "h" }), { host_name: null, "host.name": "h" });
});

const envelope = {
  format: "loki",
  record: { timestamp: 1000, host_name: "gpu-1", severity: "info", attributes: { job: "api", shared: "outer" } },
};

test("a record a parser read keeps its fields; the envelope fills the rest and attributes merge", () => {
  const r = withEnvelope(
    {
      ok: true,
      line: 3,
      raw: "line",
      format: "torchserve",
      record: { timestamp: 2000, severity: "warn", attributes: { shared: "inner", own: 1 } },
    },
    envelope,
  );
  assert.deepEqual(r, {
    ok: true,
    line: 3,
    raw: "line",
    format: "torchserve",
    record: {
      timestamp: 2000,
      host_name: "gpu-1",
      severity: "warn",
      attributes: { job: "api", shared: "inner", own: 1 },
    },
  });
});

test("a line no format recognizes (or broken JSON-looking text) is kept as a plain message", () => {
  for (const miss of [
    { code: "unknown_format" as const, format: "auto" },
    { code: "invalid_json" as const, format: "json" },
  ]) {
    const r = withEnvelope({ ok: false, line: 1, raw: "[x] hello", message: "m", ...miss }, envelope);
    assert.deepEqual(r, {
      ok: true,
      line: 1,
      raw: "[x] hello",
      format: "loki",
      record: { ...envelope.record, message: "[x] hello" },
    });
  }
});

test("a known format's own rejection stands", () => {
  const bad = { ok: false as const, line: 1, raw: "x", code: "unparseable" as const, message: "m", format: "triton" };
  assert.deepEqual(withEnvelope(bad, envelope), bad);
});
