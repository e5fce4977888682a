// The Elasticsearch-compatible surface in-process (Fastify inject) over a real DuckDB store: the version document,
// the product header, bulk bodies in every content type shippers send, per-action statuses, errors, setup calls.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { buildServer, type ServerHandle } from "../src/api/server.js";
import { loadConfig } from "../src/config/load.js";
import { openRuntime, type Runtime } from "../src/services/runtime.js";
import { tempDir } from "./helpers/process.js";

let dir: string;
let rt: Runtime;
let server: ServerHandle;

before(async () => {
  dir = tempDir();
  const config = loadConfig({
    overrides: { data_dir: dir, "limits.max_body_bytes": 200_000, "log.level": "silent" },
  });
  rt = await openRuntime(config);
  server = buildServer(rt, { logger: false });
});

after(async () => {
  await server.shutdown();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const TS_LINE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';

async function rows(sql: string): Promise<unknown[][]> {
  const res = await server.app.inject({ method: "POST", url: "/api/v1/query", payload: JSON.stringify({ sql }) });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { rows: unknown[][] }).rows;
}

/** NDJSON of the values; a string is taken as a raw line (for documents that are not JSON). */
function ndjson(...values: unknown[]): string {
  return `${values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n")}\n`;
}

test("GET / and HEAD / answer the version document with the product header; a browser gets HTML", async () => {
  const res = await server.app.inject({ url: "/" });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["x-elastic-product"], "Elasticsearch");
  const doc = res.json() as { version: { number: string; build_flavor: string }; tagline: string };
  assert.match(doc.version.number, /^8\./);
  assert.equal(doc.version.build_flavor, "default");
  assert.equal(doc.tagline, "You Know, for Search");
  const head = await server.app.inject({ method: "HEAD", url: "/" });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers["x-elastic-product"], "Elasticsearch");
  const html = await server.app.inject({ url: "/", headers: { accept: "text/html,application/xhtml+xml" } });
  assert.match(String(html.headers["content-type"]), /text\/html/);
  assert.match(html.body, /InferWatch/);
});

test("_bulk in each shipper content type, gzip, _type and filter_path ignored: one 201 item per action", async () => {
  const contentTypes = [
    "application/x-ndjson",
    "application/json; charset=utf-8",
    "application/vnd.elasticsearch+x-ndjson; compatible-with=9",
  ];
  for (const [n, contentType] of contentTypes.entries()) {
    const body = ndjson(
      { index: { _index: "ct-test", _type: "_doc" } },
      { "@timestamp": "2026-11-22T10:00:00Z", message: `plain ${n}`, host: { name: "node-a" } },
      { create: {} },
      { "@timestamp": "2026-11-22T10:00:01Z", message: `second ${n}`, request_id: `ct-${n}` },
    );
    const gz = n === 2;
    const res = await server.app.inject({
      method: "POST",
      url: "/ct-test/_bulk?filter_path=items.*.error&refresh=false",
      headers: { "content-type": contentType, ...(gz ? { "content-encoding": "gzip" } : {}) },
      payload: gz ? gzipSync(body) : body,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers["x-elastic-product"], "Elasticsearch");
    const reply = res.json() as {
      errors: boolean;
      took: number;
      items: Record<string, { status: number; _id: string }>[];
    };
    assert.equal(reply.errors, false);
    assert.equal(typeof reply.took, "number");
    assert.deepEqual(
      reply.items.map((i) => [Object.keys(i)[0], Object.values(i)[0]?.status]),
      [
        ["index", 201],
        ["create", 201],
      ],
    );
    // The compact reply is one JSON line.
    assert.equal(res.body.includes("\n"), false);
  }
  const stored = await rows(
    "SELECT count(*), count(DISTINCT source_id), min(source_id), count(host_name) FROM events WHERE source_id = 'ct-test'",
  );
  assert.deepEqual(stored, [[6, 1, "ct-test", 3]]);
});

test("a Filebeat-style document whose message is a TorchServe line is parsed as TorchServe, envelope kept", async () => {
  const body = ndjson(
    { create: { _index: "filebeat-8.15.0" } },
    {
      "@timestamp": "2026-11-22T11:00:00.000Z",
      message: TS_LINE,
      host: { name: "gpu-node-7" },
      log: { file: { path: "/var/log/torchserve/access_log.log" }, offset: 1234 },
      agent: { type: "filebeat", version: "8.15.0" },
      event: { dataset: "torchserve.access" },
    },
  );
  const res = await server.app.inject({ method: "POST", url: "/_bulk", payload: body });
  assert.equal(res.statusCode, 200);
  const item = (res.json() as { items: { create: { status: number; _id: string } }[] }).items[0]?.create;
  assert.equal(item?.status, 201);
  const [row] = await rows(
    `SELECT source_id, source_type, host_name, http_status_code, endpoint, timestamp, event_id,
       json_extract_string(attributes, '$."log.file.path"'), json_extract_string(attributes, '$."event.dataset"')
     FROM events WHERE source_id = 'filebeat-8.15.0'`,
  );
  assert.ok(row, "event stored");
  const [source, type, host, status, endpoint, ts, id, path, dataset] = row;
  assert.equal(source, "filebeat-8.15.0");
  assert.equal(type, "torchserve");
  assert.equal(host, "gpu-node-7");
  assert.equal(Number(status), 200);
  assert.match(String(endpoint), /predictions\/resnet-18/);
  // The line's own time (2018), not the shipper's @timestamp.
  assert.equal(new Date(Number(ts)).getUTCFullYear(), 2018);
  assert.equal(id, item?._id);
  assert.equal(path, "/var/log/torchserve/access_log.log");
  assert.equal(dataset, "torchserve.access");
});

test("per-action errors: update, delete, missing index, bad index name, non-object document, rejected event", async () => {
  const body = ndjson(
    { update: { _index: "errs", _id: "1" } },
    { doc: { a: 1 } },
    { delete: { _index: "errs", _id: "2" } },
    { index: {} },
    { "@timestamp": "2026-11-22T10:00:00Z", message: "no index" },
    { index: { _index: "-bad name" } },
    { "@timestamp": "2026-11-22T10:00:00Z", message: "bad index" },
    { index: { _index: "errs" } },
    [1, 2],
    { create: { _index: "errs" } },
    '{"broken": ',
    { index: { _index: "errs" } },
    { "@timestamp": "not a time", message: "bad time" },
    { index: { _index: "errs", _id: "keep-me" } },
    { "@timestamp": "2026-11-22T10:00:00Z", message: "good" },
  );
  const res = await server.app.inject({ method: "POST", url: "/_bulk", payload: body });
  assert.equal(res.statusCode, 200);
  const reply = res.json() as {
    errors: boolean;
    items: Record<string, { status: number; _id: string | null; error?: { type: string } }>[];
  };
  assert.equal(reply.errors, true);
  const summary = reply.items.map((i) => {
    const [op, v] = Object.entries(i)[0] as [string, { status: number; _id: string | null; error?: { type: string } }];
    return [op, v.status, v.error?.type ?? null];
  });
  assert.deepEqual(summary, [
    ["update", 400, "illegal_argument_exception"],
    ["delete", 400, "illegal_argument_exception"],
    ["index", 400, "action_request_validation_exception"],
    ["index", 400, "invalid_index_name_exception"],
    ["index", 400, "document_parsing_exception"],
    ["create", 400, "document_parsing_exception"],
    ["index", 400, "document_parsing_exception"],
    ["index", 201, null],
  ]);
  assert.equal(Object.values(reply.items[7] ?? {})[0]?._id, "keep-me");
  // Documents that are not JSON objects are dead-lettered with their text too.
  assert.deepEqual(
    await rows(
      "SELECT reason_code, raw FROM dead_letters WHERE source_id = 'errs' AND reason_code <> 'invalid_timestamp' ORDER BY 1",
    ),
    [
      ["invalid_json", '{"broken": '],
      ["not_an_object", "[1,2]"],
    ],
  );
  // The event the pipeline rejected is dead-lettered with its text; the good one is stored under its _id.
  assert.deepEqual(await rows("SELECT count(*) FROM dead_letters WHERE source_id = 'errs' AND raw LIKE '%bad time%'"), [
    [1],
  ]);
  assert.deepEqual(await rows("SELECT message FROM events WHERE event_id = 'keep-me'"), [["good"]]);
});

test("a malformed action line fails the body with Elasticsearch's 400; an oversized body gets a 413 with a body", async () => {
  const bad = await server.app.inject({
    method: "POST",
    url: "/_bulk",
    payload: '{"index":{}}\n{}\n{"frobnicate":{}}\n{}\n',
  });
  assert.equal(bad.statusCode, 400);
  const err = bad.json() as { status: number; error: { type: string; reason: string } };
  assert.equal(err.status, 400);
  assert.equal(err.error.type, "illegal_argument_exception");
  assert.match(err.error.reason, /line \[3\]/);
  const big = ndjson({ index: { _index: "big" } }, { message: "x".repeat(250_000) });
  const tooLarge = await server.app.inject({ method: "POST", url: "/_bulk", payload: big });
  assert.equal(tooLarge.statusCode, 413);
  assert.equal((tooLarge.json() as { error: { type: string } }).error.type, "content_too_long_exception");
  const gzBig = await server.app.inject({
    method: "POST",
    url: "/_bulk",
    headers: { "content-encoding": "gzip" },
    payload: gzipSync(big),
  });
  assert.equal(gzBig.statusCode, 413);
  const empty = await server.app.inject({ method: "POST", url: "/_bulk", payload: "" });
  assert.equal(empty.statusCode, 400);
  assert.ok(empty.body.length > 0);
});

test("the setup calls Filebeat, Logstash, Vector and rsyslog make get answers that let them proceed", async () => {
  const calls: [string, string, number][] = [
    ["GET", "/_license?human=false", 200],
    ["GET", "/_xpack?filter_path=features.ml", 200],
    ["GET", "/_cluster/health", 200],
    ["GET", "/_cat/health", 200],
    ["GET", "/_ilm/policy/filebeat", 200],
    ["PUT", "/_ilm/policy/filebeat", 200],
    ["GET", "/_index_template/filebeat-8.15.0", 200],
    ["HEAD", "/_index_template/ecs-logstash", 200],
    ["PUT", "/_index_template/filebeat-8.15.0", 200],
    ["GET", "/_data_stream/logs-generic-default", 200],
    ["PUT", "/_data_stream/logs-generic-default", 200],
    ["GET", "/_template/logstash", 200],
    ["GET", "/_alias/logstash", 200],
    ["PUT", "/_ingest/pipeline/filebeat-8.15.0-nginx", 200],
  ];
  for (const [method, url, status] of calls) {
    const res = await server.app.inject({
      method: method as "GET",
      url,
      ...(method === "PUT" ? { payload: "{}", headers: { "content-type": "application/json" } } : {}),
    });
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
    assert.equal(res.headers["x-elastic-product"], "Elasticsearch", `${method} ${url}`);
  }
  const health = await server.app.inject({ url: "/_cluster/health" });
  assert.equal((health.json() as { status: string }).status, "green");
  const lic = await server.app.inject({ url: "/_license" });
  assert.equal((lic.json() as { license: { status: string } }).license.status, "active");
  const ds = await server.app.inject({ url: "/_data_stream/logs-x-default" });
  assert.equal((ds.json() as { data_streams: { name: string }[] }).data_streams[0]?.name, "logs-x-default");
});

test("the receiver's counters appear in /metrics", async () => {
  const res = await server.app.inject({ url: "/metrics" });
  assert.match(res.body, /inferwatch_receiver_requests_total\{receiver="elasticsearch",outcome="ok"\} \d+/);
  assert.match(res.body, /inferwatch_receiver_events_total\{receiver="elasticsearch"\} \d+/);
});
