// NaN/Infinity tolerance of the JSON parser for Python-written reports.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nullNonFinite, parseTolerantJson } from "./json-parse.js";

test("bare NaN, Infinity and -Infinity become null; strings and words are left alone", () => {
  const r = nullNonFinite('{"a": NaN, "b": [Infinity, -Infinity, 1], "c": "NaN and Infinity", "d": "x\\"NaN"}');
  assert.equal(r.replaced, 3);
  assert.deepEqual(JSON.parse(r.text), { a: null, b: [null, null, 1], c: "NaN and Infinity", d: 'x"NaN' });
  assert.deepEqual(nullNonFinite('{"a": 1}'), { text: '{"a": 1}', replaced: 0 });
  const parsed = parseTolerantJson("[NaN]");
  assert.deepEqual(parsed, { ok: true, value: [null], replaced: 1 });
  assert.equal(parseTolerantJson("[NaNx]").ok, false);
  assert.equal(parseTolerantJson("{").ok, false);
});
