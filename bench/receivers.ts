// Receiver benchmark: the same events through native NDJSON ingest (the reference), Elasticsearch _bulk and Splunk
// HEC against one `inferwatch serve`, measured in the same run. Prints events/s and the ratio to native ingest.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { queryRows, startServer } from "./child.js";
import { intFlag, isEntry } from "./generate.js";

const TS_LINE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';

interface Row {
  readonly path: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly vsNative: number;
}

type Body = (i: number, source: string) => string;

/** One document per path and event: a native event, a Filebeat-like document, a HEC event, each in two flavours. */
const BODIES: Record<string, { url: (source: string) => string; headers: Record<string, string>; item: Body }> = {
  native: {
    url: (s) => `/api/v1/ingest?source=${s}&format=json`,
    headers: { "content-type": "application/x-ndjson" },
    item: (i) =>
      `${JSON.stringify({ timestamp: 1_763_800_000_000 + i, message: `request ${i} served`, host_name: "gpu-1", request_id: `r-${i}` })}\n`,
  },
  "native torchserve lines": {
    url: (s) => `/api/v1/ingest?source=${s}&format=auto`,
    headers: { "content-type": "text/plain" },
    item: () => `${TS_LINE}\n`,
  },
  "es-bulk document": {
    url: (s) => `/${s}/_bulk`,
    headers: { "content-type": "application/x-ndjson" },
    item: (i) =>
      `{"create":{}}\n${JSON.stringify({ "@timestamp": new Date(1_763_800_000_000 + i).toISOString(), message: `request ${i} served`, host: { name: "gpu-1" }, request_id: `r-${i}` })}\n`,
  },
  "es-bulk torchserve line": {
    url: (s) => `/${s}/_bulk`,
    headers: { "content-type": "application/x-ndjson" },
    item: (i) =>
      `{"create":{}}\n${JSON.stringify({ "@timestamp": new Date(1_763_800_000_000 + i).toISOString(), message: TS_LINE, host: { name: "gpu-1" }, log: { offset: i } })}\n`,
  },
  "hec event": {
    url: () => "/services/collector/event",
    headers: { authorization: "Splunk bench-token" },
    item: (i, s) =>
      JSON.stringify({
        time: 1_763_800_000 + i / 1000,
        host: "gpu-1",
        index: s,
        event: { message: `request ${i} served`, request_id: `r-${i}` },
      }),
  },
};

async function run(
  url: string,
  path: string,
  events: number,
  batch: number,
  concurrency: number,
  tag = "",
): Promise<number> {
  const spec = BODIES[path];
  if (!spec) throw new Error(`unknown path ${path}`);
  const source = `bench-${path.replace(/[^a-z]+/g, "-")}${tag}`;
  const bodies: string[] = [];
  for (let start = 0; start < events; start += batch) {
    let body = "";
    for (let i = start; i < Math.min(events, start + batch); i++) body += spec.item(i, source);
    bodies.push(body);
  }
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      for (;;) {
        const res = await fetch(`${url}${spec.url(source)}`, { method: "POST", headers: spec.headers, body });
        const text = await res.text();
        if (res.status === 429 || res.status === 503 || text.includes('"status":429')) {
          throw new Error(`${path}: the server was overloaded; lower --concurrency (the benchmark does not retry)`);
        }
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [[stored]] = (await queryRows(url, `SELECT count(*) FROM events WHERE source_id = '${source}'`)) as [[number]];
  if (Number(stored) !== events) throw new Error(`${path}: stored ${stored} of ${events} events`);
  return seconds;
}

export async function receiversMain(argv: readonly string[]): Promise<Row[]> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      events: { type: "string" },
      batch: { type: "string" },
      concurrency: { type: "string" },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  const events = intFlag("events", values.events, 100_000);
  const batch = intFlag("batch", values.batch, 1_000);
  const concurrency = intFlag("concurrency", values.concurrency, 2);
  const dir = mkdtempSync(join(tmpdir(), "iw-bench-recv-"));
  const server = await startServer(dir, {
    env: { ...process.env, INFERWATCH_LOG_LEVEL: "warn", INFERWATCH_INGEST_QUEUE_MAX_ROWS: "10000000" },
  });
  const rows: Row[] = [];
  try {
    // Warm-up so the first measured path does not pay for JIT and DuckDB start-up alone.
    await run(server.url, "native", Math.min(events, 5_000), batch, concurrency, "-warmup");
    let native = 0;
    for (const path of Object.keys(BODIES)) {
      const seconds = await run(server.url, path, events, batch, concurrency);
      const eps = events / seconds;
      if (path === "native") native = eps;
      rows.push({ path, events, seconds, eventsPerSecond: eps, vsNative: eps / native });
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const lines = rows.map(
      (r) =>
        `${r.path.padEnd(26)}${String(r.events).padStart(9)}${r.seconds.toFixed(2).padStart(9)}${Math.round(r.eventsPerSecond).toString().padStart(12)}  ${r.vsNative.toFixed(2)}x`,
    );
    process.stdout.write(
      [
        `InferWatch receiver benchmark (${cpus().length} x ${cpu}, Node ${process.version}; ${batch} events per request, ${concurrency} in flight)`,
        `${"path".padEnd(26)}${"events".padStart(9)}${"seconds".padStart(9)}${"events/s".padStart(12)}  vs native`,
        ...lines,
        "",
      ].join("\n"),
    );
  }
  return rows;
}

if (isEntry(import.meta.url)) {
  receiversMain(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench:receivers: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
