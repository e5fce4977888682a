// Conversions of JSON mappings: numbers and integers, units to ms and ratio, timestamps, shapes, hashes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalJson } from "../common/hashing.js";
import { type Conversion, convert } from "./convert.js";

const UTC = { timeZone: "UTC", referenceTime: 0 };
const value = (v: unknown, c: Conversion, context = UTC): unknown => {
  const r = convert(v, c, context);
  assert.ok(r.ok, `conversion failed: ${JSON.stringify(v)}`);
  return r.value;
};

test("durations convert to milliseconds; confidence percent to a ratio; scale applies first", () => {
  assert.equal(value(0.0421, { type: "number", unit: "s" }), 42.1);
  assert.equal(value(42.1, { type: "number", unit: "ms" }), 42.1);
  assert.equal(value(42100, { type: "number", unit: "us" }), 42.1);
  assert.equal(value(42_100_000, { type: "number", unit: "ns" }), 42.1);
  assert.equal(value("93", { type: "number", unit: "percent" }), 0.93);
  assert.equal(value(0.93, { type: "number", unit: "ratio" }), 0.93);
  assert.equal(value(29, { type: "number", scale: 0.01 }), 0.29);
  assert.equal(value("12", { type: "int" }), 12);
  assert.equal(value(0.29, { type: "int", scale: 100 }), 29);
});

test("numbers that are not, and non-integers for int, are errors", () => {
  assert.deepEqual(convert("fast", { type: "number" }, UTC), {
    ok: false,
    message: 'expected a number, got string "fast"',
  });
  assert.deepEqual(convert(1.5, { type: "int" }, UTC), { ok: false, message: "expected an integer, got 1.5" });
  assert.equal(convert([1], { type: "number" }, UTC).ok, false);
});

test("timestamps: ISO with offset, local ISO in the context zone, epoch by magnitude or declared unit", () => {
  assert.equal(value("2026-03-02T09:15:27.481Z", { type: "timestamp" }), Date.UTC(2026, 2, 2, 9, 15, 27, 481));
  assert.equal(
    value("2026-03-02 10:15:27,481", { type: "timestamp" }, { timeZone: "Europe/Berlin", referenceTime: 0 }),
    Date.UTC(2026, 2, 2, 9, 15, 27, 481),
  );
  assert.equal(value(1763015742, { type: "timestamp" }), 1_763_015_742_000);
  assert.equal(value(1763015742.5, { type: "timestamp", unit: "s" }), 1_763_015_742_500);
  // A declared unit beats the magnitude rule: 5e10 ms is 1971, not 3554 in seconds.
  assert.equal(value(5e10, { type: "timestamp", unit: "ms" }), 5e10);
  assert.equal(convert("2026-02-30T00:00:00", { type: "timestamp" }, UTC).ok, false);
  assert.equal(convert("yesterday", { type: "timestamp" }, UTC).ok, false);
});

test("shapes from arrays, x-strings and Python reprs", () => {
  assert.equal(value([1, 3, 224, 224], { type: "shape" }), "1x3x224x224");
  assert.equal(value("1x3x224x224", { type: "shape" }), "1x3x224x224");
  assert.equal(value("torch.Size([1, 3, 224, 224])", { type: "shape" }), "1x3x224x224");
  assert.equal(value("(8, 512)", { type: "shape" }), "8x512");
  assert.equal(value(16, { type: "shape" }), "16");
  assert.equal(convert([[1, 2]], { type: "shape" }, UTC).ok, false);
  assert.equal(convert("big", { type: "shape" }, UTC).ok, false);
});

test("hash is the SHA-256 of canonical JSON: key order does not matter", () => {
  const a = value({ b: [1, 2], a: "x" }, { type: "hash" });
  assert.equal(a, value({ a: "x", b: [1, 2] }, { type: "hash" }));
  assert.match(String(a), /^[0-9a-f]{64}$/);
  assert.equal(canonicalJson({ b: 1, a: { d: null, c: true } }), '{"a":{"c":true,"d":null},"b":1}');
});

test("strings take numbers and booleans; objects become JSON text; json keeps the value", () => {
  assert.equal(value(7, { type: "string" }), "7");
  assert.equal(value({ a: 1 }, { type: "string" }), '{"a":1}');
  assert.deepEqual(value({ top: [1] }, { type: "json" }), { top: [1] });
});
