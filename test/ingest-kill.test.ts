// Durability: `kill -9` the server while a client streams batches; after restart every acknowledged event is present
// exactly once, and a retried in-flight batch (same Idempotency-Key) is stored at most once.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { type ServerProcess, sqlRows, startServer, tempDir } from "./helpers/process.js";

const BATCH = 2000;

function batchBody(b: number): string {
  return Array.from({ length: BATCH }, (_, k) =>
    JSON.stringify({ timestamp: 1_763_800_000_000 + b, request_id: `b${b}-${k}`, model_name: "m", latency_ms: k }),
  ).join("\n");
}

async function post(url: string, b: number): Promise<Response> {
  return fetch(`${url}/api/v1/ingest?source=kill`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", "idempotency-key": `batch-${b}` },
    body: batchBody(b),
  });
}

test("kill -9 mid-stream: acknowledged events survive exactly once; retries are idempotent", async () => {
  const dir = tempDir();
  let server: ServerProcess | undefined = await startServer(dir);
  try {
    const acked = new Set<number>();
    let inFlight: number[] = [];
    // Stream batches with a few in flight; kill the server once enough are acknowledged.
    let next = 0;
    const killAfter = 15;
    const url = server.url;
    await new Promise<void>((resolve) => {
      let killed = false;
      const pump = (): void => {
        if (killed) return;
        const b = next++;
        inFlight.push(b);
        post(url, b)
          .then(async (res) => {
            if (res.status === 200) {
              await res.json();
              acked.add(b);
            }
          })
          .catch(() => undefined)
          .finally(() => {
            inFlight = inFlight.filter((x) => x !== b);
            if (!killed && acked.size >= killAfter) {
              killed = true;
              void server?.kill9().then(() => resolve());
            } else pump();
          });
      };
      for (let i = 0; i < 3; i++) pump();
    });
    const unacked = Array.from({ length: next }, (_, b) => b).filter((b) => !acked.has(b));
    assert.ok(acked.size >= killAfter);

    server = await startServer(dir);
    const rows = (await sqlRows(
      server.url,
      "SELECT split_part(request_id, '-', 1) AS b, count(*), count(DISTINCT request_id) FROM events GROUP BY 1",
    )) as [string, number, number][];
    const stored = new Map(rows.map(([b, n, d]) => [Number(b.slice(1)), { n, d }]));
    for (const b of acked) assert.deepEqual(stored.get(b), { n: BATCH, d: BATCH }, `acknowledged batch ${b}`);
    // A batch the server never acknowledged is all there or not there at all (one transaction), never half.
    for (const b of unacked) {
      const s = stored.get(b);
      if (s) assert.deepEqual(s, { n: BATCH, d: BATCH }, `unacknowledged batch ${b} is partial`);
    }

    // The client retries every unacknowledged batch with its key: each ends up stored exactly once.
    for (const b of unacked) {
      const res = await post(server.url, b);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { accepted: number };
      assert.equal(body.accepted, BATCH);
      assert.equal(res.headers.get("idempotent-replayed") === "true", stored.has(b));
    }
    const [[total, distinct]] = (await sqlRows(
      server.url,
      "SELECT count(*), count(DISTINCT request_id) FROM events",
    )) as [[number, number]];
    assert.equal(total, next * BATCH);
    assert.equal(distinct, next * BATCH);
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
