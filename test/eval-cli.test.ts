// `inferwatch eval` end to end: simulated data ingested for real, alerts written to the store with real evidence ids,
// scored from the data directory and through a server alike; minimums set the exit code; bad input is named.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { AlertRow } from "../src/core/alert-row.js";
import type { EvalReport } from "../src/eval/score.js";
import { DuckDBStore } from "../src/storage/duckdb/store.js";
import { runCli, startServer, tempDir } from "./helpers/process.js";

const dir = tempDir("iw-eval-");
const data = join(dir, "data");
const labelsFile = join(dir, "labels.jsonl");
const SCENARIOS = ["prompt-injection", "brute-force", "benign-security-chat", "slo-burn"];

interface Label {
  scenario: string;
  start_ms: number;
  end_ms: number;
}
let labels: Map<string, Label>;
let injectionAt = 0;

function alert(
  id: string,
  rule: string,
  at: number,
  evidence: string[],
  group: Record<string, unknown> | null = null,
): AlertRow {
  return {
    alert_id: id,
    created_at: Date.now(),
    rule_id: rule,
    rule_title: `Rule ${rule}`,
    rule_level: "high",
    rule_status: null,
    rule_author: null,
    rule_tags: [],
    rule_techniques: [],
    alert_type: group ? "event_count" : "match",
    group_key: group,
    first_seen: at,
    last_seen: at,
    count: evidence.length,
    value: null,
    evidence_event_ids: evidence,
    mode: "live",
  };
}

/** The first event matching a condition inside a window: [event_id, timestamp]. */
async function firstEvent(store: DuckDBStore, where: string, params: string[], w: Label): Promise<[string, number]> {
  const r = await store.query(
    `SELECT event_id, timestamp FROM events WHERE ${where} AND timestamp >= $${params.length + 1} AND timestamp < $${params.length + 2} ORDER BY timestamp LIMIT 1`,
    { maxRows: 1, timeoutMs: 10_000, params: [...params, w.start_ms, w.end_ms] },
  );
  const row = r.rows[0];
  assert.ok(row, `no event for ${where} ${params.join(",")}`);
  return [String(row[0]), Number(row[1])];
}

before(async () => {
  const sim = await runCli([
    "simulate",
    "--seed",
    "5",
    "--duration",
    "40m",
    "--scenario",
    SCENARIOS.join(","),
    "--out",
    join(dir, "sim"),
    "--labels",
    labelsFile,
  ]);
  assert.equal(sim.code, 0, sim.stderr);
  // Detection off: the alerts scored here are exactly the hand-made ones below (eval-docs.test.ts scores real ones).
  const ing = await runCli(["ingest", "--data", data, "--strict", join(dir, "sim/*/*")], {
    env: { INFERWATCH_DETECTION_ENABLED: "false" },
  });
  assert.equal(ing.code, 0, ing.stderr);
  labels = new Map(
    readFileSync(labelsFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Label)
      .map((l) => [l.scenario, l]),
  );
  const w = (s: string) => labels.get(s) as Label;
  const store = await DuckDBStore.open(data);
  try {
    const [inj, injTs] = await firstEvent(store, "user_id = $1", ["user-0666"], w("prompt-injection"));
    injectionAt = injTs;
    const [other] = await firstEvent(
      store,
      "model_name = $1 AND user_id <> $2",
      ["support-chatbot", "user-0666"],
      w("prompt-injection"),
    );
    const [chat, chatTs] = await firstEvent(store, "user_id = $1", ["user-0007"], w("benign-security-chat"));
    const [bf, bfTs] = await firstEvent(
      store,
      "user_id = $1 AND client_ip = $2",
      ["auth0|user-0042", "198.51.100.50"],
      w("brute-force"),
    );
    await store.writeAlerts([
      alert("01a00000-0000-7000-8000-000000000001", "inj", injTs, [inj]), // true
      alert("01a00000-0000-7000-8000-000000000002", "inj", injTs + 1, [other]), // right window, wrong user: false
      alert("01a00000-0000-7000-8000-000000000003", "inj", chatTs, [chat]), // benign look-alike: false
      alert("01a00000-0000-7000-8000-000000000004", "bf", bfTs + 60_000, [bf], { user_id: "auth0|user-0042" }), // true
    ]);
  } finally {
    await store.close();
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function evalJson(args: string[]): Promise<EvalReport & { unmet: string[] }> {
  const r = await runCli(["eval", "--labels", labelsFile, "--json", ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as EvalReport & { unmet: string[] };
}

test("eval scores stored alerts against the labels: detected, missed, false alarm, time to detect, totals", async () => {
  const r = await evalJson(["--data", data]);
  const by = new Map(r.scenarios.map((s) => [s.scenario, s]));
  assert.deepEqual(
    SCENARIOS.map((s) => [s, by.get(s)?.detected, by.get(s)?.alerts]),
    [
      ["prompt-injection", true, 1],
      ["brute-force", true, 1],
      ["benign-security-chat", true, 1],
      ["slo-burn", false, 0],
    ],
  );
  const inj = labels.get("prompt-injection") as Label;
  assert.equal(by.get("prompt-injection")?.time_to_detect_ms, injectionAt - inj.start_ms);
  assert.equal(r.totals.incidents, 3);
  assert.equal(r.totals.detected, 2);
  assert.equal(r.totals.alerts, 4);
  assert.equal(r.totals.true_alerts, 2);
  assert.equal(r.totals.precision, 0.5);
  assert.equal(r.totals.benign_alerted, 1);
  const rule = r.detectors.find((d) => d.rule_id === "inj");
  assert.deepEqual([rule?.alerts, rule?.true_alerts, rule?.benign_alerts], [3, 1, 1]);
  assert.deepEqual(r.unmet, []);
});

test("the table names every scenario, and the server path gives the same report as the data directory", async () => {
  const table = await runCli(["eval", "--labels", labelsFile, "--data", data]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /`slo-burn` +\| incident \| \*\*missed\*\*/);
  assert.match(table.stdout, /`benign-security-chat` \| benign +\| \*\*false alarm\*\*/);
  assert.match(table.stdout, /2 of 3 \(recall 67%\)/);
  const local = await evalJson(["--data", data]);
  const server = await startServer(data);
  try {
    assert.deepEqual(await evalJson(["--server", server.url]), local);
  } finally {
    await server.stop();
  }
});

test("minimums: met ones exit 0, unmet ones exit 1 and say which; --require names scenarios", async () => {
  const ok = await runCli([
    "eval",
    "--labels",
    labelsFile,
    "--data",
    data,
    "--min-recall",
    "0.6",
    "--min-precision",
    "0.5",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const bad = await runCli([
    "eval",
    "--labels",
    labelsFile,
    "--data",
    data,
    "--min-recall",
    "0.9",
    "--max-false-per-day",
    "1",
    "--require",
    "slo-burn,brute-force",
  ]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /recall 66\.7% is below --min-recall 90\.0%/);
  assert.match(bad.stderr, /false alerts per simulated day exceed --max-false-per-day 1/);
  assert.match(bad.stderr, /required scenario slo-burn was not detected/);
  assert.doesNotMatch(bad.stderr, /brute-force/);
  const shadowOnly = await runCli(["eval", "--labels", labelsFile, "--data", data, "--mode", "shadow", "--json"]);
  assert.equal(shadowOnly.code, 0, shadowOnly.stderr);
  assert.equal((JSON.parse(shadowOnly.stdout) as EvalReport).totals.alerts, 0);
});

test("bad flags and bad labels are refused with exit 2 and a message naming the problem", async () => {
  const cases: [string[], RegExp][] = [
    [["--min-recall", "1.5"], /--min-recall must be a number from 0 to 1, got "1.5"/],
    [["--max-false-per-day", "-1"], /--max-false-per-day must be a number of at least 0/],
    [["--mode", "both"], /--mode must be live or shadow/],
    [["--server", "http://127.0.0.1:1"], /give --server or --data, not both/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(["eval", "--labels", labelsFile, "--data", data, ...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, message);
  }
  const broken = join(dir, "broken.jsonl");
  writeFileSync(broken, `${readFileSync(labelsFile, "utf8")}{"scenario": "x"}\n`);
  const r = await runCli(["eval", "--labels", broken, "--data", data]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /broken\.jsonl:5: kind:/);
  const missing = await runCli(["eval", "--labels", join(dir, "nope.jsonl"), "--data", data]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--labels ".*nope\.jsonl": cannot read it \(ENOENT\)/);
});
