// Shipper envelopes: the parsed line wins, the envelope fills in, unrecognized lines become plain messages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withEnvelope } from "./ingest.js";

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
