// Shipper-protocol benchmark (Loki push, OTLP/HTTP logs, syslog TCP): the same TorchServe access-log lines through
// each receiver and through native `/api/v1/ingest` (the reference), each on a fresh server in this process.
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildServer } from "../src/api/server.js";
import { loadConfig } from "../src/config/load.js";
import { encodeProtoPush } from "../src/receivers/loki/push-proto.js";
import { encodeExport } from "../src/receivers/otlp/export.js";
import { startSyslog } from "../src/receivers/syslog/listener.js";
import { openRuntime } from "../src/services/runtime.js";
import { intFlag, isEntry } from "./generate.js";

const BASE_MS = Date.UTC(2026, 10, 22);
const PATHS = ["native", "loki-json", "loki-proto", "otlp-json", "otlp-proto", "syslog-tcp"] as const;
type PathName = (typeof PATHS)[number];

/** A TorchServe access-log line (the parser applies in every path), distinct per index. */
function line(i: number): string {
  const t = new Date(BASE_MS + i).toISOString().replace("T", " ").replace("Z", "").replace(".", ",");
  return `${t} [INFO ] W-9000-model_${i % 7} ACCESS_LOG - /10.0.${i % 250}.9:${40000 + (i % 999)} "POST /predictions/model_${i % 7} HTTP/1.1" 200 ${5 + (i % 300)}`;
}

interface Request {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
}

/** One request body carrying lines [from, to) in the path's protocol. */
function request(path: PathName, from: number, to: number): Request | Buffer {
  const idx = Array.from({ length: to - from }, (_, k) => from + k);
  switch (path) {
    case "native":
      return { path: "/api/v1/ingest?source=bench", headers: {}, body: idx.map(line).join("\n") };
    case "loki-json":
      return {
        path: "/loki/api/v1/push",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          streams: [{ stream: { job: "bench" }, values: idx.map((i) => [`${BASE_MS + i}000000`, line(i)]) }],
        }),
      };
    case "loki-proto":
      return {
        path: "/loki/api/v1/push",
        headers: { "content-type": "application/x-protobuf" },
        body: encodeProtoPush([
          { labels: '{job="bench"}', entries: idx.map((i) => ({ ms: BASE_MS + i, line: line(i) })) },
        ]),
      };
    case "otlp-json":
    case "otlp-proto": {
      const doc = {
        resourceLogs: [
          {
            resource: { attributes: [{ key: "service.name", value: { stringValue: "bench" } }] },
            scopeLogs: [
              {
                scope: { name: "bench" },
                logRecords: idx.map((i) => ({ timeUnixNano: `${BASE_MS + i}000000`, body: { stringValue: line(i) } })),
              },
            ],
          },
        ],
      };
      return path === "otlp-json"
        ? { path: "/v1/logs", headers: { "content-type": "application/json" }, body: JSON.stringify(doc) }
        : { path: "/v1/logs", headers: { "content-type": "application/x-protobuf" }, body: encodeExport("logs", doc) };
    }
    case "syslog-tcp":
      return Buffer.from(
        idx
          .map((i) => {
            const msg = `<134>1 ${new Date(BASE_MS + i).toISOString()} bench-host torchserve - - - ${line(i)}`;
            return `${Buffer.byteLength(msg)} ${msg}`;
          })
          .join(""),
      );
  }
}

async function runPath(path: PathName, events: number, batch: number, concurrency: number) {
  const dir = join(tmpdir(), `iw-bench-shippers-${process.pid}-${path}`);
  rmSync(dir, { recursive: true, force: true });
  const rt = await openRuntime(loadConfig({ overrides: { data_dir: dir, "log.level": "silent" } }));
  const server = buildServer(rt, { logger: false });
  const url = await server.app.listen({ host: "127.0.0.1", port: 0 });
  // Bodies are built before the clock starts: the figure is the server's, not the encoder's.
  const bodies: (Request | Buffer)[] = [];
  for (let from = 0; from < events; from += batch) bodies.push(request(path, from, Math.min(events, from + batch)));
  let retries = 0;
  const started = process.hrtime.bigint();
  if (path === "syslog-tcp") {
    const sys = await startSyslog(
      { host: "127.0.0.1", udpPort: null, tcpPort: 0, sourceId: "bench", maxMessageBytes: 65_536, timeZone: "UTC" },
      rt.ingest,
      rt.metrics,
      { warn: () => {}, error: (m) => console.error(m) },
    );
    await new Promise<void>((resolve, reject) => {
      const socket = connect(sys.tcpPort as number, "127.0.0.1", () => {
        for (const b of bodies) socket.write(b as Buffer);
        socket.end();
      });
      socket.on("close", () => resolve());
      socket.on("error", reject);
    });
    await sys.close();
  } else {
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const r = bodies[next++] as Request;
        for (;;) {
          const res = await fetch(`${url}${r.path}`, { method: "POST", headers: r.headers, body: r.body });
          await res.arrayBuffer();
          if (res.status === 429) {
            retries++;
            await new Promise((w) => setTimeout(w, 10));
            continue;
          }
          if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status}`);
          break;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const counted = await rt.store.query("SELECT count(*) FROM events WHERE source_type = 'torchserve'", {
    maxRows: 1,
    timeoutMs: 60_000,
  });
  const stored = Number(counted.rows[0]?.[0]);
  if (stored !== events) throw new Error(`${path}: ${stored} of ${events} lines stored as TorchServe events`);
  await server.shutdown();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
  return { path, seconds, stored, retries, eventsPerSecond: events / seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: "string" }, batch: { type: "string" }, concurrency: { type: "string" } },
  });
  const events = intFlag("events", values.events, 100_000);
  const batch = intFlag("batch", values.batch, 1000);
  const concurrency = intFlag("concurrency", values.concurrency, 4);
  console.log(
    `shippers benchmark: ${events} TorchServe lines, ${batch} per request, ${concurrency} in flight; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
  );
  const results = [];
  for (const p of PATHS) results.push(await runPath(p, events, batch, concurrency));
  const reference = results[0]?.eventsPerSecond ?? 1;
  for (const r of results) {
    console.log(
      `${r.path.padEnd(11)} ${Math.round(r.eventsPerSecond).toString().padStart(8)} events/s  ${r.seconds.toFixed(2)} s  ratio ${(r.eventsPerSecond / reference).toFixed(2)} vs native  stored ${r.stored}  429s ${r.retries}`,
    );
  }
}

if (isEntry(import.meta.url)) await main();
