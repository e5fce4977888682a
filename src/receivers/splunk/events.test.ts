// HEC bodies: concatenated objects split correctly (strings, escapes, nesting), validation points at the event.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventBody, splitObjects } from "./events.js";

test("concatenated objects split on their own braces, not on braces inside strings", () => {
  assert.deepEqual(splitObjects('{"a":"}{"}{"b":{"c":[1,{}]}}\n {"d":"\\"}"}'), {
    objects: ['{"a":"}{"}', '{"b":{"c":[1,{}]}}', '{"d":"\\"}"}'],
  });
  assert.deepEqual(splitObjects(""), { objects: [] });
  assert.deepEqual(splitObjects('{"a":1}{"b":'), { invalidAt: 1 });
  assert.deepEqual(splitObjects('{"a":1} x'), { invalidAt: 1 });
  assert.deepEqual(splitObjects(`{"a":${"[".repeat(300)}`), { invalidAt: 0 });
});

test("time in seconds (number or string) becomes ms; metadata is kept; non-string events become text", () => {
  const r = parseEventBody('{"time":1763800000.5,"host":"h","event":"x"}{"time":"1763800001","event":42}');
  assert.ok("events" in r);
  assert.equal(r.events[0]?.timeMs, 1_763_800_000_500);
  assert.equal(r.events[0]?.host, "h");
  assert.equal(r.events[1]?.timeMs, 1_763_800_001_000);
  assert.equal(r.events[1]?.event, "42");
});

test("fields must be an object, host a string", () => {
  for (const body of ['{"event":"x","fields":[1]}', '{"event":"x","host":5}', '{"event":"x","time":-1}']) {
    const r = parseEventBody(body);
    assert.ok("error" in r, body);
    assert.equal(r.error.body.code, 6);
  }
});
