// Query benchmark: loads N events (10M by default) straight into DuckDB with SQL, then times the seed queries,
// compiled from KQL against the equivalent hand-written SQL in the same run, both through EventStore.query.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { compile } from "../src/query/compile.js";
import { DB_FILE, DuckDBStore } from "../src/storage/duckdb/store.js";
import { intFlag, isEntry } from "./generate.js";

const HOUR = 3_600_000;
/** The data ends here; now() and ago() count from it. */
const NOW = Date.UTC(2026, 0, 10, 12);
const SPAN_MS = 7 * 24 * HOUR;

interface Case {
  readonly name: string;
  readonly kql: string;
  readonly sql: string;
}

/** The seed queries of issue 5, and the bare p99 per 5-minute bucket over every event (the quality bar). */
export const CASES: readonly Case[] = [
  {
    name: "reference: max latency per 5-minute bucket (no percentile)",
    kql: "events | summarize m = max(latency_ms) by bin(timestamp, 5m)",
    sql: "SELECT timestamp // 300000 * 300000 AS t, max(latency_ms) AS m FROM events GROUP BY 1",
  },
  {
    name: "p99 per 5-minute bucket, all events",
    kql: "events | summarize p99 = percentile(latency_ms, 99) by bin(timestamp, 5m)",
    sql: "SELECT timestamp // 300000 * 300000 AS t, quantile_cont(latency_ms, 0.99) AS p99 FROM events GROUP BY 1",
  },
  {
    name: "seed 1: latency p99 per model version, 5-minute buckets",
    kql: 'events | where model_name == "resnet" and latency_ms > 500 | summarize p99 = percentile(latency_ms, 99) by bin(timestamp, 5m), model_version',
    sql: "SELECT timestamp // 300000 * 300000 AS t, model_version, quantile_cont(latency_ms, 0.99) AS p99 FROM events WHERE model_name = 'resnet' AND latency_ms > 500 GROUP BY 1, 2",
  },
  {
    name: "seed 2: confidence distribution, source_A vs source_B, 72 h",
    kql: 'events | where timestamp > ago(72h) and source_id in ("source_A", "source_B") | summarize n = count() by source_id, bucket = bin(confidence, 0.05)',
    sql: `SELECT source_id, floor(confidence / 0.05) * 0.05 AS bucket, count(*) AS n FROM events WHERE timestamp > ${NOW - 72 * HOUR} AND source_id IN ('source_A', 'source_B') GROUP BY 1, 2`,
  },
  {
    name: "seed 3: low-confidence spikes joined with feature-store errors",
    kql: 'let spikes = events | where event_kind == "inference" and confidence < 0.1 | summarize low = count() by t = bin(timestamp, 5m); let errs = events | where source_id == "feature_store" and outcome == "failure" | summarize errors = count() by t = bin(timestamp, 5m); spikes | join kind=inner (errs) on t | where low > 10',
    sql: "WITH s AS (SELECT timestamp // 300000 * 300000 AS t, count(*) AS low FROM events WHERE event_kind = 'inference' AND confidence < 0.1 GROUP BY 1), e AS (SELECT timestamp // 300000 * 300000 AS t, count(*) AS errors FROM events WHERE source_id = 'feature_store' AND outcome = 'failure' GROUP BY 1) SELECT s.t, s.low, e.t AS t1, e.errors FROM s JOIN e ON s.t = e.t WHERE s.low > 10",
  },
  {
    name: "seed 4: per-user tokens, last hour vs previous day",
    kql: 'events | where event_kind == "llm" and timestamp > ago(25h) | summarize last_hour = sum(iff(timestamp > ago(1h), tokens_in + tokens_out, 0)), previous_day = sum(iff(timestamp <= ago(1h), tokens_in + tokens_out, 0)) by user_id',
    sql: `SELECT user_id, sum(CASE WHEN timestamp > ${NOW - HOUR} THEN tokens_in + tokens_out ELSE 0 END) AS last_hour, sum(CASE WHEN timestamp <= ${NOW - HOUR} THEN tokens_in + tokens_out ELSE 0 END) AS previous_day FROM events WHERE event_kind = 'llm' AND timestamp > ${NOW - 25 * HOUR} GROUP BY 1`,
  },
];

/** Fills `events` with `n` deterministic rows (hash of the row number), entirely inside DuckDB. */
async function load(dataDir: string, n: number): Promise<number> {
  const started = performance.now();
  // Opening the store once applies the migrations, so the table is exactly the production one.
  await (await DuckDBStore.open(dataDir)).close();
  const instance = await DuckDBInstance.create(join(dataDir, DB_FILE));
  const conn = await instance.connect();
  const h = (salt: number, mod: number) => `(hash(i * 7919 + ${salt}) % ${mod})`;
  await conn.run(`INSERT INTO events (timestamp, observed_timestamp, event_id, event_kind, source_type, source_id,
      model_name, model_version, user_id, outcome, latency_ms, confidence, tokens_in, tokens_out)
    SELECT ${NOW - SPAN_MS} + (i * ${SPAN_MS} // ${n}) AS timestamp, ${NOW} AS observed_timestamp, 'e' || i AS event_id,
      CASE WHEN ${h(1, 10)} < 7 THEN 'inference' WHEN ${h(1, 10)} < 9 THEN 'llm' ELSE 'infra' END AS event_kind,
      'bench' AS source_type,
      CASE ${h(2, 4)} WHEN 0 THEN 'source_A' WHEN 1 THEN 'source_B' WHEN 2 THEN 'feature_store' ELSE 'gateway' END,
      CASE ${h(3, 3)} WHEN 0 THEN 'resnet' WHEN 1 THEN 'bert' ELSE 'gpt-4o' END,
      'v' || ${h(4, 3)},
      'u' || ${h(5, 1000)},
      CASE WHEN ${h(6, 20)} = 0 THEN 'failure' ELSE 'success' END,
      ${h(7, 100000)} / 50.0,
      ${h(8, 1000)} / 1000.0,
      ${h(9, 4000)},
      ${h(10, 1000)}
    FROM range(${n}) r(i)`);
  await conn.run("CHECKPOINT");
  conn.closeSync();
  instance.closeSync();
  return performance.now() - started;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { events: { type: "string" }, runs: { type: "string" } } });
  const events = intFlag("events", values.events, 10_000_000);
  const runs = intFlag("runs", values.runs, 7);
  const dir = mkdtempSync(join(tmpdir(), "iw-bench-query-"));
  try {
    const loadMs = await load(join(dir, "data"), events);
    console.log(
      `loaded ${events.toLocaleString("en")} events in ${(loadMs / 1000).toFixed(1)} s (${cpus().length} CPUs)`,
    );
    // Other work on the machine slows both sides alike; the load average says how much to trust absolute times.
    console.log(
      `load average before: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    const store = await DuckDBStore.open(join(dir, "data"));
    const limits = { maxRows: 1_000_000, timeoutMs: 600_000 };
    console.log(
      `median of ${runs} hot runs after one warm-up, compiled KQL vs hand-written SQL, both through EventStore.query`,
    );
    console.log(
      "query".padEnd(62),
      "compiled ms".padStart(12),
      "hand ms".padStart(9),
      "ratio".padStart(7),
      "rows".padStart(7),
    );
    for (const c of CASES) {
      const compiled = compile(c.kql, { nowMs: NOW });
      const runCompiled = () => store.query(compiled.sql, { ...limits, params: compiled.params });
      const runHand = () => store.query(c.sql, limits);
      const [a, b] = [await runCompiled(), await runHand()];
      if (a.rows.length !== b.rows.length)
        throw new Error(`${c.name}: compiled gave ${a.rows.length} rows, hand-written ${b.rows.length}`);
      const tc: number[] = [];
      const th: number[] = [];
      // Alternate, so that drift in the machine's load hits both sides alike.
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        await runCompiled();
        tc.push(performance.now() - t);
        t = performance.now();
        await runHand();
        th.push(performance.now() - t);
      }
      const [mc, mh] = [median(tc), median(th)];
      console.log(
        c.name.padEnd(62),
        mc.toFixed(1).padStart(12),
        mh.toFixed(1).padStart(9),
        (mc / mh).toFixed(3).padStart(7),
        String(a.rows.length).padStart(7),
      );
    }
    console.log(
      `load average after: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntry(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
