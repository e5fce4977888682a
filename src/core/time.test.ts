// Time parsing: ISO 8601 strictness, time zones, and ranges.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTimestamp } from "./time.js";

test("ISO 8601 with and without offsets; naive times are UTC", () => {
  assert.deepEqual(parseTimestamp("2026-11-22T10:00:00Z"), { ok: true, ms: Date.UTC(2026, 10, 22, 10) });
  assert.deepEqual(parseTimestamp("2026-11-22 10:00:00"), { ok: true, ms: Date.UTC(2026, 10, 22, 10) });
  assert.deepEqual(parseTimestamp("2026-11-22T12:00:00+02:00"), { ok: true, ms: Date.UTC(2026, 10, 22, 10) });
  assert.deepEqual(parseTimestamp("2026-11-22T10:00:00,5Z"), { ok: true, ms: Date.UTC(2026, 10, 22, 10, 0, 0, 500) });
  assert.deepEqual(parseTimestamp("2026-11-22"), { ok: true, ms: Date.UTC(2026, 10, 22) });
});

test("strings Date.parse would guess at are refused", () => {
  for (const bad of ["March 7", "1/2/2026", "", "2026-13-45T99:00:00Z", "now"]) {
    assert.equal(parseTimestamp(bad).ok, false, bad);
  }
  assert.equal(parseTimestamp(true).ok, false);
  assert.equal(parseTimestamp(Number.NaN).ok, false);
  assert.equal(parseTimestamp(-1e13).ok, false);
});
