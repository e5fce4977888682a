// Compiler cases in the style of Kysely: each states the KQL, the exact DuckDB SQL with its bound values, and the
// rows a real DuckDB returns over the fixture; plus the ClickHouse text, the catalog against the real tables, and
// injection attempts that must not change a query's meaning.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TABLES } from "../src/query/catalog.js";
import { compile } from "../src/query/compile.js";
import { clickhouse } from "../src/query/sql/clickhouse.js";
import type { DuckDBStore } from "../src/storage/duckdb/store.js";
import { NOW, openFixtureStore } from "./helpers/query-fixture.js";

let store: DuckDBStore;
before(async () => {
  store = await openFixtureStore();
});
after(async () => {
  await store.close();
});

async function rows(kql: string, params?: Record<string, unknown>): Promise<unknown[][]> {
  const c = compile(kql, { nowMs: NOW, ...(params ? { params } : {}) });
  const r = await store.query(c.sql, { maxRows: 1000, timeoutMs: 10_000, params: c.params });
  return r.rows as unknown[][];
}

const CASES: { kql: string; sql: string; params: unknown[]; rows: unknown[][] }[] = [
  {
    kql: 'events | where model_name == "resnet" and latency_ms > 500 | summarize p99=percentile(latency_ms, 99) by bin(timestamp, 5m), model_version | sort by timestamp asc, model_version asc',
    sql: 'SELECT (("timestamp" // 300000) * 300000) AS "timestamp", "model_version", quantile_cont("latency_ms", 0.99) AS "p99" FROM "events" WHERE ("model_name" = $1) AND ("latency_ms" > 500) GROUP BY (("timestamp" // 300000) * 300000), "model_version" ORDER BY "timestamp" ASC NULLS FIRST, "model_version" ASC NULLS FIRST',
    params: ["resnet"],
    rows: [
      [NOW - 600_000, "v1", 640],
      [NOW - 600_000, "v2", 820],
      [NOW - 300_000, "v2", 510],
    ],
  },
  {
    kql: "events | where timestamp > ago(1h) and confidence < 0.3 | project request_id, confidence | sort by confidence asc",
    sql: `SELECT "request_id", "confidence" FROM "events" WHERE ("timestamp" > ${NOW - 3_600_000}) AND ("confidence" < 0.3) ORDER BY "confidence" ASC NULLS FIRST`,
    params: [],
    rows: [
      ["r6", 0.15],
      ["r3", 0.25],
    ],
  },
  {
    kql: "dead_letters | project-away raw, raw_truncated | project source_id, reason_code",
    sql: 'SELECT "source_id", "reason_code" FROM (SELECT * EXCLUDE ("raw", "raw_truncated") FROM "dead_letters") AS "q1"',
    params: [],
    rows: [["gateway", "invalid_json"]],
  },
  {
    kql: 'events | where message has "slow" or attributes.k8s.pod == "web-2" | summarize n = count() by model_version | top 1 by n',
    sql: 'SELECT "model_version", count(*) AS "n" FROM "events" WHERE regexp_matches("message", $1) OR (json_extract_string("attributes", $2) = $3) GROUP BY "model_version" ORDER BY "n" DESC NULLS LAST LIMIT 1',
    params: ["(?i)(^|[^[:alnum:]_])slow($|[^[:alnum:]_])", "/k8s/pod", "web-2"],
    rows: [["v1", 1]],
  },
  {
    kql: "events | extend ms = latency_ms, s = ms / 1000 | where s > 1 | project request_id, s",
    sql: 'SELECT "request_id", "s" FROM (SELECT *, ("ms" / 1000) AS "s" FROM (SELECT *, "latency_ms" AS "ms" FROM "events") AS "q1") AS "q2" WHERE "s" > 1',
    params: [],
    rows: [["r12", 2.1]],
  },
  {
    kql: 'let m = "gpt-4o"; events | where model_name == m | summarize arg_max(tokens_in, request_id) | union (dead_letters | project request_id = reason_code)',
    sql: 'SELECT * FROM (SELECT "tokens_in", "request_id" FROM (SELECT max("tokens_in") AS "tokens_in", arg_max("request_id", "tokens_in") AS "request_id" FROM "events" WHERE "model_name" = $1) AS "q1" UNION ALL SELECT NULL AS "tokens_in", "request_id" FROM (SELECT "reason_code" AS "request_id" FROM "dead_letters") AS "q2") AS "q3"',
    params: ["gpt-4o"],
    rows: [
      [3000, "r12"],
      [null, "invalid_json"],
    ],
  },
];

for (const [i, c] of CASES.entries()) {
  test(`case ${i + 1}: ${c.kql.slice(0, 80)}`, async () => {
    const compiled = compile(c.kql, { nowMs: NOW });
    assert.equal(compiled.sql, c.sql);
    assert.deepEqual(compiled.params, c.params);
    assert.deepEqual(await rows(c.kql), c.rows);
  });
}

test("a join compiles to one INNER JOIN of two sub-queries and matches rows by key", async () => {
  const kql =
    'events | where source_id == "feature_store" | project t = bin(timestamp, 5m), error_type | join (events | where confidence < 0.4 | project t = bin(timestamp, 5m), request_id) on t | project error_type, request_id | sort by request_id asc';
  const c = compile(kql, { nowMs: NOW });
  assert.match(c.sql, /\) AS "l" INNER JOIN \(.*\) AS "r" ON "l"\."t" = "r"\."t"/);
  assert.deepEqual(await rows(kql), [
    ["timeout", "r3"],
    ["connection", "r4"],
  ]);
});

test("the ClickHouse dialect writes its own spellings and escaped literals, from the same IR", () => {
  const c = compile(
    'events | where model_name == "res\'net" and message contains "x" | summarize dcount(user_id), percentile(latency_ms, 95) by bin(timestamp, 1h)',
    { nowMs: NOW, dialect: clickhouse },
  );
  assert.equal(
    c.sql,
    // Columns are qualified: ClickHouse would read `timestamp` inside its own alias as the alias.
    "SELECT (intDiv(`events`.`timestamp`, 3600000) * 3600000) AS `timestamp`, uniqExact(`events`.`user_id`) AS `dcount_user_id`, quantile(0.95)(`events`.`latency_ms`) AS `percentile_latency_ms_95` FROM `events` WHERE ((`events`.`model_name` = 'res\\'net') AND (positionCaseInsensitiveUTF8(`events`.`message`, 'x') > 0)) GROUP BY (intDiv(`events`.`timestamp`, 3600000) * 3600000)",
  );
  assert.deepEqual(c.params, []);
  const sorted = compile("events | extend s = latency_ms / 1000 | where s > 1 | top 3 by s | project request_id", {
    dialect: clickhouse,
  });
  assert.equal(
    sorted.sql,
    // The order of the kept rows survives the projection: it is carried to the outer query.
    "SELECT `q2`.`request_id` AS `request_id` FROM (SELECT * FROM (SELECT *, (`events`.`latency_ms` / 1000) AS `s` FROM `events`) AS `q1` WHERE (`q1`.`s` > 1) ORDER BY `q1`.`s` DESC NULLS LAST LIMIT 3) AS `q2` ORDER BY `s` DESC NULLS LAST",
  );
  assert.equal(clickhouse.quoteString("a\\'b\n\0"), "'a\\\\\\'b\\n\\0'");
  assert.throws(() => compile("events | where attributes.a.b == 'x'", { dialect: clickhouse }), /deeper than one key/);
});

test("every catalog table matches the table DuckDB has", async () => {
  const duck: Record<string, string> = {
    // The node client reports DuckDB's JSON type by its storage type, VARCHAR.
    datetime: "BIGINT",
    long: "BIGINT",
    real: "DOUBLE",
    string: "VARCHAR",
    json: "VARCHAR",
    bool: "BOOLEAN",
    list: "VARCHAR[]",
  };
  for (const t of TABLES) {
    const r = await store.query(`SELECT * FROM "${t.name}" LIMIT 0`, { maxRows: 1, timeoutMs: 10_000 });
    assert.deepEqual(
      r.columns.map((c) => [c.name, c.type]),
      t.columns.map((c) => [c.name, duck[c.type]]),
      t.name,
    );
  }
});

test("errors carry line, column, caret, hint and nearest names", () => {
  const check = (kql: string, code: string, detail: Record<string, unknown>) =>
    assert.throws(
      () => compile(kql),
      (e: { code: string; details: Record<string, unknown> }) => {
        assert.equal(e.code, code);
        for (const [k, v] of Object.entries(detail)) assert.deepEqual(e.details[k], v, k);
        return true;
      },
    );
  check("events\n| where model_nam == 'x'", "query_unknown_name", { line: 2, column: 9, suggestions: ["model_name"] });
  check("event | count", "query_unknown_name", { line: 1, column: 1, suggestions: ["events"] });
  check("events | summarize precentile(latency_ms, 9)", "query_unknown_name", { suggestions: ["percentile"] });
  check("events | where latency_ms > 'fast'", "query_invalid", {
    column: 27,
    hint: "numbers are written without quotes",
  });
  check("events | where (latency_ms > 1", "query_syntax", { column: 31 });
  check("events | take -1", "query_invalid", { column: 15 });
  check("events | project count()", "query_invalid", {});
  check(`events | where ${"(".repeat(100)}1${")".repeat(100)} == 1`, "query_syntax", {});
});

test("params are read by name and bound, never spliced", async () => {
  assert.deepEqual(
    await rows("events | where model_name == m and latency_ms > slow | count", { m: "resnet", slow: 600 }),
    [[2]],
  );
  const c = compile("events | where user_id == u | count", { params: { u: "u1' OR '1'='1" } });
  assert.ok(!c.sql.includes("OR '1'"));
  assert.deepEqual(c.params, ["u1' OR '1'='1"]);
  assert.throws(() => compile("events | count", { params: { "a b": 1 } }), /not an identifier/);
  assert.throws(
    () => compile("events | count", { params: { a: { nested: 1 } } }),
    /string, a finite number or a boolean/,
  );
});

test("injection attempts in strings, keys, regexes and names cannot change the query", async () => {
  const hostile = [
    `'; DROP TABLE events; --`,
    `" OR 1=1 --`,
    `x') UNION SELECT * FROM ingest_keys --`,
    "a\u0000b",
    "\u02bc OR 1=1 --",
    "/* */ ; DELETE FROM events",
    "$1",
    "\\'; SELECT 1; --",
    "\uff07 OR 1=1; --",
    "\u201d) OR (1=1",
  ];
  for (const h of hostile) {
    const lit = JSON.stringify(h);
    for (const kql of [
      `events | where message == ${lit} | count`,
      `events | where message has ${lit} or message contains ${lit} or message startswith ${lit} | count`,
      `events | where attributes[${lit}] == ${lit} | count`,
      `events | where message matches regex ${JSON.stringify(h.replace(/[\\()[\]*+?|^$.{}]/g, "\\$&"))} | count`,
    ]) {
      const c = compile(kql, { nowMs: NOW });
      // "$1" is also what a placeholder looks like; it must then be a bound value.
      if (h === "$1") assert.ok(c.params.length > 0);
      else assert.ok(!c.sql.includes(h), `the text of ${lit} is not in the SQL`);
      assert.deepEqual(await rows(kql), [[0]], kql);
    }
  }
  // Still there, still the same.
  assert.deepEqual(await rows("events | count"), [[13]]);
  // Names cannot carry SQL: only ASCII words get through the lexer.
  for (const bad of [
    'events | project "a"b',
    "events | project a;b",
    "events | extend x\u200b = 1",
    "events | project \u0430ttributes",
    "events; DROP TABLE events",
    "events | where x == 1 -- comment",
  ]) {
    assert.throws(
      () => compile(bad),
      (e: { code: string }) => e.code.startsWith("query_"),
      bad,
    );
  }
  // Statements after ; are KQL statements, never SQL: a second query is a syntax error, not a second statement.
  assert.throws(() => compile("events | count; dead_letters | count"), /only one query per request/);
});
