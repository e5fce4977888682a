import assert from "node:assert/strict";
import { test } from "node:test";
import { engineOf, matches, ruleWith } from "./test-util.js";

// A backtracking engine needs exponential time for these patterns on a near-miss input; RE2 is linear. The test's
// timeout turns a stall into a failure (the assertions themselves are on results, not on time).
test("pathological regexes cannot stall matching", { timeout: 20_000 }, () => {
  const nearMiss = `${"a".repeat(50_000)}!`;
  for (const re of ["(a+)+$", "(a|aa)+$", "(a*)*b", "^(a|a?)+$"]) {
    const e = engineOf(ruleWith(`f|re: '${re}'`));
    for (let i = 0; i < 20; i++) assert.equal(matches(e, { f: nearMiss }), false, re);
    assert.equal(matches(e, { f: "aaab" }), re !== "^(a|a?)+$" && re !== "(a+)+$" && re !== "(a|aa)+$");
  }
});

test("regex input is bounded: a value longer than the limit is searched only in its head", () => {
  const e = engineOf(ruleWith("f|re: 'needle$'"));
  assert.equal(matches(e, { f: `${"x".repeat(100_000)}needle` }), false);
  assert.equal(matches(e, { f: "xxneedle" }), true);
});
