// Differential test: random queries (seeded) built twice — as KQL and as hand-written SQL — over a random event set;
// the compiled KQL must return the same rows as the hand-written SQL.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { InferEvent } from "../src/core/fields.js";
import { DEFAULT_LIMITS } from "../src/core/limits.js";
import { mulberry32 } from "../src/core/random.js";
import { normalizeRecord } from "../src/pipeline/normalize.js";
import { compile } from "../src/query/compile.js";
import { DuckDBStore } from "../src/storage/duckdb/store.js";
import { tempDir } from "./helpers/process.js";

const NOW = Date.UTC(2026, 0, 10, 12);
const SEED = 20260110;
const QUERIES = 150;
const MODELS = ["resnet", "bert", "gpt-4o"];
const VERSIONS = ["v1", "v2", "v3"];
const SOURCES = ["source_A", "source_B", "feature_store"];
const USERS = ["u1", "u2", "u3", "u4", "u5"];

let store: DuckDBStore;

function dataset(n: number): InferEvent[] {
  const rnd = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out: InferEvent[] = [];
  for (let i = 0; i < n; i++) {
    const record: Record<string, unknown> = {
      timestamp: NOW - Math.floor(rnd() * 72 * 3_600_000),
      request_id: `req-${String(i).padStart(5, "0")}`,
      source_id: pick(SOURCES),
      model_name: pick(MODELS),
      model_version: pick(VERSIONS),
      tokens_in: Math.floor(rnd() * 4000),
    };
    if (rnd() < 0.9) record.user_id = pick(USERS);
    if (rnd() < 0.95) record.latency_ms = Math.round(rnd() * 200000) / 100;
    if (rnd() < 0.9) record.confidence = Math.round(rnd() * 1000) / 1000;
    const r = normalizeRecord(record, "", {
      sourceId: String(record.source_id),
      sourceType: "json",
      observedAt: NOW,
      limits: DEFAULT_LIMITS,
      keepRaw: false,
    });
    assert.ok(r.ok);
    out.push(r.event);
  }
  return out;
}

before(async () => {
  store = await DuckDBStore.open(join(tempDir("iw-diff-"), "data"), { threads: 1 });
  await store.write([{ events: dataset(3000), deadLetters: [] }]);
});
after(async () => {
  await store.close();
});

interface Pair {
  kql: string;
  sql: string;
  ordered: boolean;
}

/** One random predicate as [KQL, SQL]; the SQL spells each operator its own way (LIKE, BETWEEN, modulo...). */
function predicate(rnd: () => number): [string, string] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const n = (max: number) => Math.floor(rnd() * max);
  switch (n(9)) {
    case 0: {
      const op = pick([">", ">=", "<", "<=", "==", "!="]);
      const v = n(2000);
      return [`latency_ms ${op} ${v}`, `latency_ms ${op === "==" ? "=" : op === "!=" ? "<>" : op} ${v}`];
    }
    case 1: {
      const v = (n(1000) / 1000).toFixed(3);
      return [`confidence < ${v}`, `confidence < ${v}`];
    }
    case 2: {
      const m = pick(MODELS);
      return rnd() < 0.5
        ? [`model_name == "${m}"`, `model_name = '${m}'`]
        : [`model_name != "${m}"`, `model_name <> '${m}'`];
    }
    case 3: {
      const us = USERS.filter(() => rnd() < 0.4);
      if (us.length === 0) us.push("u1");
      const neg = rnd() < 0.3;
      return [
        `user_id ${neg ? "!in" : "in"} (${us.map((u) => `"${u}"`).join(", ")})`,
        `user_id ${neg ? "NOT IN" : "IN"} (${us.map((u) => `'${u}'`).join(", ")})`,
      ];
    }
    case 4: {
      const h = 1 + n(72);
      return [`timestamp > ago(${h}h)`, `timestamp > ${NOW - h * 3_600_000}`];
    }
    case 5: {
      const lo = n(2000);
      const hi = lo + n(2000);
      return [`tokens_in between (${lo} .. ${hi})`, `tokens_in BETWEEN ${lo} AND ${hi}`];
    }
    case 6:
      return rnd() < 0.5 ? ["isnull(user_id)", "user_id IS NULL"] : ["isnotnull(latency_ms)", "latency_ms IS NOT NULL"];
    case 7: {
      const prefix = pick(["RE", "b", "Gpt", "x"]);
      return [`model_name startswith "${prefix}"`, `lower(model_name) LIKE '${prefix.toLowerCase()}%'`];
    }
    default: {
      const s = pick(["_A", "store", "SOURCE"]);
      return [`source_id contains "${s}"`, `position('${s.toLowerCase()}' IN lower(source_id)) > 0`];
    }
  }
}

function randomPair(rnd: () => number): Pair {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const preds: [string, string][] = [];
  const count = Math.floor(rnd() * 3);
  for (let i = 0; i < count; i++) preds.push(predicate(rnd));
  let kWhere = "";
  let sWhere = "";
  if (preds.length > 0) {
    const joiner = rnd() < 0.7 ? "and" : "or";
    kWhere = ` | where ${preds.map(([k]) => `(${k})`).join(` ${joiner} `)}`;
    sWhere = ` WHERE (${preds.map(([, s]) => `(${s})`).join(` ${joiner.toUpperCase()} `)})`;
  }
  const shape = Math.floor(rnd() * 5);
  if (shape === 0) {
    const [kAgg, sAgg] = pick([
      ["count()", "count(*)"],
      ["sum(tokens_in)", "sum(tokens_in)"],
      ["round(avg(confidence), 6)", "round(avg(confidence), 6)"],
      ["min(latency_ms)", "min(latency_ms)"],
      ["max(timestamp)", "max(timestamp)"],
      ["dcount(user_id)", "count(DISTINCT user_id)"],
      ["countif(latency_ms > 1000)", "sum(CASE WHEN latency_ms > 1000 THEN 1 ELSE 0 END)"],
      ["percentile(latency_ms, 90)", "quantile_cont(latency_ms, 0.9)"],
    ] as const);
    const [kBy, sBy] = pick([
      ["model_name", "model_name"],
      ["model_name, model_version", "model_name, model_version"],
      ["bin(timestamp, 1h)", "timestamp - timestamp % 3600000"],
      ["user_id", "user_id"],
    ] as const);
    return {
      kql: `events${kWhere} | summarize v = ${kAgg} by ${kBy}`,
      sql: `SELECT ${sBy}, ${sAgg} AS v FROM events${sWhere} GROUP BY ${sBy}`,
      ordered: false,
    };
  }
  if (shape === 1) {
    const take = 1 + Math.floor(rnd() * 20);
    const dir = rnd() < 0.5 ? "desc" : "asc";
    return {
      kql: `events${kWhere} | project request_id, latency_ms, model_name | sort by latency_ms ${dir}, request_id asc | take ${take}`,
      sql: `SELECT request_id, latency_ms, model_name FROM events${sWhere} ORDER BY latency_ms ${dir.toUpperCase()} NULLS ${dir === "desc" ? "LAST" : "FIRST"}, request_id ASC LIMIT ${take}`,
      ordered: true,
    };
  }
  if (shape === 2)
    return { kql: `events${kWhere} | count`, sql: `SELECT count(*) FROM events${sWhere}`, ordered: false };
  if (shape === 3) {
    const x = Math.floor(rnd() * 8000);
    const extra = sWhere ? " AND" : " WHERE";
    return {
      kql: `events${kWhere} | extend t = tokens_in * 2 | where t > ${x} | count`,
      sql: `SELECT count(*) FROM events${sWhere}${extra} tokens_in * 2 > ${x}`,
      ordered: false,
    };
  }
  return {
    kql: `events${kWhere} | distinct model_name, model_version`,
    sql: `SELECT DISTINCT model_name, model_version FROM events${sWhere}`,
    ordered: false,
  };
}

const canon = (rows: readonly unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

test(`${QUERIES} random KQL queries return what hand-written SQL returns (seed ${SEED})`, async () => {
  const rnd = mulberry32(SEED + 1);
  let nonEmpty = 0;
  for (let i = 0; i < QUERIES; i++) {
    const p = randomPair(rnd);
    const c = compile(p.kql, { nowMs: NOW });
    const q = { maxRows: 10_000, timeoutMs: 30_000 };
    const got = (await store.query(c.sql, { ...q, params: c.params })).rows as unknown[][];
    const want = (await store.query(p.sql, q)).rows as unknown[][];
    const message = `query ${i}: ${p.kql}\ncompiled: ${c.sql}\nhand-written: ${p.sql}`;
    if (p.ordered) assert.deepEqual(got, want, message);
    else assert.deepEqual(canon(got), canon(want), message);
    if (want.length > 0) nonEmpty++;
  }
  // The generator must exercise real data, not only empty results.
  assert.ok(nonEmpty > QUERIES / 2, `only ${nonEmpty} queries returned rows`);
});

test("a KQL query that runs too long is stopped with query_timeout", async () => {
  // Three-way self-join on a constant: 3000^3 rows, far beyond the 300 ms allowed.
  const c = compile("events | extend k = 1 | join (events | extend k = 1) on k | join (events | extend k = 1) on k | count");
  await assert.rejects(
    store.query(c.sql, { maxRows: 10, timeoutMs: 300, params: c.params }),
    (e: Error & { code?: string }) => e.code === "query_timeout" && /300 ms/.test(e.message),
  );
});
