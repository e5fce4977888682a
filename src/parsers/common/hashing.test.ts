// Canonical JSON and the hashes built on it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalJson, hashJson } from "./hashing.js";

test("canonical JSON sorts keys at every level, so key order does not change the hash", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
  assert.equal(hashJson({ b: 1, a: 2 }), hashJson({ a: 2, b: 1 }));
  assert.match(hashJson([1, 2]), /^[0-9a-f]{64}$/);
});
