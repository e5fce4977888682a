// `inferwatch simulate` end to end: files read back by `inferwatch ingest` with zero dead letters and the expected
// per-stream counts, byte-identical reruns, normalized output, streaming to a server, and clear errors.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, sqlRows, startServer, tempDir, waitFor } from "./helpers/process.js";
import { holdWriteQueue, startReceiverServer } from "./helpers/receiver-server.js";

interface Manifest {
  events: number;
  start: string;
  end: string;
  scenarios: string[];
  streams: { format: string; source: string; path: string; lines: number; events: number }[];
}

const ARGS = ["--seed", "3", "--start", "2026-11-22T09:00:00Z", "--duration", "20m", "--scenario", "all"];

/** Events InferWatch stores per simulated event of a format: an Evidently report holds 6 columns and a summary. */
const STORED_PER_EVENT: Record<string, number> = { evidently: 7 };

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const p = join(entry.parentPath, entry.name);
      out.set(p.slice(dir.length), readFileSync(p, "utf8"));
    }
  }
  return out;
}

async function query(data: string, sql: string): Promise<Record<string, unknown>[]> {
  const r = await runCli(["query", "--data", data, "--format", "json", "--sql", sql]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test("simulate --out, then ingest --format auto of every file: zero dead letters, every stream's events stored", async () => {
  const dir = tempDir("iw-sim-out-");
  const labels = join(dir, "labels.jsonl");
  const out = join(dir, "sim");
  const r = await runCli(["simulate", ...ARGS, "--out", out, "--labels", labels, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
  assert.equal(manifest.scenarios.length, 26);
  assert.equal(readFileSync(labels, "utf8").trim().split("\n").length, 26);
  assert.ok(manifest.streams.length >= 13, `${manifest.streams.length} streams`);

  const data = join(dir, "data");
  const ing = await runCli(["ingest", "--data", data, "--format", "auto", "--json", `${out}/*/*`]);
  assert.equal(ing.code, 0, ing.stderr);
  const summary = JSON.parse(ing.stdout) as { files: number; accepted: number; rejected: number };
  assert.equal(summary.rejected, 0);
  assert.equal(summary.files, manifest.streams.length);

  const dead = await query(data, "SELECT count(*) AS n FROM dead_letters");
  assert.equal(Number(dead[0]?.n), 0);
  const rows = await query(
    data,
    "SELECT source_type, source_id, count(*) AS n, min(timestamp) AS t0, max(timestamp) AS t1 FROM events GROUP BY ALL",
  );
  const start = Date.parse(manifest.start);
  const end = Date.parse(manifest.end);
  for (const s of manifest.streams) {
    const row = rows.find((x) => x.source_id === s.source && x.source_type === s.format);
    assert.ok(row, `nothing stored for ${s.format}/${s.source}`);
    assert.equal(Number(row.n), s.events * (STORED_PER_EVENT[s.format] ?? 1), `${s.format}/${s.source}`);
    // Year-less formats (vLLM, Triton) are dated by the file time, which simulate sets to the run's end.
    assert.ok(Number(row.t0) >= start && Number(row.t1) < end + 60_000, `${s.format}/${s.source} times`);
  }
  assert.equal(
    rows.reduce((n, x) => n + Number(x.n), 0),
    summary.accepted,
  );
});

test("the same seed writes byte-identical files and labels; another seed different files", async () => {
  const dir = tempDir("iw-sim-det-");
  const run = async (name: string, seed: string) => {
    const r = await runCli([
      "simulate",
      ...ARGS.slice(2),
      "--seed",
      seed,
      "--out",
      join(dir, name),
      "--labels",
      join(dir, `${name}.jsonl`),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const f = files(join(dir, name));
    f.delete("/manifest.json");
    return { files: f, labels: readFileSync(join(dir, `${name}.jsonl`), "utf8") };
  };
  const a = await run("a", "11");
  const b = await run("b", "11");
  const c = await run("c", "12");
  assert.ok(a.files.size >= 13);
  assert.deepEqual([...b.files.keys()].sort(), [...a.files.keys()].sort());
  for (const [k, v] of a.files) assert.ok(b.files.get(k) === v, `${k} differs between two runs of one seed`);
  assert.equal(b.labels, a.labels);
  assert.notEqual(c.files.get("/otlp-json/api-gateway"), a.files.get("/otlp-json/api-gateway"));
});

test("--as normalized writes one NDJSON file that ingest --format json stores whole", async () => {
  const dir = tempDir("iw-sim-norm-");
  const out = join(dir, "sim");
  const r = await runCli(["simulate", ...ARGS, "--as", "normalized", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
  const data = join(dir, "data");
  const ing = await runCli(["ingest", "--data", data, "--format", "json", "--json", join(out, "events.ndjson")]);
  assert.equal(ing.code, 0, ing.stderr);
  const summary = JSON.parse(ing.stdout) as { accepted: number; rejected: number };
  assert.equal(summary.rejected, 0);
  assert.equal(summary.accepted, manifest.events);
  // Each event keeps the feed it belongs to.
  const rows = await query(data, "SELECT count(DISTINCT source_id) AS n FROM events");
  assert.ok(Number(rows[0]?.n) >= 13);
});

test("simulate --server: two concurrent senders to a real server store every event once, with no dead letter", async () => {
  const dir = tempDir("iw-sim-srv-");
  const server = await startServer(join(dir, "data"), { env: { INFERWATCH_INGEST_QUEUE_MAX_ROWS: "1" } });
  try {
    const args = (seed: string) => [
      "simulate",
      "--seed",
      seed,
      "--duration",
      "3m",
      "--scenario",
      "brute-force,prompt-injection",
      "--server",
      server.url,
      "--speed",
      "600",
      "--json",
    ];
    const [a, b] = await Promise.all([runCli(args("1")), runCli(args("2"))]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const sa = JSON.parse(a.stdout) as { accepted: number; rejected: number; events: number };
    const sb = JSON.parse(b.stdout) as { accepted: number; rejected: number; events: number };
    assert.equal(sa.rejected + sb.rejected, 0);
    const rows = await sqlRows(server.url, "SELECT count(*) FROM events");
    assert.equal(Number(rows[0]?.[0]), sa.accepted + sb.accepted);
    assert.ok(sa.accepted >= sa.events && sb.accepted >= sb.events);
    const dead = await sqlRows(server.url, "SELECT count(*) FROM dead_letters");
    assert.equal(Number(dead[0]?.[0]), 0);
  } finally {
    await server.stop();
  }
});

test("bad options are one-line errors with exit code 2; --list names every scenario", async () => {
  for (const [args, pattern] of [
    [["--duration", "5x"], /--duration must look like/],
    [["--scenario", "nope"], /unknown scenario "nope"; known: all, baseline-dashboard/],
    [["--as", "yaml"], /--as must be real or normalized/],
    [["--seed", "-1"], /--seed must be an integer/],
    [["--start", "yesterday"], /--start must be an ISO 8601 time/],
    [["--speed", "0"], /--speed must be a number above 0/],
    [["--speed", "10", "--out", "/tmp/never-written"], /--speed and --rate pace streaming/],
    [
      ["--labels", "/nonexistent-dir/labels.jsonl"],
      /--labels "\/nonexistent-dir\/labels.jsonl": cannot write there \(ENOENT\)/,
    ],
  ] as const) {
    const r = await runCli(["simulate", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
  const list = await runCli(["simulate", "--list"]);
  assert.equal(list.code, 0);
  for (const name of ["latency-infra", "model-extraction", "benign-batch-scoring", "canary-healthy"]) {
    assert.match(list.stdout, new RegExp(`^${name} `, "m"));
  }
});

test("simulate --server honours 429 + Retry-After: the refused batch is resent whole with the same idempotency key", async () => {
  // A stand-in for the ingest endpoint: a real server only answers 429 when its write queue is full, which cannot
  // be arranged on demand; this one refuses every first attempt of a batch and records what it accepts.
  const attempts = new Map<string, number>();
  const accepted: { format: string; source: string; body: string; key: string }[] = [];
  let refused = 0;
  const fake = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const key = String(req.headers["idempotency-key"]);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n === 1) {
        refused++;
        res.writeHead(429, { "retry-after": "0", "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "overloaded", message: "write queue is full" } }));
        return;
      }
      const format = url.searchParams.get("format") ?? "";
      const source = url.searchParams.get("source") ?? "";
      accepted.push({ format, source, body, key });
      const lines = body.split("\n").length;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ accepted: lines, rejected: 0, errors: [], errors_omitted: 0 }));
    });
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", () => r()));
  try {
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    const dir = tempDir("iw-sim-429-");
    const common = ["--seed", "5", "--duration", "2m", "--scenario", "credential-stuffing"];
    const r = await runCli(["simulate", ...common, "--server", url, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const f = await runCli(["simulate", ...common, "--out", join(dir, "sim")]);
    assert.equal(f.code, 0, f.stderr);
    assert.ok(refused > 0 && refused === accepted.length, `${refused} refused, ${accepted.length} accepted`);
    // Every refused batch came back with the same key, and what arrived is exactly what --out writes, per stream.
    for (const [key, n] of attempts) assert.equal(n, 2, key);
    const files = new Map<string, string>();
    for (const a of accepted)
      files.set(`${a.format}/${a.source}`, `${files.get(`${a.format}/${a.source}`) ?? ""}${a.body}\n`);
    assert.ok(files.size >= 10);
    for (const [stream, text] of files) assert.equal(text, readFileSync(join(dir, "sim", stream), "utf8"), stream);
  } finally {
    await new Promise((r) => fake.close(r));
  }
});

test("simulate --server against a real server whose write queue is full: every event stored once after the 429s", async () => {
  const srv = await startReceiverServer({ "ingest.queue_max_rows": 1, "detection.enabled": false });
  try {
    const hold = await holdWriteQueue(srv);
    const run = runCli([
      "simulate",
      "--seed",
      "9",
      "--duration",
      "1m",
      "--scenario",
      "brute-force",
      "--server",
      srv.url,
      "--json",
    ]);
    const refused = async () => (await srv.rt.metrics.overloads.get()).values[0]?.value ?? 0;
    await waitFor(async () => (await refused()) > 0, "the simulator's first batches refused with 429");
    await hold.release();
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { accepted: number; rejected: number; events: number };
    assert.equal(summary.rejected, 0);
    assert.ok(summary.accepted >= summary.events, `${summary.accepted} accepted of ${summary.events} simulated`);
    // Exactly what the server acknowledged is stored, once: the refused batches were resent, none twice.
    const stored = await srv.sql("SELECT count(*), count(DISTINCT event_id) FROM events WHERE source_id <> 'held'");
    assert.deepEqual(stored[0]?.map(Number), [summary.accepted, summary.accepted]);
  } finally {
    await srv.close();
  }
});
