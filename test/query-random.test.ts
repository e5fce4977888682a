// Random pipelines assembled from the steps of valid queries: whatever compiles must also run on DuckDB (a SQL
// error here would be a generator bug: bad nesting, a lost alias, a type DuckDB rejects).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mulberry32 } from "../src/core/random.js";
import { compile } from "../src/query/compile.js";
import type { DuckDBStore } from "../src/storage/duckdb/store.js";
import { NOW, openFixtureStore } from "./helpers/query-fixture.js";

const SEEDS = [
  'events | where model_name == "resnet" and latency_ms > 500 | summarize p99=percentile(latency_ms, 99) by bin(timestamp, 5m), model_version',
  "events | join kind=leftouter (events | project request_id, x = 1) on request_id | render table",
  "union events, dead_letters | summarize count() by source_id | top 3 by count_",
  "events | extend a = latency_ms * 2, b = strcat(model_name, 'x') | where a > 100 or b has 'resnet' | project request_id, a, b | sort by a desc | take 5",
  "events | summarize n = count(), s = make_set(user_id), arg_max(timestamp, request_id) by model_name | where n > 1 | order by n asc",
  "events | where attributes.k8s.pod startswith 'web' | distinct model_name | count",
  "events | where timestamp between (ago(2h) .. now()) | summarize percentiles(latency_ms, 50, 90) by bin(timestamp, 1h) | render timechart",
  "events | project-away raw, attributes | extend latency_ms = latency_ms / 1000 | sort by latency_ms asc | project request_id, latency_ms",
  "events | distinct * | take 3 | project model_name, confidence | where isnotnull(confidence)",
];
const STEPS = SEEDS.flatMap((q) => q.split(" | ").slice(1));

let store: DuckDBStore;
before(async () => {
  store = await openFixtureStore();
});
after(async () => {
  await store.close();
});

test("random pipelines that compile also run", async () => {
  const rnd = mulberry32(3);
  let compiled = 0;
  for (let i = 0; i < 1500; i++) {
    let kql = rnd() < 0.7 ? "events" : "dead_letters";
    const n = 1 + Math.floor(rnd() * 5);
    for (let j = 0; j < n; j++) kql += ` | ${STEPS[Math.floor(rnd() * STEPS.length)]}`;
    let c: ReturnType<typeof compile>;
    try {
      c = compile(kql, { nowMs: NOW });
    } catch {
      continue;
    }
    compiled++;
    await assert.doesNotReject(
      store.query(c.sql, { maxRows: 50, timeoutMs: 10_000, params: c.params }),
      `${kql}\n${c.sql}`,
    );
  }
  assert.ok(compiled > 200, `only ${compiled} random pipelines compiled`);
});
