// NaN/Infinity tolerance and the reassembly of multi-line JSON documents.
import assert from "node:assert/strict";
import { test } from "node:test";
import { JsonDocumentReader } from "./json-document.js";
import { nullNonFinite, parseTolerantJson } from "./tolerant-json.js";

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

test("documents are cut at bracket depth zero, across lines and several to a line", () => {
  const r = new JsonDocumentReader();
  assert.deepEqual(r.push(1, "{"), []);
  assert.deepEqual(r.push(2, '  "a": "} ] { [",'), []);
  assert.deepEqual(r.push(3, '  "b": [1, {"c": 2}]'), []);
  assert.deepEqual(r.push(4, "}"), [
    { kind: "document", line: 1, text: '{\n  "a": "} ] { [",\n  "b": [1, {"c": 2}]\n}' },
  ]);
  assert.deepEqual(r.push(5, '{"x": 1}{"y": 2} , [3]'), [
    { kind: "document", line: 5, text: '{"x": 1}' },
    { kind: "document", line: 5, text: '{"y": 2}' },
    { kind: "document", line: 5, text: "[3]" },
  ]);
  assert.equal(r.end(), null);
});

test("stray text, a line ending inside a string, an unfinished and an oversized document are reported", () => {
  const r = new JsonDocumentReader(50);
  const [stray] = r.push(1, "hello");
  assert.equal(stray?.kind === "problem" && stray.reason, "stray");
  assert.deepEqual(r.push(2, '{"a": "unterminated'), [
    {
      kind: "problem",
      line: 2,
      text: '{"a": "unterminated',
      reason: "broken",
      message: "line 2 ends inside a JSON string, so the document opened on line 2 is not valid JSON",
    },
  ]);
  assert.deepEqual(r.push(3, '{"b": 1}'), [{ kind: "document", line: 3, text: '{"b": 1}' }]);
  r.push(4, '{"c": [');
  const open = r.end();
  assert.equal(open?.reason, "broken");
  assert.equal(open?.line, 4);
  r.push(5, `{"d": "${"x".repeat(60)}",`);
  const [big] = r.push(6, "}");
  assert.equal(big?.kind === "problem" && big.reason, "oversized");
});
