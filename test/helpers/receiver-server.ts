// Test helper for the shipper receivers: a real InferWatch server (Fastify + DuckDB) in-process on a free port.
import { rmSync } from "node:fs";
import { buildServer, type ServerHandle } from "../../src/api/server.js";
import { loadConfig } from "../../src/config/load.js";
import { openRuntime, type Runtime } from "../../src/services/runtime.js";
import { sqlRows, tempDir } from "./process.js";

export interface ReceiverServer {
  readonly url: string;
  readonly port: number;
  readonly rt: Runtime;
  readonly server: ServerHandle;
  /** Rows of a read-only SQL query over the HTTP API. */
  sql(query: string): Promise<unknown[][]>;
  /** A counter's value from /metrics (0 when the series is absent). */
  metric(name: string, labels: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export async function startReceiverServer(overrides: Record<string, unknown> = {}): Promise<ReceiverServer> {
  const dir = tempDir("iw-recv-");
  const config = loadConfig({ overrides: { data_dir: dir, "log.level": "silent", ...overrides } });
  const rt = await openRuntime(config);
  const server = buildServer(rt, { logger: false });
  const address = await server.app.listen({ host: "127.0.0.1", port: 0 });
  const port = Number(new URL(address).port);
  return {
    url: address,
    port,
    rt,
    server,
    sql: (query) => sqlRows(address, query),
    async metric(name, labels) {
      const text = await (await fetch(`${address}/metrics`)).text();
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      for (const line of text.split("\n")) {
        if (!line.startsWith(`${name}{`)) continue;
        const inside = line.slice(line.indexOf("{") + 1, line.lastIndexOf("}"));
        if (want.every((w) => inside.split(",").includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
      }
      return 0;
    },
    async close() {
      await server.shutdown();
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Keeps the write queue busy with large native-ingest batches until stopped, so that with a tiny
 * `ingest.queue_max_rows` a receiver's requests meet a full queue. Returns how many filler events were stored.
 */
export function startFiller(url: string, rowsPerBatch = 2000): { stop(): Promise<number> } {
  let running = true;
  let stored = 0;
  const loop = (async () => {
    let n = 0;
    while (running) {
      const lines: string[] = [];
      for (let i = 0; i < rowsPerBatch; i++) {
        lines.push(JSON.stringify({ timestamp: 1_763_800_000_000 + n, request_id: `filler-${n++}` }));
      }
      const res = await fetch(`${url}/api/v1/ingest?source=filler`, { method: "POST", body: lines.join("\n") });
      const body = (await res.json()) as { accepted?: number };
      if (res.ok) stored += body.accepted ?? 0;
      else await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return stored;
    },
  };
}
