// Envelope merge: the parsed line wins over the shipper's fields, under any alias; attributes merge.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeEnvelope } from "./envelope.js";

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
