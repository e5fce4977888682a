// Splunk HEC: the protocol in-process (Fastify inject, real DuckDB store), then the real `splunk-logging` client
// against `inferwatch serve`: batched events with a token, a wrong token refused, and overload delivered once.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { buildServer, type ServerHandle } from "../src/api/server.js";
import { loadConfig } from "../src/config/load.js";
import { openRuntime, type Runtime } from "../src/services/runtime.js";
import { type ServerProcess, sqlRows, startServer, tempDir, waitFor } from "./helpers/process.js";

const TOKEN = "11111111-2222-3333-4444-555555555555";
const TS_LINE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';

let dir: string;
let rt: Runtime;
let server: ServerHandle;
const cleanups: (() => Promise<unknown>)[] = [];

before(async () => {
  dir = tempDir();
  const config = loadConfig({
    overrides: { data_dir: dir, "limits.max_body_bytes": 100_000, "log.level": "silent" },
  });
  rt = await openRuntime({
    ...config,
    receivers: { ...config.receivers, splunk_hec: { enabled: true, path_prefix: "", tokens: [TOKEN] } },
  });
  server = buildServer(rt, { logger: false });
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
  await server.shutdown();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Splunk ${TOKEN}` };

async function rows(sql: string): Promise<unknown[][]> {
  const res = await server.app.inject({ method: "POST", url: "/api/v1/query", payload: JSON.stringify({ sql }) });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { rows: unknown[][] }).rows;
}

test("token checks answer Splunk's bodies: missing 401/2, malformed 401/3, unknown 403/4", async () => {
  const cases: [Record<string, string>, number, number][] = [
    [{}, 401, 2],
    [{ authorization: `Bearer ${TOKEN}` }, 401, 3],
    [{ authorization: "Splunk not-the-token" }, 403, 4],
  ];
  for (const [headers, status, code] of cases) {
    const res = await server.app.inject({
      method: "POST",
      url: "/services/collector/event",
      headers,
      payload: '{"event":"x"}',
    });
    assert.equal(res.statusCode, status);
    assert.equal((res.json() as { code: number }).code, code);
  }
});

test("concatenated event objects on every event path, any Content-Type, gzip: metadata lands in the event", async () => {
  const paths = ["/services/collector", "/services/collector/event", "/services/collector/event/1.0"];
  for (const [n, url] of paths.entries()) {
    const body =
      JSON.stringify({
        time: 1763800000.25,
        host: "gpu-1",
        source: "/var/log/ts.log",
        sourcetype: "torchserve",
        index: "hec-test",
        event: TS_LINE,
      }) +
      JSON.stringify({
        time: "1763800001",
        event: { message: "object event", request_id: `hec-${n}` },
        fields: { region: "eu" },
        index: "hec-test",
      }) +
      "\n" +
      JSON.stringify({ event: `no time, plain text ${n}`, index: "hec-test" });
    const gz = n === 1;
    const res = await server.app.inject({
      method: "POST",
      url,
      headers: {
        ...auth,
        "content-type": "application/x-www-form-urlencoded",
        ...(gz ? { "content-encoding": "gzip" } : {}),
      },
      payload: gz ? gzipSync(body) : body,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { text: "Success", code: 0, accepted: 3, rejected: 0 });
  }
  const byType = await rows(
    "SELECT source_type, count(*) FROM events WHERE source_id = 'hec-test' GROUP BY 1 ORDER BY 1",
  );
  assert.deepEqual(byType, [
    ["splunk_hec", 6],
    ["torchserve", 3],
  ]);
  const [ts] = await rows(
    `SELECT host_name, http_status_code, json_extract_string(attributes, '$."splunk.sourcetype"') FROM events
     WHERE source_id = 'hec-test' AND source_type = 'torchserve' LIMIT 1`,
  );
  assert.deepEqual(ts, ["gpu-1", 200, "torchserve"]);
  const [obj] = await rows(
    `SELECT timestamp, json_extract_string(attributes, '$.region') FROM events WHERE request_id = 'hec-0'`,
  );
  assert.deepEqual(obj, [1_763_800_001_000, "eu"]);
});

test("raw endpoint: one event per line, metadata from the query string", async () => {
  const res = await server.app.inject({
    method: "POST",
    url: "/services/collector/raw?index=hec-raw&host=raw-host&sourcetype=app",
    headers: auth,
    payload: `${TS_LINE}\nsomething happened in the app\n\n`,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(await rows("SELECT source_type, host_name FROM events WHERE source_id = 'hec-raw' ORDER BY 1"), [
    ["splunk_hec", "raw-host"],
    ["torchserve", "raw-host"],
  ]);
});

test("bad bodies: no data 5, invalid format 6 with the event number, missing/blank event 12/13, bad index 7", async () => {
  const cases: [string, string, number, number, number | undefined][] = [
    ["/services/collector/event", "  ", 400, 5, undefined],
    ["/services/collector/event", '{"event":"a"}{"event":', 400, 6, 1],
    ["/services/collector/event", '{"event":"a"} [1]', 400, 6, 1],
    ["/services/collector/event", '{"event":"a"}{"time":"yesterday","event":"b"}', 400, 6, 1],
    ["/services/collector/event", '{"event":"a"}{"host":"h"}', 400, 12, 1],
    ["/services/collector/event", '{"event":""}', 400, 13, 0],
    ["/services/collector/event", '{"event":"a","index":"no spaces allowed"}', 400, 7, undefined],
  ];
  const before = await rows("SELECT count(*) FROM events");
  for (const [url, payload, status, code, eventNumber] of cases) {
    const res = await server.app.inject({ method: "POST", url, headers: auth, payload });
    assert.equal(res.statusCode, status, `${payload}: ${res.body}`);
    const body = res.json() as { code: number; "invalid-event-number"?: number };
    assert.equal(body.code, code, payload);
    assert.equal(body["invalid-event-number"], eventNumber, payload);
  }
  // A refused request stores nothing, not even its valid first event.
  assert.deepEqual(await rows("SELECT count(*) FROM events"), before);
});

test("an event the pipeline rejects is dead-lettered and reported next to Splunk's success code", async () => {
  const res = await server.app.inject({
    method: "POST",
    url: "/services/collector/event",
    headers: auth,
    payload: '{"event":{"timestamp":"not a time","message":"bad"},"index":"hec-dl"}{"event":"fine","index":"hec-dl"}',
  });
  assert.equal(res.statusCode, 200);
  const body = res.json() as { code: number; accepted: number; rejected: number; errors: { code: string }[] };
  assert.equal(body.code, 0);
  assert.equal(body.accepted, 1);
  assert.equal(body.rejected, 1);
  assert.equal(body.errors[0]?.code, "invalid_timestamp");
  assert.deepEqual(await rows("SELECT count(*) FROM dead_letters WHERE source_id = 'splunk'"), [[1]]);
});

test("health answers 17 without a token", async () => {
  const res = await server.app.inject({ url: "/services/collector/health" });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { text: "HEC is healthy", code: 17 });
});

// --- the real client -------------------------------------------------------------------------------------------

interface SplunkLogger {
  send(
    payload: { message: unknown; metadata?: Record<string, string>; severity?: string },
    callback?: (err: Error | null) => void,
  ): void;
  flush(callback?: (err: Error | null, resp: unknown, body: unknown) => void): void;
  error: (err: Error & { code?: number }, context: { message: string }) => void;
  _sendEvents(context: { message: string }, callback?: (err: Error | null, resp: unknown, body: unknown) => void): void;
}
const require = createRequire(import.meta.url);
const { Logger } = require("splunk-logging") as { Logger: new (config: Record<string, unknown>) => SplunkLogger };

async function serveWithToken(extra = ""): Promise<ServerProcess> {
  const data = tempDir("iw-hec-");
  const config = join(data, "inferwatch.yaml");
  writeFileSync(config, `receivers:\n  splunk_hec:\n    tokens: ["${TOKEN}"]\n${extra}`);
  const proc = await startServer(data, { args: ["--config", config], env: { INFERWATCH_LOG_LEVEL: "warn" } });
  cleanups.push(async () => {
    await proc.stop();
    rmSync(data, { recursive: true, force: true });
  });
  return proc;
}

function flush(logger: SplunkLogger): Promise<{ err: Error | null; body: unknown }> {
  return new Promise((resolve) => logger.flush((err, _resp, body) => resolve({ err, body })));
}

test("splunk-logging ships batched events with its token; a wrong token is refused with Splunk's body", async () => {
  const proc = await serveWithToken();
  const logger = new Logger({ token: TOKEN, url: proc.url, maxBatchCount: 0 });
  const errors: unknown[] = [];
  logger.error = (err) => errors.push(err);
  for (let i = 0; i < 50; i++) {
    logger.send({
      message: i % 2 === 0 ? TS_LINE : `client event ${i}`,
      metadata: { host: "client-host", index: "splunk-logging", sourcetype: "app" },
      severity: "info",
    });
  }
  const { err, body } = await flush(logger);
  assert.equal(err, null);
  assert.equal((body as { code: number }).code, 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    await sqlRows(
      proc.url,
      "SELECT source_type, count(*), min(host_name) FROM events WHERE source_id = 'splunk-logging' GROUP BY 1 ORDER BY 1",
    ),
    [
      ["splunk_hec", 25, "client-host"],
      ["torchserve", 25, "client-host"],
    ],
  );
  const wrong = new Logger({ token: "wrong-token", url: proc.url, maxBatchCount: 0 });
  const refused: (Error & { code?: number })[] = [];
  wrong.error = (e) => refused.push(e);
  wrong.send({ message: "must not be stored", metadata: { index: "splunk-wrong" } });
  const answer = await flush(wrong);
  assert.deepEqual(answer.body, { text: "Invalid token", code: 4 });
  assert.equal(refused[0]?.code, 4);
  assert.equal(refused[0]?.message, "Invalid token");
  assert.deepEqual(await sqlRows(proc.url, "SELECT count(*) FROM events WHERE source_id = 'splunk-wrong'"), [[0]]);
});

test("under overload HEC answers 503 'Server is busy' (9); re-sending a refused batch stores every event once", async () => {
  const proc = await serveWithToken("ingest:\n  queue_max_rows: 1\n");
  const total = 3_000;
  const loggers = Array.from({ length: 6 }, () => new Logger({ token: TOKEN, url: proc.url, maxBatchCount: 25 }));
  let busy = 0;
  let otherErrors = 0;
  let pending = 0;
  for (const logger of loggers) {
    // splunk-logging retries only transport errors (maxRetries), not Splunk's error replies: its documented hook
    // for those is `error`, where an application re-sends the batch. InferWatch refused the whole batch, so the
    // re-sent batch is stored exactly once.
    logger.error = (e, context) => {
      if (e.code !== 9) {
        otherErrors++;
        return;
      }
      busy++;
      pending++;
      setTimeout(() => logger._sendEvents(context, () => pending--), 20);
    };
  }
  // 500 events per logger in batches of 25: every batch is sent by the `send` that fills it (whose callback runs
  // once the first attempt is answered); retries are tracked by `pending`.
  let answered = 0;
  for (let i = 0; i < total; i++) {
    (loggers[i % loggers.length] as SplunkLogger).send(
      { message: { text: "overload", request_id: `hec-ov-${i}` }, metadata: { index: "hec-overload" } },
      () => answered++,
    );
  }
  await waitFor(() => answered === total / 25 && pending === 0, "every batch answered and every retry done");
  assert.equal(otherErrors, 0);
  assert.ok(busy > 0, "the server answered 503 at least once (otherwise this test proves nothing)");
  assert.deepEqual(
    await sqlRows(
      proc.url,
      "SELECT count(*), count(DISTINCT \"attributes\"->>'$.\"message.request_id\"') FROM events WHERE source_id = 'hec-overload'",
    ),
    [[total, total]],
  );
});
