// The HTTP API in-process (Fastify inject) over a real DuckDB store: encodings, limits, errors, idempotency, 429.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { buildServer, type ServerHandle } from "../src/api/server.js";
import { loadConfig } from "../src/config/load.js";
import { openRuntime, type Runtime } from "../src/services/runtime.js";
import { tempDir } from "./helpers/process.js";
import { stalledServer } from "./helpers/stalled-server.js";

let dir: string;
let rt: Runtime;
let server: ServerHandle;

before(async () => {
  dir = tempDir();
  const config = loadConfig({
    overrides: {
      data_dir: dir,
      "limits.max_body_bytes": 100_000,
      "limits.max_line_bytes": 2000,
      "log.level": "silent",
    },
  });
  rt = await openRuntime(config);
  server = buildServer(rt, { logger: false });
});

after(async () => {
  await server.shutdown();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const ev = (i: number) => ({ timestamp: 1_763_800_000_000 + i, request_id: `api-${i}` });

async function ingest(payload: string | Buffer, headers: Record<string, string> = {}, query = "source=api") {
  const res = await server.app.inject({ method: "POST", url: `/api/v1/ingest?${query}`, payload, headers });
  return { status: res.statusCode, body: res.json() as Record<string, unknown>, headers: res.headers };
}

test("JSON object, JSON array, NDJSON and gzip are all accepted", async () => {
  assert.deepEqual((await ingest(JSON.stringify(ev(1)), { "content-type": "application/json" })).body.accepted, 1);
  assert.equal((await ingest(JSON.stringify([ev(2), ev(3)]))).body.accepted, 2);
  assert.equal((await ingest(`${JSON.stringify(ev(4))}\n${JSON.stringify(ev(5))}\n`)).body.accepted, 2);
  const gz = gzipSync(`${JSON.stringify(ev(6))}\n${JSON.stringify(ev(7))}`);
  assert.equal(
    (await ingest(gz, { "content-encoding": "gzip", "content-type": "application/x-ndjson" })).body.accepted,
    2,
  );
});

test("encoding and size problems are clear 4xx errors", async () => {
  const bad = await ingest(Buffer.from("not gzip"), { "content-encoding": "gzip" });
  assert.equal(bad.status, 400);
  assert.equal((bad.body.error as { code: string }).code, "invalid_encoding");
  assert.equal((await ingest("{}", { "content-encoding": "br" })).status, 400);
  const big = await ingest("x".repeat(100_001));
  assert.equal(big.status, 413);
  assert.equal((big.body.error as { code: string }).code, "body_too_large");
  // A small gzip that inflates past the limit (a zip bomb) is refused the same way.
  const bomb = await ingest(gzipSync("\n".repeat(200_000)), { "content-encoding": "gzip" });
  assert.equal(bomb.status, 413);
  const empty = await ingest("");
  assert.equal((empty.body.error as { code: string }).code, "empty_body");
});

test("bad parameters name the problem", async () => {
  const fmt = await ingest("{}", {}, "format=nope");
  assert.equal(fmt.status, 400);
  assert.match(
    (fmt.body.error as { message: string }).message,
    /unknown format "nope"; known formats: auto, .*\bjson\b/,
  );
  const src = await ingest("{}", {}, "source=bad%20name");
  assert.equal((src.body.error as { code: string }).code, "invalid_parameter");
  const key = await ingest("{}", { "idempotency-key": "" });
  assert.equal(key.status, 400);
});

test("a too-long line is rejected and dead-lettered with its start kept", async () => {
  const long = JSON.stringify({ ...ev(8), message: "m".repeat(3000) });
  const r = await ingest(`${JSON.stringify(ev(9))}\n${long}`);
  assert.equal(r.body.accepted, 1);
  assert.deepEqual(r.body.errors, [
    { line: 2, code: "line_too_long", message: "line is longer than 2000 bytes (limits.max_line_bytes)" },
  ]);
  const q = await rt.store.query(
    "SELECT length(raw), raw_truncated FROM dead_letters WHERE reason_code = 'line_too_long'",
    {
      maxRows: 10,
      timeoutMs: 5000,
    },
  );
  assert.deepEqual(q.rows, [[2000, true]]);
});

test("an idempotency key replays the first answer and stores nothing twice", async () => {
  const body = `${JSON.stringify(ev(10))}\nbroken`;
  const first = await ingest(body, { "idempotency-key": "k-1" });
  const second = await ingest(body, { "idempotency-key": "k-1" });
  assert.deepEqual(second.body, first.body);
  assert.equal(second.headers["idempotent-replayed"], "true");
  assert.equal(first.headers["idempotent-replayed"], undefined);
  const q = await rt.store.query("SELECT count(*) FROM events WHERE request_id = 'api-10'", {
    maxRows: 1,
    timeoutMs: 5000,
  });
  assert.equal(q.rows[0]?.[0], 1);
});

test("two concurrent requests with one key store once", async () => {
  const body = JSON.stringify(ev(12));
  const [a, b] = await Promise.all([
    ingest(body, { "idempotency-key": "k-2" }),
    ingest(body, { "idempotency-key": "k-2" }),
  ]);
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.deepEqual(
    [a.headers["idempotent-replayed"], b.headers["idempotent-replayed"]].sort(),
    ["true", undefined].sort(),
  );
  const q = await rt.store.query("SELECT count(*) FROM events WHERE request_id = 'api-12'", {
    maxRows: 1,
    timeoutMs: 5000,
  });
  assert.equal(q.rows[0]?.[0], 1);
});

test("overload answers 429 with Retry-After, and readyz says so", async () => {
  const { busy, release } = stalledServer(rt);
  const res = await busy.app.inject({ method: "POST", url: "/api/v1/ingest", payload: JSON.stringify(ev(11)) });
  assert.equal(res.statusCode, 429);
  assert.equal(res.headers["retry-after"], "1");
  assert.equal(res.json().error.code, "overloaded");
  assert.equal((await busy.app.inject({ url: "/readyz" })).statusCode, 503);
  await release();
  assert.equal((await busy.app.inject({ url: "/readyz" })).statusCode, 200);
  await busy.shutdown();
});

test("query endpoint: rows with column types, and 400s for bad input", async () => {
  const ok = await server.app.inject({
    method: "POST",
    url: "/api/v1/query",
    payload: { sql: "SELECT 1 AS one, 'a' AS s" },
  });
  assert.deepEqual(ok.json().columns, [
    { name: "one", type: "INTEGER" },
    { name: "s", type: "VARCHAR" },
  ]);
  assert.deepEqual(ok.json().rows, [[1, "a"]]);
  const write = await server.app.inject({
    method: "POST",
    url: "/api/v1/query",
    payload: { sql: "DELETE FROM events" },
  });
  assert.equal(write.statusCode, 400);
  assert.equal(write.json().error.code, "not_read_only");
  const notJson = await server.app.inject({ method: "POST", url: "/api/v1/query", payload: "select 1" });
  assert.equal(notJson.json().error.code, "invalid_parameter");
  const rows = await server.app.inject({
    method: "POST",
    url: "/api/v1/query",
    payload: { sql: "SELECT 1", max_rows: 0 },
  });
  assert.equal(rows.statusCode, 400);
});

test("the OpenAPI document describes every route the server has", async () => {
  const res = await server.app.inject({ url: "/api/v1/openapi.json" });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.equal(doc.openapi, "3.1.0");
  assert.ok(server.routes.length >= 7);
  for (const r of server.routes) {
    // Fastify writes path parameters as `:name`, OpenAPI as `{name}`.
    const path = r.url.replace(/:(\w+)/g, "{$1}");
    assert.ok(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url} is missing from openapi.json`);
  }
});

test("unknown routes get a JSON 404; health endpoints answer", async () => {
  const res = await server.app.inject({ url: "/nope" });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { error: { code: "not_found", message: "no route GET /nope" } });
  assert.deepEqual((await server.app.inject({ url: "/healthz" })).json(), { status: "ok" });
});
