// Source paths of JSON mappings: parsing (with positions in errors), reading, and removing consumed values.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePath, readPath, removePath } from "./path.js";

test("dotted keys, indexes and quoted keys", () => {
  assert.deepEqual(parsePath("request.id"), { ok: true, steps: ["request", "id"] });
  assert.deepEqual(parsePath("choices[0].message.content"), { ok: true, steps: ["choices", 0, "message", "content"] });
  assert.deepEqual(parsePath('labels["app.kubernetes.io/name"]'), {
    ok: true,
    steps: ["labels", "app.kubernetes.io/name"],
  });
  assert.deepEqual(parsePath("m[1][2]"), { ok: true, steps: ["m", 1, 2] });
});

test("bad paths say where they go wrong", () => {
  for (const [path, message] of [
    ["a[", /unclosed `\[` at character 2/],
    ["a.", /ends with `\.`/],
    ["a..b", /empty key at character 3/],
    ["a[x]", /expected an index/],
    ["a[0]b", /expected `\.` or `\[` after `\]`/],
    ["", /empty path/],
  ] as const) {
    const p = parsePath(path);
    assert.equal(p.ok, false, path);
    if (!p.ok) assert.match(p.message, message, path);
  }
});

test("reading: missing steps are undefined, own keys only", () => {
  const doc = { a: { b: [10, { c: "x" }] }, n: null };
  assert.equal(readPath(doc, ["a", "b", 1, "c"]), "x");
  assert.equal(readPath(doc, ["a", "b", 5]), undefined);
  assert.equal(readPath(doc, ["a", "z", "c"]), undefined);
  assert.equal(readPath(doc, ["n", "x"]), undefined);
  assert.equal(readPath(doc, ["a", "constructor"]), undefined);
  assert.equal(readPath(doc, ["a", 0]), undefined);
});

test("removing a consumed value prunes the objects it empties, never array elements", () => {
  const doc: Record<string, unknown> = { request: { id: "abc" }, keep: 1, choices: [{ message: { content: "hi" } }] };
  removePath(doc, ["request", "id"]);
  removePath(doc, ["choices", 0, "message", "content"]);
  assert.deepEqual(doc, { keep: 1, choices: [{}] });
  const arr: Record<string, unknown> = { shape: [1, 2] };
  removePath(arr, ["shape", 0]);
  assert.deepEqual(arr, { shape: [1, 2] });
});
