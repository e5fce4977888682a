// Bulk bodies: action/document pairing, path index, and what is refused per action or as a whole.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BulkSyntaxError, parseBulk } from "./bulk.js";

test("pairs actions with documents; the action's _index wins over the path; delete has no document", () => {
  const actions = parseBulk(
    '{"index":{"_index":"a","_id":"1","_type":"doc"}}\n{"m":1}\r\n\n{"delete":{"_id":"2"}}\n{"create":{}}\n{"m":2}\n',
    "p",
  );
  assert.deepEqual(
    actions.map((a) => [a.op, a.index, a.id, a.line, a.doc ?? null, a.error?.status ?? null]),
    [
      ["index", "a", "1", 2, { m: 1 }, null],
      ["delete", "p", "2", 4, null, 400],
      ["create", "p", undefined, 6, { m: 2 }, null],
    ],
  );
});

test("a malformed action line or a missing document refuses the whole body", () => {
  assert.throws(() => parseBulk("not json\n{}\n", undefined), BulkSyntaxError);
  assert.throws(() => parseBulk('{"index":{},"create":{}}\n{}\n', undefined), /line \[1\]/);
  assert.throws(() => parseBulk('{"index":{}}\n', "x"), /no document/);
});
