// Body splitting: NDJSON lines, JSON arrays, one pretty-printed object, and broken input reported per line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitJsonBody, splitLines } from "./body.js";

test("lines keep editor numbering, skip blanks and tolerate CRLF", () => {
  assert.deepEqual(splitLines("a\r\n\n  \nb\nc"), [
    { line: 1, text: "a" },
    { line: 4, text: "b" },
    { line: 5, text: "c" },
  ]);
});

test("a JSON array becomes one item per element, already parsed", () => {
  const items = splitJsonBody(' [{"a":1}, 2]');
  assert.equal(items.length, 2);
  assert.deepEqual(items[0], { line: 1, text: '{"a":1}', value: { a: 1 } });
  assert.deepEqual(items[1]?.value, 2);
});

test("a pretty-printed object is one item; NDJSON stays per line; broken input falls back to lines", () => {
  const pretty = '{\n  "timestamp": 1,\n  "a": [1,\n 2]\n}\n';
  assert.deepEqual(splitJsonBody(pretty), [{ line: 1, text: pretty.trim(), value: { timestamp: 1, a: [1, 2] } }]);
  assert.equal(splitJsonBody('{"a":1}\n{"a":2}').length, 2);
  const broken = splitJsonBody('{"a":\n{"b":2}');
  assert.deepEqual(
    broken.map((i) => [i.line, i.value]),
    [
      [1, undefined],
      [2, undefined],
    ],
  );
  assert.deepEqual(
    splitJsonBody('[{"a":1},').map((i) => i.line),
    [1],
  );
});
