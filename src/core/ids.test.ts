// Event ids are valid, unique UUIDv7 values ordered by time.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newEventId } from "./ids.js";

test("ids are distinct UUIDv7 strings whose time prefix never goes backwards", () => {
  const ids = Array.from({ length: 5000 }, newEventId);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const prefixes = ids.map((id) => id.slice(0, 13));
  assert.deepEqual([...prefixes].sort(), prefixes);
});
