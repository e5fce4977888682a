// Acceptance: 100,000 mixed events with 5% malformed lines; exactly the valid ones are stored, every bad line is
// dead-lettered with a reason naming the problem, and `inferwatch query --sql` agrees.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { runCli, type ServerProcess, sqlRows, startServer, tempDir } from "./helpers/process.js";

const TOTAL = 100_000;
const BATCH = 10_000;

type Kind = "ok" | "bad_json" | "wrong_type" | "missing_time" | "oversized" | "not_object";
const EXPECTED_CODE: Record<Exclude<Kind, "ok">, string> = {
  bad_json: "invalid_json",
  wrong_type: "invalid_field_type",
  missing_time: "missing_timestamp",
  oversized: "field_too_long",
  not_object: "not_an_object",
};

/** Every 20th line is malformed, cycling through the kinds of damage: 5% in all. */
function kindOf(i: number): Kind {
  if (i % 20 !== 7) return "ok";
  const kinds: Kind[] = ["bad_json", "wrong_type", "missing_time", "oversized", "not_object"];
  return kinds[Math.floor(i / 20) % kinds.length] as Kind;
}

function lineFor(i: number): string {
  const base = {
    timestamp: 1_763_800_000_000 + i,
    event_kind: "inference",
    request_id: `req-${i}`,
    model_name: i % 2 ? "resnet" : "bert",
    latency_ms: (i % 500) + 0.5,
    confidence: (i % 100) / 100,
    k8s: { pod: `pod-${i % 7}` },
  };
  switch (kindOf(i)) {
    case "ok":
      return JSON.stringify(base);
    case "bad_json":
      return JSON.stringify(base).slice(0, -5);
    case "wrong_type":
      return JSON.stringify({ ...base, latency_ms: "slow" });
    case "missing_time": {
      const { timestamp: _t, ...rest } = base;
      return JSON.stringify(rest);
    }
    case "oversized":
      return JSON.stringify({ ...base, prompt_text: "x".repeat(70_000) });
    case "not_object":
      return JSON.stringify([base]);
  }
}

let server: ServerProcess;
let dir: string;

before(async () => {
  dir = tempDir();
  server = await startServer(dir);
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("100k mixed events: valid stored, bad dead-lettered with reasons, per-line errors returned", async () => {
  let accepted = 0;
  let rejected = 0;
  const errorsByLine = new Map<number, { code: string; message: string }>();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const lines = Array.from({ length: BATCH }, (_, k) => lineFor(start + k));
    const res = await fetch(`${server.url}/api/v1/ingest?source=acceptance`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: lines.join("\n"),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      accepted: number;
      rejected: number;
      errors: { line: number; code: string; message: string }[];
    };
    accepted += body.accepted;
    rejected += body.rejected;
    for (const e of body.errors) errorsByLine.set(start + e.line - 1, e);
  }
  const bad = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => kindOf(i) !== "ok");
  assert.equal(bad.length, TOTAL / 20);
  assert.equal(accepted, TOTAL - bad.length);
  assert.equal(rejected, bad.length);
  // Each malformed line is reported with its own line number and a reason naming the problem.
  for (const i of bad) {
    const e = errorsByLine.get(i);
    const kind = kindOf(i) as Exclude<Kind, "ok">;
    assert.ok(e, `line ${i} (${kind}) was not reported`);
    assert.equal(e.code, EXPECTED_CODE[kind]);
  }
  assert.match(errorsByLine.get(bad.find((i) => kindOf(i) === "wrong_type") as number)?.message ?? "", /latency_ms/);
  assert.match(errorsByLine.get(bad.find((i) => kindOf(i) === "oversized") as number)?.message ?? "", /prompt_text/);
  assert.equal(errorsByLine.size, bad.length);

  const [[events, distinct]] = (await sqlRows(
    server.url,
    "SELECT count(*), count(DISTINCT request_id) FROM events",
  )) as [[number, number]];
  assert.equal(events, accepted);
  assert.equal(distinct, accepted);
  const reasons = await sqlRows(
    server.url,
    "SELECT reason_code, count(*), min(length(reason)) FROM dead_letters GROUP BY 1 ORDER BY 1",
  );
  assert.deepEqual(
    reasons.map((r) => [r[0], r[1]]),
    Object.values(EXPECTED_CODE)
      .sort()
      .map((code) => [code, bad.length / 5]),
  );
  // The original line is kept in the dead letter, not just the reason.
  const [[raw]] = (await sqlRows(
    server.url,
    "SELECT raw FROM dead_letters WHERE reason_code = 'invalid_json' LIMIT 1",
  )) as [[string]];
  assert.match(raw, /"request_id":"req-\d+"/);

  // The CLI agrees, through the server and (after it stops) straight from the data directory.
  const viaServer = await runCli([
    "query",
    "--server",
    server.url,
    "--format",
    "json",
    "--sql",
    "select count(*) as n from events",
  ]);
  assert.equal(viaServer.code, 0, viaServer.stderr);
  assert.deepEqual(JSON.parse(viaServer.stdout), { n: accepted });
  await server.stop();
  const direct = await runCli(["query", "--data", dir, "--format", "csv", "--sql", "select count(*) as n from events"]);
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal(direct.stdout.trim(), `n\n${accepted}`);
});
