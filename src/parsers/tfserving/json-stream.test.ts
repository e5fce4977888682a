// JsonStream: documents across lines, braces inside strings, array elements one at a time, bounds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type JsonItem, JsonStream } from "./json-stream.js";
import { toLines } from "./sample-support.js";

function feed(stream: JsonStream, text: string): JsonItem[] {
  const out: JsonItem[] = [];
  for (const l of toLines(text)) out.push(...stream.push(l));
  return [...out, ...stream.end()];
}

test("pretty-printed documents, several on a line, braces inside strings", () => {
  const items = feed(
    new JsonStream(false),
    ['{"a": "}{",', ' "b": [1, {"c": 2}]', '}{"d": 1} {"e": "\\"}"}', "plain"].join("\n"),
  );
  assert.deepEqual(
    items.map((i) => (i.kind === "value" ? [i.kind, i.line, i.value] : [i.kind])),
    [["value", 1, { a: "}{", b: [1, { c: 2 }] }], ["value", 3, { d: 1 }], ["value", 3, { e: '"}' }], ["text"]],
  );
  const first = items[0];
  assert.equal(first?.kind === "value" && first.raw, '{"a": "}{",\n "b": [1, {"c": 2}]\n}');
});

test("split mode yields array elements and array ends; an unclosed array is reported at the end", () => {
  const items = feed(
    new JsonStream(true),
    ["[", '  {"id": 1},', "  {", '    "id": 2', "  }", "]", "[", '{"id": 3}'].join("\n"),
  );
  assert.deepEqual(
    items.map((i) =>
      i.kind === "value" ? ["value", i.line, i.raw] : i.kind === "error" ? ["error", i.line, i.code] : [i.kind],
    ),
    [
      ["value", 2, '{"id": 1}'],
      ["value", 3, '{\n    "id": 2\n  }'],
      ["array_end"],
      ["value", 8, '{"id": 3}'],
      ["error", 7, "incomplete_record"],
      ["array_end"],
    ],
  );
});

test("junk after a value, invalid JSON and oversized values are diagnosed, and the stream goes on", () => {
  const items = feed(
    new JsonStream(false, 40),
    ['{"a": 1} trailing', "{'a': 1}", `{"big": "${"x".repeat(60)}"}`, '{"ok": true}'].join("\n"),
  );
  assert.deepEqual(
    items.map((i) => (i.kind === "error" ? i.code : i.kind)),
    ["value", "unparseable", "invalid_json", "unparseable", "value"],
  );
});
