// Time parsing: ISO 8601 strictness, time zones, and ranges.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inferYear, localToEpochMs, parseTimestamp } from "./time.js";

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

test("wall-clock times in a zone, across daylight saving", () => {
  const t = { year: 2026, month: 1, day: 15, hour: 12, minute: 0, second: 0, millisecond: 5 };
  assert.equal(localToEpochMs(t, "UTC"), Date.UTC(2026, 0, 15, 12, 0, 0, 5));
  assert.equal(localToEpochMs(t, "Europe/Berlin"), Date.UTC(2026, 0, 15, 11, 0, 0, 5));
  assert.equal(localToEpochMs({ ...t, month: 7 }, "Europe/Berlin"), Date.UTC(2026, 6, 15, 10, 0, 0, 5));
  assert.equal(localToEpochMs({ ...t, month: 7 }, "America/New_York"), Date.UTC(2026, 6, 15, 16, 0, 0, 5));
  assert.equal(localToEpochMs(t, "Asia/Kolkata"), Date.UTC(2026, 0, 15, 6, 30, 0, 5));
});

test("a missing year is the one that does not put the date in the future", () => {
  const jan2 = Date.UTC(2027, 0, 2);
  assert.equal(inferYear(12, 31, jan2), 2026);
  assert.equal(inferYear(1, 1, jan2), 2027);
  assert.equal(inferYear(1, 3, jan2), 2027);
  assert.equal(inferYear(6, 1, jan2), 2026);
});
