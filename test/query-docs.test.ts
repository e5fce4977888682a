// Runs every ```kql example of docs/query.md against the fixture and compares with the ```text (or ```error) block
// after it, so the reference cannot claim what the compiler does not do; and checks every function is shown.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { toTable } from "../src/cli/format.js";
import { compile } from "../src/query/compile.js";
import { FUNCTIONS } from "../src/query/functions.js";
import type { DuckDBStore } from "../src/storage/duckdb/store.js";
import { ROOT } from "./helpers/process.js";
import { NOW, openFixtureStore } from "./helpers/query-fixture.js";

const doc = readFileSync(join(ROOT, "docs/query.md"), "utf8");
const examples = [...doc.matchAll(/```kql\n([^`]*?)```\n\n```(text|error)\n([^`]*?)```/g)].map((m) => ({
  query: m[1] as string,
  kind: m[2] as "text" | "error",
  expected: (m[3] as string).replace(/\n$/, ""),
}));

let store: DuckDBStore;
before(async () => {
  store = await openFixtureStore();
});
after(async () => {
  await store.close();
});

test("docs/query.md has examples and every kql block has its expected output", () => {
  assert.ok(examples.length >= 30, `found ${examples.length} examples`);
  assert.equal(examples.length, [...doc.matchAll(/```kql\n/g)].length);
});

for (const [i, ex] of examples.entries()) {
  test(`docs example ${i + 1}: ${ex.query.split("\n").at(-2) ?? ex.query}`.slice(0, 120), async () => {
    if (ex.kind === "error") {
      assert.throws(
        () => compile(ex.query, { nowMs: NOW }),
        (e: Error) => e.message === ex.expected,
      );
      return;
    }
    const c = compile(ex.query, { nowMs: NOW });
    const r = await store.query(c.sql, { maxRows: 1000, timeoutMs: 10_000, params: c.params });
    assert.equal(toTable(r), ex.expected);
  });
}

test("every function, operator and string operator appears in an executed example", () => {
  const all = examples.map((e) => e.query).join("\n");
  const names = [...FUNCTIONS.keys(), "percentiles", "arg_max", "arg_min"];
  for (const f of names) assert.match(all, new RegExp(`\\b${f}\\(`), `function ${f}() has no example`);
  const operators = [
    "where",
    "project",
    "project-away",
    "extend",
    "summarize",
    "sort by",
    "order by",
    "top",
    "take",
    "limit",
    "count",
    "distinct",
    "join kind=inner",
    "join kind=leftouter",
    "union",
    "let",
    "render",
  ];
  for (const op of operators) assert.ok(all.includes(op), `operator ${op} has no example`);
  const exprOps = [
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=~",
    "!~",
    " and ",
    " or ",
    "not(",
    " in (",
    "!in",
    "in~",
    "between",
    "!between",
    " has ",
    "!has",
    "has_cs",
    "contains",
    "!contains",
    "contains_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "matches regex",
    "+",
    "-",
    "*",
    "/",
    "%",
    "datetime(",
    "attributes.",
    "attributes[",
  ];
  for (const op of exprOps) assert.ok(all.includes(op), `expression ${op} has no example`);
});
