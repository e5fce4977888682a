// Tensor shapes read from nested arrays, and their text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arrayShape, namedShapes } from "./tensor-shapes.js";

test("shapes along first elements; several named inputs are listed", () => {
  assert.deepEqual(arrayShape([[[1, 2, 3]], [[4, 5, 6]]]), [2, 1, 3]);
  assert.deepEqual(arrayShape(5), []);
  assert.equal(namedShapes([["x", [1, 3, 224, 224]]]), "1x3x224x224");
  assert.equal(
    namedShapes([
      ["a", [2]],
      ["b", []],
    ]),
    "a:2,b:1",
  );
  assert.equal(namedShapes([]), undefined);
});
