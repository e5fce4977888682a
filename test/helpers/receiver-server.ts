// Test helper for the shipper receivers: a real InferWatch server (Fastify + DuckDB) in-process on a free port.
import { rmSync } from "node:fs";
import { buildServer, type ServerHandle } from "../../src/api/server.js";
import { loadConfig } from "../../src/config/load.js";
import type { WriteBatch } from "../../src/core/batch.js";
import { openRuntime, type Runtime } from "../../src/services/runtime.js";
import { sqlRows, tempDir, waitFor } from "./process.js";

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
 * Overload on demand: holds the store's next commit, and puts one native-ingest row in the write queue behind it,
 * so that with `ingest.queue_max_rows: 1` every receiver request meets a full queue until `release`. The commit is
 * only delayed (the real store then writes it), which makes overload tests independent of timing.
 */
export async function holdWriteQueue(srv: ReceiverServer): Promise<{ release(): Promise<void> }> {
  const store = srv.rt.store as { write(batches: readonly WriteBatch[]): Promise<void> };
  const original = store.write;
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => {
    open = r;
  });
  store.write = async (batches) => {
    await gate;
    return original.call(store, batches);
  };
  const held = fetch(`${srv.url}/api/v1/ingest?source=held`, {
    method: "POST",
    body: JSON.stringify({ timestamp: 1_763_800_000_000, message: "held in the write queue" }),
  });
  await waitFor(() => srv.rt.writer.depth > 0, "a batch waiting in the write queue");
  return {
    async release() {
      store.write = original;
      open();
      const res = await held;
      if (!res.ok) throw new Error(`the held batch failed: ${res.status}`);
    },
  };
}
