// KQL through the real interfaces: `inferwatch query` (--data and --server, formats, --explain, errors with a caret)
// and POST /api/v1/query ({query, params}, render, 400 with position, {sql} still served, limits).
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli, type ServerProcess, startServer, tempDir } from "./helpers/process.js";

let dir: string;
let data: string;
const T0 = Date.UTC(2026, 0, 10, 11, 0, 0);
const lines = [
  {
    timestamp: T0,
    request_id: "q1",
    model_name: "resnet",
    model_version: "v1",
    latency_ms: 120,
    k8s: { pod: "web-1" },
  },
  { timestamp: T0 + 60_000, request_id: "q2", model_name: "resnet", model_version: "v2", latency_ms: 700 },
  { timestamp: T0 + 360_000, request_id: "q3", model_name: "bert", model_version: "v1", latency_ms: 900 },
]
  .map((l) => JSON.stringify(l))
  .join("\n");

before(async () => {
  dir = tempDir();
  data = join(dir, "data");
  writeFileSync(join(dir, "e.ndjson"), `${lines}\n`);
  const r = await runCli(["ingest", "--data", data, join(dir, "e.ndjson")]);
  assert.equal(r.code, 0, r.stderr);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("inferwatch query runs KQL by default, in every format", async () => {
  const kql = "events | summarize n = count(), worst = max(latency_ms) by model_name | sort by model_name asc";
  const table = await runCli(["query", "--data", data, kql]);
  assert.equal(table.code, 0, table.stderr);
  assert.equal(
    table.stdout,
    "model_name  n  worst\n----------  -  -----\nbert        1    900\nresnet      2    700\n",
  );
  const json = await runCli(["query", "--data", data, "--format", "json", kql]);
  assert.equal(json.stdout, '{"model_name":"bert","n":1,"worst":900}\n{"model_name":"resnet","n":2,"worst":700}\n');
  const csv = await runCli(["query", "--data", data, "--format", "csv", `${kql} | render barchart`]);
  assert.equal(csv.stdout, "model_name,n,worst\nbert,1,900\nresnet,2,700\n");
  const hinted = await runCli(["query", "--data", data, `${kql} | render barchart`]);
  assert.match(hinted.stderr, /render hint: barchart/);
});

test("--explain prints the IR, the SQL and the bound values without opening the data", async () => {
  const r = await runCli([
    "query",
    "--explain",
    "--data",
    join(dir, "never-created"),
    'events | where model_name == "resnet" | count',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /-- IR\n\{\n {2}"rel": \{\n {4}"k": "aggregate"/);
  assert.match(r.stdout, /-- SQL \(DuckDB\)\nSELECT count\(\*\) AS "Count" FROM "events" WHERE "model_name" = \$1\n/);
  assert.match(r.stdout, /-- parameters\n\["resnet"\]\n$/);
});

test("a KQL error exits 1 with the position, a caret and the nearest field", async () => {
  const r = await runCli(["query", "--data", data, "events | where modl_name == 'x'"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    "inferwatch: unknown column \"modl_name\" (line 1, column 16)\nevents | where modl_name == 'x'\n               ^^^^^^^^^\nhint: did you mean model_name?\n",
  );
});

test("the HTTP API answers KQL with params, render and positioned errors; SQL still works", async () => {
  const server: ServerProcess = await startServer(data, { env: { INFERWATCH_QUERY_MAX_ROWS: "2" } });
  try {
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await post({
      query:
        "events | where latency_ms > slow and attributes.k8s.pod != pod | project request_id | sort by request_id asc | render table",
      params: { slow: 100, pod: "web-2" },
    });
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as Record<string, unknown>;
    assert.deepEqual(body.columns, [{ name: "request_id", type: "VARCHAR" }]);
    // Only q1 has a pod; the comparison with a missing key is null, so q2 and q3 drop out, as in Kusto.
    assert.deepEqual(body.rows, [["q1"]]);
    assert.equal(body.render, "table");

    const cut = (await (await post({ query: "events | project request_id" })).json()) as {
      rows: unknown[];
      truncated: boolean;
    };
    assert.equal(cut.rows.length, 2);
    assert.equal(cut.truncated, true);

    const bad = await post({ query: "events\n| summarize percentil(latency_ms, 99)" });
    assert.equal(bad.status, 400);
    const err = ((await bad.json()) as { error: { code: string; details: Record<string, unknown> } }).error;
    assert.equal(err.code, "query_unknown_name");
    assert.equal(err.details.line, 2);
    assert.equal(err.details.column, 13);
    assert.equal(err.details.caret, "| summarize percentil(latency_ms, 99)\n            ^^^^^^^^^");
    assert.deepEqual(err.details.suggestions, ["percentile", "percentiles"]);

    const explain = (await (await post({ query: "events | take 1", explain: true })).json()) as {
      sql: string;
      ir: { rel: { k: string; n: number } };
    };
    assert.equal(explain.sql, 'SELECT * FROM "events" LIMIT 1');
    assert.deepEqual([explain.ir.rel.k, explain.ir.rel.n], ["limit", 1]);
    assert.equal((await post({ query: "events | take 1", sql: "SELECT 1" })).status, 400);
    assert.equal((await post({ query: "events | count", params: [1] })).status, 400);
    assert.equal((await post({ query: "events | count", params: { "bad name": 1 } })).status, 400);

    const sql = (await (await post({ sql: "SELECT count(*) AS n FROM events" })).json()) as { rows: unknown[][] };
    assert.deepEqual(sql.rows, [[3]]);

    const viaCli = await runCli([
      "query",
      "--server",
      server.url,
      "--format",
      "csv",
      "events | where model_name =~ 'RESNET' | count",
    ]);
    assert.equal(viaCli.stdout, "Count\n2\n");
  } finally {
    await server.stop();
  }
});
