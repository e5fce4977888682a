// The parser: operator precedence, pipelines and lets, and the bounds that keep hostile input from the stack.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Expr } from "./ast.js";
import { parse } from "./parser.js";

/** The expression tree as a compact S-expression. */
function show(e: Expr): string {
  switch (e.k) {
    case "binary":
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case "ident":
      return e.name;
    case "number":
      return String(e.value);
    case "call":
      return `${e.name}(${e.args.map(show).join(" ")})`;
    case "unary":
      return `(${e.op}${show(e.arg)})`;
    case "member":
      return `${show(e.base)}.${e.key}`;
    default:
      return e.k;
  }
}

function where(text: string): string {
  const s = parse(`events | where ${text}`).statements[0];
  assert.ok(s?.k === "query");
  const op = s.query.ops[0];
  assert.ok(op?.k === "where");
  return show(op.pred);
}

test("precedence: or < and < comparison < + - < * / < unary", () => {
  assert.equal(where("a or b and c == 1 + 2 * -3"), "(or a (and b (== c (+ 1 (* 2 (-3))))))");
  assert.equal(where("(a or b) and c"), "(and (or a b) c)");
  assert.equal(where("a - b - c"), "(- (- a b) c)");
  assert.equal(where("attributes.k8s.pod has 'x'"), "(has attributes.k8s.pod string)");
  assert.equal(where("not(a) and x matches regex 'y'"), "(and not(a) (matches regex x string))");
});

test("statements: lets of scalars and sub-queries, one query last", () => {
  const s = parse("let n = 5; let t = events | take n; t | count").statements;
  assert.deepEqual(
    s.map((x) => (x.k === "let" ? `let ${x.name}:${x.value.k}` : "query")),
    ["let n:scalar", "let t:tabular", "query"],
  );
  assert.throws(() => parse("let n = 5;"), /ends with a let statement/);
  assert.throws(() => parse(""), /the query is empty/);
});

test("operators take their clauses; missing pieces are named", () => {
  const s = parse("events | summarize c = count() by bin(timestamp, 5m) | top 3 by c asc nulls last | render timechart")
    .statements[0];
  assert.ok(s?.k === "query");
  assert.deepEqual(
    s.query.ops.map((o) => o.k),
    ["summarize", "top", "render"],
  );
  assert.doesNotThrow(() => parse("events | distinct *"));
  assert.throws(() => parse("events | sort latency_ms"), /expected "by"/);
  assert.throws(() => parse("events | join kind=fullouter (events) on a"), /join kind fullouter is not supported/);
  assert.throws(() => parse("events | render map"), /unknown chart kind map/);
  assert.throws(() => parse("events | frobnicate"), /expected an operator after \|/);
  assert.throws(() => parse("events | where"), /expected a value but found the end of the query/);
});

test("nesting is bounded", () => {
  assert.throws(() => parse(`events | where ${"(".repeat(200)}a${")".repeat(200)}`), /nests deeper than 64/);
  assert.throws(() => parse(`events | where ${"-".repeat(200)}1 == 1`), /nests deeper than 64/);
  assert.doesNotThrow(() => parse(`events | where ${"(".repeat(30)}a${")".repeat(30)}`));
  // A long flat chain nests the tree as deeply; later phases recurse over it.
  assert.throws(() => parse(`events | where x == ${"1+".repeat(20_000)}1`), /more than 1000 operators/);
  assert.throws(() => parse(`events | where ${"a or ".repeat(5000)}b`), /more than 1000 operators/);
  assert.throws(() => parse(`events | where attributes${".a".repeat(5000)} == 1`), /more than 1000 operators/);
  assert.throws(() => parse(`events${" | take 1".repeat(6000)}`), /more than 200 pipeline steps/);
});
