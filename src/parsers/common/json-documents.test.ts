// The JSON document assembler: one per line, pretty-printed, several to a line, array elements, cut off, oversized.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toLines } from "./fixtures.js";
import { documentValue, JsonDepth, type JsonDocumentOptions, JsonDocuments, type JsonPiece } from "./json-documents.js";

function pieces(text: string, options?: JsonDocumentOptions): JsonPiece[] {
  const a = new JsonDocuments(options);
  return [...toLines(text).flatMap((l) => a.push(l)), ...a.end()];
}

test("brackets inside strings and escaped quotes do not count", () => {
  const d = new JsonDepth();
  assert.equal(d.feed('{"a": "}{\\"]", "b": [1, {"c": "["}]}'), 36);
  assert.equal(d.depth, 0);
});

test("one document per line, and pretty-printed documents over many lines", () => {
  const out = pieces('{"a": 1}\n[1, 2]\n{\n  "b": {\n    "c": "}"\n  }\n}');
  assert.deepEqual(
    out.map((p) => [p.kind, p.line]),
    [
      ["document", 1],
      ["document", 2],
      ["document", 3],
    ],
  );
  assert.equal(out[2]?.kind === "document" && out[2].raw, '{\n  "b": {\n    "c": "}"\n  }\n}');
});

test("whole lines: text after a document stays in it, and `open` holds until the brackets balance", () => {
  const a = new JsonDocuments();
  assert.deepEqual(a.push({ line: 1, text: "  {" }), []);
  assert.equal(a.open, true);
  assert.deepEqual(a.push({ line: 2, text: '"a": 1} trailing' }), [
    { kind: "document", line: 1, raw: '  {\n"a": 1} trailing' },
  ]);
  assert.equal(a.open, false);
  const [doc] = a.push({ line: 3, text: '{"a": 1}}' });
  assert.equal(doc?.kind === "document" && documentValue(doc).ok, false);
});

test("cut documents: a line ending inside a string, a new document at column 0, the end of input", () => {
  const out = pieces('{"id": "x", "kv_tr\n{"a": 1, "b": [\n{"c": 2}\n{\n  "d": 3', { cutAtNewDocument: true });
  assert.deepEqual(
    out.map((p) => [p.kind, p.line, p.kind === "problem" ? p.code : ""]),
    [
      ["problem", 1, "invalid_json"],
      ["problem", 2, "invalid_json"],
      ["document", 3, ""],
      ["problem", 4, "incomplete_record"],
    ],
  );
});

test("text outside documents is handed back", () => {
  const out = pieces('prose\n{"a": 1}\n}');
  assert.deepEqual(
    out.map((p) => p.kind),
    ["text", "document", "text"],
  );
});

test("documents are cut at bracket depth zero, across lines and several to a line", () => {
  const r = new JsonDocuments({ mode: "documents" });
  assert.deepEqual(r.push({ line: 1, text: "{" }), []);
  assert.deepEqual(r.push({ line: 2, text: '  "a": "} ] { [",' }), []);
  assert.deepEqual(r.push({ line: 3, text: '  "b": [1, {"c": 2}]' }), []);
  assert.deepEqual(r.push({ line: 4, text: "}" }), [
    { kind: "document", line: 1, raw: '{\n  "a": "} ] { [",\n  "b": [1, {"c": 2}]\n}' },
  ]);
  assert.deepEqual(r.push({ line: 5, text: '{"x": 1}{"y": 2} , [3]' }), [
    { kind: "document", line: 5, raw: '{"x": 1}' },
    { kind: "document", line: 5, raw: '{"y": 2}' },
    { kind: "document", line: 5, raw: "[3]" },
  ]);
  assert.deepEqual(r.end(), []);
});

test("pretty-printed documents, several on a line, braces inside strings", () => {
  const items = pieces(['{"a": "}{",', ' "b": [1, {"c": 2}]', '}{"d": 1} {"e": "\\"}"}', "plain"].join("\n"), {
    mode: "documents",
  });
  assert.deepEqual(
    items.map((i) => (i.kind === "document" ? [i.kind, i.line, documentValue(i)] : [i.kind])),
    [
      [
        "document",
        1,
        { ok: true, line: 1, raw: '{"a": "}{",\n "b": [1, {"c": 2}]\n}', value: { a: "}{", b: [1, { c: 2 }] } },
      ],
      ["document", 3, { ok: true, line: 3, raw: '{"d": 1}', value: { d: 1 } }],
      ["document", 3, { ok: true, line: 3, raw: '{"e": "\\"}"}', value: { e: '"}' } }],
      ["text"],
    ],
  );
});

test("stray text, a line ending inside a string, an unfinished and an oversized document are reported", () => {
  const r = new JsonDocuments({ mode: "documents", maxChars: 50 });
  const [stray] = r.push({ line: 1, text: "hello" });
  assert.equal(stray?.kind, "text");
  assert.deepEqual(r.push({ line: 2, text: '{"a": "unterminated' }), [
    {
      kind: "problem",
      line: 2,
      raw: '{"a": "unterminated',
      code: "invalid_json",
      message: "line 2 ends inside a JSON string, so the document opened on line 2 is not valid JSON",
    },
  ]);
  assert.deepEqual(r.push({ line: 3, text: '{"b": 1}' }), [{ kind: "document", line: 3, raw: '{"b": 1}' }]);
  r.push({ line: 4, text: '{"c": [' });
  const [open] = r.end();
  assert.equal(open?.kind === "problem" && open.code, "incomplete_record");
  assert.equal(open?.line, 4);
  r.push({ line: 5, text: `{"d": "${"x".repeat(60)}",` });
  const [big] = r.push({ line: 6, text: "}" });
  assert.equal(big?.kind === "problem" && big.code, "unparseable");
  assert.match(big?.kind === "problem" ? big.message : "", /larger than 50 characters/);
});

test("elements mode yields array elements and array ends; an unclosed array is reported at the end", () => {
  const items = pieces(["[", '  {"id": 1},', "  {", '    "id": 2', "  }", "]", "[", '{"id": 3}'].join("\n"), {
    mode: "elements",
  });
  assert.deepEqual(
    items.map((i) =>
      i.kind === "document" ? [i.kind, i.line, i.raw] : i.kind === "problem" ? [i.kind, i.line, i.code] : [i.kind],
    ),
    [
      ["document", 2, '{"id": 1}'],
      ["document", 3, '{\n    "id": 2\n  }'],
      ["array_end"],
      ["document", 8, '{"id": 3}'],
      ["problem", 7, "incomplete_record"],
      ["array_end"],
    ],
  );
});

test("junk after a document, invalid JSON and oversized documents are diagnosed, and the stream goes on", () => {
  const items = pieces(['{"a": 1} trailing', "{'a': 1}", `{"big": "${"x".repeat(60)}"}`, '{"ok": true}'].join("\n"), {
    mode: "documents",
    maxChars: 40,
  });
  assert.deepEqual(
    items.map((i) => {
      if (i.kind !== "document" && i.kind !== "problem") return i.kind;
      const v = documentValue(i);
      return v.ok ? "value" : v.code;
    }),
    ["value", "unparseable", "invalid_json", "unparseable", "value"],
  );
});
