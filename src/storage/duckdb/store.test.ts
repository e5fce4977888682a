// The DuckDB store against a real database file: schema, atomic writes, read-only queries, limits and retention.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { tempDir } from "../../../test/helpers/process.js";
import type { DeadLetter } from "../../core/batch.js";
import { FIELDS, type FieldDef, type InferEvent } from "../../core/fields.js";
import { DEFAULT_LIMITS } from "../../core/limits.js";
import { normalizeRecord } from "../../pipeline/normalize.js";
import { COLUMN_TYPES } from "./migrations.js";
import { DuckDBStore } from "./store.js";

let dir: string;
let store: DuckDBStore;
const Q = { maxRows: 1000, timeoutMs: 10_000 };

function event(record: Record<string, unknown>, observedAt = Date.now()): InferEvent {
  const r = normalizeRecord(record, JSON.stringify(record), {
    sourceId: "t",
    sourceType: "json",
    observedAt,
    limits: DEFAULT_LIMITS,
    keepRaw: true,
  });
  assert.ok(r.ok);
  return r.event;
}

function letter(receivedAt: number): DeadLetter {
  return {
    receivedAt,
    sourceId: "t",
    format: "json",
    line: 1,
    reasonCode: "invalid_json",
    reason: "bad",
    raw: "{",
    rawTruncated: false,
  };
}

async function count(sql: string): Promise<number> {
  return (await store.query(sql, Q)).rows[0]?.[0] as number;
}

before(async () => {
  dir = tempDir();
  store = await DuckDBStore.open(dir);
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the migrated events table has exactly the columns and types of the field definitions", async () => {
  const r = await store.query(
    "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
    Q,
  );
  assert.deepEqual(
    r.rows,
    (FIELDS as readonly FieldDef[]).map((f) => [f.name, COLUMN_TYPES[f.type], f.required ? "NO" : "YES"]),
  );
});

test("a write stores every value, and more than one 2048-row chunk", async () => {
  const events = Array.from({ length: 5000 }, (_, i) =>
    event({ timestamp: 1_700_000_000_000 + i, request_id: `w-${i}`, latency_ms: i / 2, tokens_in: i, extra: { i } }),
  );
  await store.write([{ events, deadLetters: [letter(Date.now())] }]);
  assert.equal(await count("SELECT count(*) FROM events WHERE request_id LIKE 'w-%'"), 5000);
  const r = await store.query(
    "SELECT timestamp, latency_ms, tokens_in, attributes->>'$.extra.i' FROM events WHERE request_id = 'w-4999'",
    Q,
  );
  assert.deepEqual(r.rows, [[1_700_000_004_999, 2499.5, 4999, "4999"]]);
  assert.equal(await count("SELECT count(*) FROM dead_letters"), 1);
});

test("a failed write leaves nothing behind (one transaction)", async () => {
  const before = await count("SELECT count(*) FROM events");
  const key = { key: "dup-key", response: "{}" };
  await store.write([{ events: [event({ timestamp: 1 })], deadLetters: [], idempotency: key }]);
  await assert.rejects(
    store.write([{ events: [event({ timestamp: 2 }), event({ timestamp: 3 })], deadLetters: [], idempotency: key }]),
  );
  assert.equal(await count("SELECT count(*) FROM events"), before + 1);
  assert.equal(await store.findIdempotencyKey("dup-key"), "{}");
  assert.equal(await store.findIdempotencyKey("other"), null);
});

test("checkpoints are upserted with their batch", async () => {
  const cp = { fileId: "h:1:2", path: "/x.log", offset: 10, fingerprint: "ab" };
  await store.write([{ events: [], deadLetters: [], checkpoints: [cp] }]);
  await store.write([{ events: [], deadLetters: [], checkpoints: [{ ...cp, offset: 20 }] }]);
  assert.deepEqual(await store.loadCheckpoints(), [{ ...cp, offset: 20 }]);
});

test("queries are read-only: one SELECT only, no writes, no file access", async () => {
  for (const sql of [
    "DELETE FROM events",
    "DROP TABLE events",
    "SELECT 1; SELECT 2",
    "INSERT INTO events SELECT * FROM events",
    "SET threads = 1",
    "ATTACH 'x.db'",
  ]) {
    await assert.rejects(store.query(sql, Q), (e: Error & { code?: string }) => e.code === "not_read_only", sql);
  }
  const db = join(dir, "inferwatch.duckdb");
  for (const sql of [
    `SELECT * FROM read_csv('${db}')`,
    `SELECT * FROM (SELECT * FROM read_text('${db}'))`,
    `SELECT * FROM events WHERE event_id IN (SELECT * FROM query('SELECT 1'))`,
    `SELECT * FROM '${db}.wal'`,
  ]) {
    await assert.rejects(store.query(sql, Q), (e: Error & { code?: string }) => e.code === "not_read_only", sql);
  }
  await assert.rejects(store.query("SELECT * FROM read_csv('/etc/passwd')", Q), /not allowed/);
  assert.equal((await store.query("SELECT count(*) FROM range(5)", Q)).rows[0]?.[0], 5);
  await assert.rejects(
    store.query("SELECT * FROM no_such_table", Q),
    (e: Error & { code?: string }) => e.code === "query_error",
  );
});

test("row limit cuts and says so; the time limit interrupts", async () => {
  const r = await store.query("SELECT * FROM range(100)", { maxRows: 10, timeoutMs: 10_000 });
  assert.equal(r.rows.length, 10);
  assert.equal(r.truncated, true);
  assert.equal((await store.query("SELECT * FROM range(10)", { maxRows: 10, timeoutMs: 10_000 })).truncated, false);
  await assert.rejects(
    store.query("SELECT count(*) FROM range(100000000000) a", { maxRows: 10, timeoutMs: 200 }),
    (e: Error & { code?: string }) => e.code === "query_timeout" && /200 ms/.test(e.message),
  );
});

test("retention deletes old events and dead letters and clears old raw text, counting from ingest time", async () => {
  const now = Date.UTC(2030, 0, 31);
  const day = 86_400_000;
  await store.write([
    {
      events: [
        event({ timestamp: 1, request_id: "ret-old" }, now - 40 * day),
        event({ timestamp: 1, request_id: "ret-mid" }, now - 10 * day),
        event({ timestamp: 1, request_id: "ret-new" }, now - 1 * day),
      ],
      deadLetters: [letter(now - 20 * day)],
    },
  ]);
  const report = await store.applyRetention({ eventsDays: 30, rawDays: 7, deadLettersDays: 14 }, now);
  assert.ok(report.eventsDeleted >= 1);
  assert.ok(report.deadLettersDeleted >= 1);
  const rows = await store.query(
    "SELECT request_id, raw IS NULL FROM events WHERE request_id LIKE 'ret-%' ORDER BY 1",
    Q,
  );
  assert.deepEqual(rows.rows, [
    ["ret-mid", true],
    ["ret-new", false],
  ]);
  assert.equal(await count(`SELECT count(*) FROM dead_letters WHERE received_at < ${now - 14 * day}`), 0);
});

test("a second process on the same data directory gets a clear error", async () => {
  const { runCli } = await import("../../../test/helpers/process.js");
  const r = await runCli(["query", "--data", dir, "--sql", "SELECT 1"]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^inferwatch: data directory .* is in use by another InferWatch process \(PID \d+\).*--server/,
  );
});
