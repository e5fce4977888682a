// Assembling JSON documents from lines: one per line, pretty-printed, cut off, or stray text between them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toLines } from "./fixture-support.js";
import { type DocumentPiece, JsonDepth, JsonDocumentAssembler } from "./json-documents.js";

function pieces(text: string): DocumentPiece[] {
  const a = new JsonDocumentAssembler();
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
  assert.equal(out[2]?.text, '{\n  "b": {\n    "c": "}"\n  }\n}');
});

test("cut documents: a line ending inside a string, a new document at column 0, the end of input", () => {
  const out = pieces('{"id": "x", "kv_tr\n{"a": 1, "b": [\n{"c": 2}\n{\n  "d": 3');
  assert.deepEqual(
    out.map((p) => [p.kind, p.line, p.kind === "cut" ? p.code : ""]),
    [
      ["cut", 1, "invalid_json"],
      ["cut", 2, "invalid_json"],
      ["document", 3, ""],
      ["cut", 4, "incomplete_record"],
    ],
  );
});

test("text outside documents is stray", () => {
  const out = pieces('prose\n{"a": 1}\n}');
  assert.deepEqual(
    out.map((p) => p.kind),
    ["stray", "document", "stray"],
  );
});
