import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCondition } from "./condition.js";
import { engineOf, matches } from "./test-util.js";

/** A rule whose selections a, b, c, _u, sel_1, sel_2 each test one boolean-ish field. */
function rule(condition: string): string {
  return `title: c
id: c1
logsource: {product: test}
detection:
  a: {a: 1}
  b: {b: 1}
  c: {c: 1}
  _u: {u: 1}
  sel_1: {s1: 1}
  sel_2: {s2: 1}
  condition: ${condition}
`;
}

/** Truth table of `condition` over every combination of the named fields. */
function truth(condition: string, fields: readonly string[]): string {
  const e = engineOf(rule(condition));
  let out = "";
  for (let bits = 0; bits < 1 << fields.length; bits++) {
    const ev: Record<string, number> = {};
    fields.forEach((f, i) => {
      ev[f] = (bits >> i) & 1;
    });
    out += matches(e, ev) ? "1" : "0";
  }
  return out;
}

test("precedence: not binds tighter than and, and tighter than or", () => {
  assert.equal(truth("a or b and c", ["a", "b", "c"]), truth("a or (b and c)", ["a", "b", "c"]));
  assert.notEqual(truth("a or b and c", ["a", "b", "c"]), truth("(a or b) and c", ["a", "b", "c"]));
  assert.equal(truth("not a and b", ["a", "b"]), "0010"); // (not a) and b: only a=0,b=1 (bit 1 = b)
  assert.equal(truth("not (a and b)", ["a", "b"]), "1110");
  assert.equal(truth("a and not b or c", ["a", "b", "c"]), truth("(a and (not b)) or c", ["a", "b", "c"]));
});

test("1 of / any of / all of with patterns, and x of binding tighter than not", () => {
  assert.equal(truth("1 of sel_*", ["s1", "s2"]), "0111");
  assert.equal(truth("any of sel_*", ["s1", "s2"]), "0111");
  assert.equal(truth("all of sel_*", ["s1", "s2"]), "0001");
  assert.equal(truth("not 1 of sel_*", ["s1", "s2"]), "1000");
  assert.equal(truth("a and not 1 of sel_*", ["a", "s1", "s2"]), "01000000");
});

test("them covers every selection except those starting with _", () => {
  const fields = ["a", "b", "c", "u", "s1", "s2"];
  const all = truth("all of them", fields);
  // all of them is true only when a, b, c, s1, s2 hold, whatever u is
  const expected = [...Array(64).keys()].map((bits) => ((bits & 0b110111) === 0b110111 ? "1" : "0")).join("");
  assert.equal(all, expected);
  assert.equal(truth("1 of them", ["u"]), "00"); // _u alone never satisfies `1 of them`
});

test("legacy syntax is refused with the alternative named", () => {
  assert.throws(() => parseCondition("selection | count() by host > 10"), /correlation rule \(type event_count/);
  assert.throws(() => parseCondition("a near b"), /temporal/);
});

test("malformed conditions are errors that say where", () => {
  assert.throws(() => parseCondition("a and"), /at the end/);
  assert.throws(() => parseCondition("(a or b"), /expected `\)`/);
  assert.throws(() => parseCondition("2 of sel_*"), /only `1 of`/);
  assert.throws(() => parseCondition("a b"), /unexpected `b` at column 3/);
  assert.throws(() => engineOf(rule("a and missing")), /`missing`, which is not defined/);
  assert.throws(() => engineOf(rule("1 of nothing_*")), /matches no selection/);
});

test("a list of conditions is their disjunction", () => {
  const e = engineOf(rule("\n    - a\n    - b"));
  assert.ok(matches(e, { a: 1 }));
  assert.ok(matches(e, { b: 1 }));
  assert.ok(!matches(e, { c: 1 }));
});
