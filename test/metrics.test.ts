// /metrics of a real server: the exposition passes Prometheus' own linter (promtool) and the counters add up.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { type ServerProcess, startServer, tempDir } from "./helpers/process.js";

const PROMTOOL = process.env.PROMTOOL ?? "promtool";
const INSTALL_HINT =
  "promtool is required by this test: install Debian's prometheus package (apt-get install -y prometheus), " +
  "which provides /usr/bin/promtool, or point $PROMTOOL at a promtool binary";

const T0 = 1_763_800_000_000;
const good = (i: number): string => JSON.stringify({ timestamp: T0 + i, event_kind: "inference", latency_ms: i });

interface Sent {
  readonly good: number;
  /** Each bad line with the rejection reason it must be counted under. */
  readonly bad: readonly (readonly [line: string, reason: string])[];
}

/** What each source is sent. */
const SENT: Readonly<Record<"a" | "b", Sent>> = {
  a: {
    good: 5,
    bad: [
      ['{"timestamp": 1', "invalid_json"],
      ["{not json", "invalid_json"],
      ['{"message": "no time"}', "missing_timestamp"],
    ],
  },
  b: {
    good: 3,
    bad: [
      [JSON.stringify({ timestamp: T0, latency_ms: "slow" }), "invalid_field_type"],
      ["[1, 2]", "not_an_object"],
    ],
  },
};

let server: ServerProcess;
let dir: string;
let exposition: string;

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the sample lines of the text exposition format (label values unescaped). */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    assert.ok(m, `unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one sample with exactly this name and label set. */
function sampleValue(name: string, labels: Record<string, string> = {}): number {
  const want = JSON.stringify(Object.entries(labels).sort());
  const found = parseSamples(exposition).filter(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want,
  );
  assert.equal(found.length, 1, `expected one sample ${name}${JSON.stringify(labels)} in /metrics`);
  return (found[0] as Sample).value;
}

function typeOf(name: string): string | undefined {
  return new RegExp(`^# TYPE ${name} (\\w+)$`, "m").exec(exposition)?.[1];
}

interface PromtoolResult {
  readonly code: number | null;
  readonly output: string;
}

/** Pipes the exposition into `promtool check metrics`; a missing binary fails with the install hint. */
function promtoolCheck(text: string): Promise<PromtoolResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PROMTOOL, ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "ENOENT" ? new Error(`${INSTALL_HINT} (${PROMTOOL} not found)`) : e),
    );
    child.on("close", (code) => resolvePromise({ code, output }));
    // promtool may exit before reading everything when it is not a working binary; that surfaces via `close`.
    child.stdin.on("error", () => undefined);
    child.stdin.end(text);
  });
}

before(async () => {
  dir = tempDir();
  server = await startServer(dir);
  for (const [source, sent] of Object.entries(SENT)) {
    const lines = [...Array.from({ length: sent.good }, (_, i) => good(i)), ...sent.bad.map(([line]) => line)];
    const res = await fetch(`${server.url}/api/v1/ingest?source=${source}`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: `${lines.join("\n")}\n`,
    });
    const body = (await res.json()) as { accepted: number; rejected: number };
    assert.equal(res.status, 200);
    assert.deepEqual(body.accepted, sent.good, `accepted for source ${source}`);
    assert.deepEqual(body.rejected, sent.bad.length, `rejected for source ${source}`);
  }
  const res = await fetch(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  exposition = await res.text();
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("promtool check metrics finds no problem", async () => {
  const { code, output } = await promtoolCheck(exposition);
  // On success promtool prints nothing at all; every line it prints is a lint problem or an error.
  const problems = output.split("\n").filter((l) => l.trim() !== "");
  assert.deepEqual(problems, [], `promtool check metrics reported problems:\n${problems.join("\n")}`);
  assert.equal(code, 0, `promtool check metrics exited with ${code}`);
});

test("accepted events are counted per source and format", () => {
  assert.equal(typeOf("inferwatch_events_accepted_total"), "counter");
  for (const [source, sent] of Object.entries(SENT)) {
    assert.equal(sampleValue("inferwatch_events_accepted_total", { source, format: "json" }), sent.good, source);
  }
});

test("rejected lines are counted per source, format and reason", () => {
  assert.equal(typeOf("inferwatch_events_rejected_total"), "counter");
  for (const [source, sent] of Object.entries(SENT)) {
    const byReason = new Map<string, number>();
    for (const [, reason] of sent.bad) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    for (const [reason, n] of byReason) {
      assert.equal(sampleValue("inferwatch_events_rejected_total", { source, format: "json", reason }), n, reason);
    }
    const series = parseSamples(exposition).filter(
      (s) => s.name === "inferwatch_events_rejected_total" && s.labels.source === source,
    );
    assert.equal(series.length, byReason.size, `unexpected rejection series for ${source}`);
  }
});

test("dead letters, write batches and the write queue are reported", () => {
  const bad = SENT.a.bad.length + SENT.b.bad.length;
  const all = SENT.a.good + SENT.b.good + bad;
  assert.equal(typeOf("inferwatch_dead_letters_total"), "counter");
  assert.equal(sampleValue("inferwatch_dead_letters_total"), bad);
  assert.equal(typeOf("inferwatch_write_batch_rows"), "histogram");
  assert.ok(sampleValue("inferwatch_write_batch_rows_count") > 0, "no write batch observed");
  // Every event and dead letter is written in some batch, and nothing else was written.
  assert.equal(sampleValue("inferwatch_write_batch_rows_sum"), all);
  assert.equal(
    sampleValue("inferwatch_write_batch_rows_bucket", { le: "+Inf" }),
    sampleValue("inferwatch_write_batch_rows_count"),
  );
  assert.equal(typeOf("inferwatch_write_queue_rows"), "gauge");
  const queued = sampleValue("inferwatch_write_queue_rows");
  assert.ok(Number.isFinite(queued) && queued >= 0, `write queue gauge is ${queued}`);
});
