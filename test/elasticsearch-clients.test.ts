// Real Elasticsearch clients against `inferwatch serve`: the official JS client (helpers.bulk, also under overload)
// and Debian's rsyslog with omelasticsearch in bulk mode. Events must then be queryable.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { after, test } from "node:test";
import { Client } from "@elastic/elasticsearch";
import { freePort, runCli, type ServerProcess, sqlRows, startServer, tempDir, waitFor } from "./helpers/process.js";

const TS_LINE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';

const cleanups: (() => Promise<unknown> | undefined)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function serve(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const dir = tempDir("iw-es-");
  const server = await startServer(dir, { env: { INFERWATCH_LOG_LEVEL: "warn", ...env } });
  cleanups.push(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

async function metric(url: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = pattern.exec(text);
  return m ? Number(m[1]) : 0;
}

test("@elastic/elasticsearch 9.4.3: info() passes the product check; helpers.bulk ships parseable events", async () => {
  const server = await serve();
  const client = new Client({ node: server.url });
  cleanups.push(() => client.close());
  const info = await client.info();
  assert.match(info.version.number, /^8\./);
  const docs = Array.from({ length: 300 }, (_, i) =>
    i % 3 === 0
      ? {
          "@timestamp": new Date(1_763_800_000_000 + i).toISOString(),
          message: TS_LINE,
          host: { name: `gpu-${i % 4}` },
        }
      : {
          "@timestamp": new Date(1_763_800_000_000 + i).toISOString(),
          message: `a plain line, number ${i}`,
          request_id: `js-${i}`,
        },
  );
  const stats = await client.helpers.bulk({
    datasource: docs,
    onDocument: () => ({ create: { _index: "js-client" } }),
    flushBytes: 8_000,
  });
  assert.equal(stats.successful, 300);
  assert.equal(stats.failed, 0);
  const rows = await sqlRows(
    server.url,
    "SELECT source_type, count(*), count(host_name) FROM events WHERE source_id = 'js-client' GROUP BY 1 ORDER BY 1",
  );
  assert.deepEqual(rows, [
    ["elasticsearch", 200, 0],
    ["torchserve", 100, 100],
  ]);
});

test("receivers.*.path_prefix: the JS client works through a node URL with a path; the root paths are gone", async () => {
  const server = await serve({
    INFERWATCH_RECEIVERS_ELASTICSEARCH_PATH_PREFIX: "/es",
    INFERWATCH_RECEIVERS_LOKI_PATH_PREFIX: "/shippers/loki",
  });
  const client = new Client({ node: `${server.url}/es` });
  cleanups.push(() => client.close());
  assert.match((await client.info()).version.number, /^8\./);
  const stats = await client.helpers.bulk({
    datasource: [{ "@timestamp": "2026-11-22T10:00:00Z", message: "through the prefix" }],
    onDocument: () => ({ create: { _index: "prefixed" } }),
  });
  assert.equal(stats.successful, 1);
  assert.equal((await fetch(`${server.url}/_bulk`, { method: "POST", body: "{}\n" })).status, 404);
  // Another receiver, another prefix.
  const push = await fetch(`${server.url}/shippers/loki/loki/api/v1/push`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ streams: [{ stream: { job: "p" }, values: [["1763800000000000000", "via loki prefix"]] }] }),
  });
  assert.equal(push.status, 204, await push.text());
  assert.equal((await fetch(`${server.url}/loki/api/v1/push`, { method: "POST", body: "{}" })).status, 404);
  assert.deepEqual(await sqlRows(server.url, "SELECT source_id, message FROM events ORDER BY source_id"), [
    ["loki", "via loki prefix"],
    ["prefixed", "through the prefix"],
  ]);
  // A prefix that is not a path is a configuration error naming the key.
  const bad = await runCli(["serve", "--data", tempDir(), "--port", "0"], {
    env: { INFERWATCH_RECEIVERS_OTLP_PATH_PREFIX: "otlp/" },
  });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /receivers\.otlp\.path_prefix/);
});

test("under overload the JS client's per-item 429 retries deliver every document exactly once", async () => {
  // A write queue of one row: any request arriving while a batch is being committed is refused.
  const server = await serve({ INFERWATCH_INGEST_QUEUE_MAX_ROWS: "1" });
  const client = new Client({ node: server.url });
  cleanups.push(() => client.close());
  const total = 2_000;
  const docs = Array.from({ length: total }, (_, i) => ({
    "@timestamp": new Date(1_763_800_000_000 + i).toISOString(),
    message: `overload ${i}`,
    request_id: `ov-${i}`,
  }));
  const dropped: unknown[] = [];
  const stats = await client.helpers.bulk({
    datasource: docs,
    onDocument: () => ({ index: { _index: "overload" } }),
    flushBytes: 4_000,
    concurrency: 8,
    retries: 10_000,
    wait: 20,
    onDrop: (d) => dropped.push(d),
  });
  assert.deepEqual(dropped, []);
  assert.equal(stats.successful, total);
  assert.ok(stats.retry > 0, "the server refused some documents with 429 (otherwise this test proves nothing)");
  const overloaded = await metric(
    server.url,
    /inferwatch_receiver_requests_total\{receiver="elasticsearch",outcome="overloaded"\} (\d+)/,
  );
  assert.ok(overloaded > 0);
  assert.deepEqual(
    await sqlRows(server.url, "SELECT count(*), count(DISTINCT request_id) FROM events WHERE source_id = 'overload'"),
    [[total, total]],
  );
});

test("rsyslog omelasticsearch (bulk mode) ships syslog messages that are then queryable", async () => {
  assert.ok(
    existsSync("/usr/sbin/rsyslogd"),
    "Debian packages rsyslog and rsyslog-elasticsearch are installed (.ci/run)",
  );
  const server = await serve();
  const { port: esPort } = new URL(server.url);
  const dir = tempDir("iw-rsyslog-");
  const tcpPort = await freePort();
  const conf = join(dir, "rsyslog.conf");
  writeFileSync(
    conf,
    `global(workDirectory="${dir}")
module(load="imtcp")
module(load="omelasticsearch")
template(name="esdoc" type="list" option.json="on") {
  constant(value="{\\"@timestamp\\":\\"") property(name="timereported" dateFormat="rfc3339")
  constant(value="\\",\\"message\\":\\"") property(name="msg")
  constant(value="\\",\\"host\\":{\\"name\\":\\"") property(name="hostname")
  constant(value="\\"},\\"app\\":\\"") property(name="app-name")
  constant(value="\\"}")
}
ruleset(name="toes") {
  action(type="omelasticsearch" server="127.0.0.1" serverport="${esPort}" searchIndex="rsyslog-test"
         template="esdoc" bulkmode="on" errorfile="${join(dir, "es-errors.json")}"
         queue.type="linkedlist" queue.dequeueBatchSize="50" action.resumeRetryCount="-1")
}
input(type="imtcp" port="${tcpPort}" address="127.0.0.1" ruleset="toes")
`,
  );
  const rsyslog: ChildProcess = spawn("/usr/sbin/rsyslogd", ["-n", "-f", conf, "-i", join(dir, "rsyslogd.pid")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  rsyslog.stdout?.on("data", (d) => (output += d));
  rsyslog.stderr?.on("data", (d) => (output += d));
  const exited = new Promise((r) => rsyslog.on("exit", r));
  cleanups.push(async () => {
    rsyslog.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  // imtcp listens once rsyslog has read its configuration.
  const socket = await waitFor(
    () =>
      new Promise<ReturnType<typeof createConnection> | null>((resolve) => {
        const s = createConnection({ host: "127.0.0.1", port: tcpPort });
        s.once("connect", () => resolve(s));
        s.once("error", () => resolve(null));
      }),
    `rsyslogd listening on ${tcpPort} (${output})`,
  );
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) {
    const msg = i % 2 === 0 ? TS_LINE : `plain syslog message ${i}`;
    lines.push(`<14>1 2026-11-22T10:00:${String(i).padStart(2, "0")}.000Z gpu-node-3 torchserve - - - ${msg}\n`);
  }
  (socket as NonNullable<typeof socket>).end(lines.join(""));
  const rows = await waitFor(async () => {
    const r = await sqlRows(
      server.url,
      "SELECT source_type, count(*), count(DISTINCT host_name) FROM events WHERE source_id = 'rsyslog-test' GROUP BY 1 ORDER BY 1",
    );
    const n = r.reduce((sum, row) => sum + Number(row[1]), 0);
    return n >= 20 ? r : null;
  }, `20 events from rsyslog (rsyslog output: ${output})`);
  assert.deepEqual(rows, [
    ["elasticsearch", 10, 1],
    ["torchserve", 10, 1],
  ]);
  const errorsFile = join(dir, "es-errors.json");
  assert.equal(existsSync(errorsFile) ? readFileSync(errorsFile, "utf8") : "", "");
});
