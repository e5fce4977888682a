// The IR operations hunts added (like, num_text, json_leaves, any) run on real DuckDB, and ClickHouse text renders.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { IrExpr, IrRel, IrType } from "../src/query/ir.js";
import { clickhouse } from "../src/query/sql/clickhouse.js";
import { duckdb } from "../src/query/sql/duckdb.js";
import { generate } from "../src/query/sql/generate.js";
import type { DuckDBStore } from "../src/storage/duckdb/store.js";
import { openFixtureStore } from "./helpers/query-fixture.js";

let store: DuckDBStore;
before(async () => {
  store = await openFixtureStore();
});
after(async () => {
  await store.close();
});

const s = (value: string): IrExpr => ({ k: "literal", value, type: "string" });
const n = (value: number): IrExpr => ({ k: "literal", value, type: Number.isInteger(value) ? "long" : "real" });
const call = (op: Extract<IrExpr, { k: "call" }>["op"], args: IrExpr[], type: IrType = "bool"): IrExpr => ({
  k: "call",
  op,
  args,
  type,
});

/** Evaluates one scalar expression with DuckDB (over a one-row source). */
async function value(e: IrExpr): Promise<unknown> {
  const scan: IrRel = { k: "scan", table: "events", columns: [{ name: "event_id", type: "string" }] };
  const limited: IrRel = { k: "limit", input: scan, n: 1, columns: scan.columns };
  const rel: IrRel = {
    k: "project",
    input: limited,
    items: [{ name: "v", expr: e }],
    columns: [{ name: "v", type: e.type }],
  };
  const { sql, params } = generate(rel, duckdb);
  const r = await store.query(sql, { maxRows: 1, timeoutMs: 10_000, params });
  return r.rows[0]?.[0];
}

test("like: % and _ are wildcards, escaped ones are literal; case folding only without _cs", async () => {
  assert.equal(await value(call("like", [s("Path_A 50%"), s("path\\_a 50\\%")])), true);
  assert.equal(await value(call("like", [s("PathXA 50x"), s("path\\_a 50\\%")])), false);
  assert.equal(await value(call("like", [s("PathXA"), s("path_a")])), true);
  assert.equal(await value(call("like_cs", [s("PathXA"), s("path_a")])), false);
  assert.equal(await value(call("like_cs", [s("a\\b"), s("a\\\\b")])), true);
});

test("num_text writes numbers as JavaScript does (whole doubles without a fraction)", async () => {
  const real = (x: number): IrExpr => ({ k: "literal", value: x, type: "real" });
  const asReal = (x: number): IrExpr => call("toreal", [real(x)], "real");
  assert.equal(await value(call("num_text", [asReal(120)], "string")), "120");
  assert.equal(await value(call("num_text", [asReal(120.5)], "string")), "120.5");
  assert.equal(await value(call("num_text", [n(404)], "string")), "404");
});

test("isoweek is the ISO 8601 week (years starting on Friday put 1 January in week 53)", async () => {
  assert.equal(await value(call("isoweek", [n(Date.UTC(2026, 0, 1))], "long")), 1);
  assert.equal(await value(call("isoweek", [n(Date.UTC(2027, 0, 1))], "long")), 53);
  assert.equal(await value(call("isoweek", [n(Date.UTC(2026, 0, 10, 23, 59))], "long")), 2);
});

test("json_leaves lists scalar values at any depth (not keys, not containers, not nulls); any() tests them", async () => {
  const doc = s('{"a":{"b":[1,"X y",true,null]},"key":"v","c":2.5}');
  const leaves = (await value(call("json_leaves", [doc], "list"))) as unknown[];
  assert.deepEqual([...leaves].sort(), ["1", "2.5", "X y", "true", "v"]);
  const anyOf = (needle: string): IrExpr => ({
    k: "any",
    list: call("json_leaves", [doc], "list"),
    variable: "kw",
    pred: call("contains", [{ k: "var", name: "kw", type: "string" }, s(needle)]),
    type: "bool",
  });
  assert.equal(await value(anyOf("x Y")), true);
  assert.equal(await value(anyOf("key")), false);
  assert.equal(await value(anyOf("{")), false);
});

test("json_at/json_has/json_kind/json_scalar_text/json_elements read attribute values as the stream does", async () => {
  const doc = s('{"a":null,"m":{"t":["x",1,{"q":1},null,[2]]},"m.t":5,"o":{"k":1}}');
  const at = (p: string): IrExpr => call("json_at", [doc, s(p)], "json");
  assert.equal(await value(call("json_has", [doc, s("/a")])), true);
  assert.equal(await value(call("json_has", [doc, s("/zz")])), false);
  assert.equal(await value(call("json_kind", [at("/a")], "string")), "NULL");
  assert.equal(await value(call("json_kind", [at("/m/t")], "string")), "ARRAY");
  assert.equal(await value(call("json_scalar_text", [at("/m.t")], "string")), "5");
  assert.equal(await value(call("json_scalar_text", [at("/o")], "string")), null);
  assert.deepEqual(await value(call("json_elements", [at("/m/t")], "list")), ["x", "1"]);
});

test("ClickHouse renders the new operations in its own spelling, and refuses json_leaves clearly", () => {
  const scan: IrRel = { k: "scan", table: "events", columns: [{ name: "message", type: "string" }] };
  const msg: IrExpr = { k: "column", name: "message", type: "string" };
  const where = (pred: IrExpr) => generate({ k: "filter", input: scan, pred, columns: scan.columns }, clickhouse).sql;
  assert.match(where(call("like", [msg, s("a%")])), /like\(lowerUTF8\(`events`\.`message`\), lowerUTF8\('a%'\)\)/);
  assert.match(
    where({
      k: "any",
      list: call("split", [msg, s(",")], "list"),
      variable: "x",
      pred: call("eq", [{ k: "var", name: "x", type: "string" }, s("b")]),
      type: "bool",
    }),
    /arrayExists\(x -> \(x = 'b'\), splitByString/,
  );
  assert.throws(
    () => where(call("gt", [call("strlen", [call("json_leaves", [msg], "list")], "long"), n(0)])),
    /not available in the ClickHouse dialect/,
  );
});

test("a compiler variable name that is not a plain word is refused", () => {
  const scan: IrRel = { k: "scan", table: "events", columns: [{ name: "message", type: "string" }] };
  const bad: IrExpr = { k: "any", list: s("x"), variable: "x); DROP", pred: s("y"), type: "bool" };
  assert.throws(
    () => generate({ k: "filter", input: scan, pred: bad, columns: scan.columns }, duckdb),
    /variable name/,
  );
});
