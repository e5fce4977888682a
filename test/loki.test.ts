// Loki push with the real `winston-loki` client (JSON and protobuf+snappy), auth, malformed bodies and overload.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import winston from "winston";
import LokiTransport from "winston-loki";
import { encodeProtoPush } from "../src/receivers/loki/push-proto.js";
import { waitFor } from "./helpers/process.js";
import { holdWriteQueue, type ReceiverServer, startReceiverServer } from "./helpers/receiver-server.js";

const TORCHSERVE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';

let srv: ReceiverServer;

before(async () => {
  srv = await startReceiverServer({ "receivers.loki.auth": { type: "basic", username: "ship", password: "s3cret" } });
});
after(() => srv.close());

function lokiLogger(json: boolean, host: string, extra: Record<string, unknown> = {}) {
  const transport = new LokiTransport({
    host,
    json,
    basicAuth: "ship:s3cret",
    labels: { job: json ? "winston-json" : "winston-proto", host: "gpu-node-1" },
    batching: true,
    interval: 0.05,
    gracefulShutdown: false,
    // The line is the message alone (without it, winston-loki appends the remaining meta as JSON).
    format: winston.format.printf((i) => String(i.message)),
    ...extra,
  });
  const logger = winston.createLogger({ transports: [transport] });
  return { logger, transport };
}

for (const json of [true, false]) {
  const job = json ? "winston-json" : "winston-proto";
  test(`winston-loki in ${json ? "JSON" : "protobuf+snappy"} mode: entries stored, labels kept, parsers applied`, async () => {
    const { logger, transport } = lokiLogger(json, srv.url);
    logger.info(`plain message from ${job}`);
    logger.warn(TORCHSERVE);
    logger.error(`second line of ${job}\n  at frame (stack.js:1)`);
    await transport.flush();
    await transport.close();
    const rows = await srv.sql(
      `SELECT source_type, host_name, severity, message, json_extract_string(attributes, '$.job'), endpoint, http_status_code
       FROM events WHERE source_id = 'loki' AND json_extract_string(attributes, '$.job') = '${job}' ORDER BY timestamp, message`,
    );
    assert.equal(rows.length, 3);
    const plain = rows.find((r) => r[3] === `plain message from ${job}`);
    assert.ok(plain, "the plain line is stored as its message");
    assert.deepEqual(plain.slice(0, 3), ["loki", "gpu-node-1", "info"]);
    const ts = rows.find((r) => r[0] === "torchserve");
    assert.ok(ts, "the TorchServe line inside the Loki entry is read by the TorchServe parser");
    assert.equal(ts[4], job);
    assert.equal(ts[6], 200);
    const multi = rows.find((r) => String(r[3]).startsWith("second line"));
    assert.ok(multi, "a multi-line entry stays one event");
    assert.equal(multi[3], `second line of ${job}\n  at frame (stack.js:1)`);
    assert.equal(multi[2], "error");
  });
}

test("structured metadata (third value element) lands in attributes", async () => {
  const body = {
    streams: [
      {
        stream: { job: "meta", namespace: "ml" },
        values: [[`${1_763_800_000_000}000000`, "with metadata", { trace_id: "abc", user: "u1" }]],
      },
    ],
  };
  const res = await fetch(`${srv.url}/loki/api/v1/push`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from("ship:s3cret").toString("base64")}`,
    },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 204);
  const rows = await srv.sql(
    "SELECT timestamp, k8s_namespace, json_extract_string(attributes, '$.user') FROM events WHERE message = 'with metadata'",
  );
  assert.deepEqual(rows, [[1_763_800_000_000, "ml", "u1"]]);
});

test("wrong credentials get 401; malformed pushes get 400 with a message naming the problem", async () => {
  const auth = `Basic ${Buffer.from("ship:s3cret").toString("base64")}`;
  const push = (body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${srv.url}/loki/api/v1/push`, { method: "POST", headers, body });
  const denied = await push("{}", { authorization: `Basic ${Buffer.from("ship:nope").toString("base64")}` });
  assert.equal(denied.status, 401);
  assert.match(await denied.text(), /invalid user name or password/);
  const notJson = await push("{nope", { authorization: auth, "content-type": "application/json" });
  assert.equal(notJson.status, 400);
  assert.match(await notJson.text(), /not valid JSON/);
  const badValue = await push(JSON.stringify({ streams: [{ stream: { a: "b" }, values: [[1, "x"]] }] }), {
    authorization: auth,
  });
  assert.equal(badValue.status, 400);
  assert.match(await badValue.text(), /streams\[0\]\.values\[0\]\[0\] must be a string of epoch nanoseconds/);
  const badSnappy = await push(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), {
    authorization: auth,
    "content-type": "application/x-protobuf",
  });
  assert.equal(badSnappy.status, 400);
  const badLabels = await push(encodeProtoPush([{ labels: '{job="x", bad}', entries: [{ ms: 1, line: "l" }] }]), {
    authorization: auth,
    "content-type": "application/x-protobuf",
  });
  assert.equal(badLabels.status, 400);
  assert.match(await badLabels.text(), /after label "job"|invalid label name|expected =/);
});

test("an oversized line is rejected with Loki's 400 and dead-lettered with its original text", async () => {
  const small = await startReceiverServer({ "limits.max_line_bytes": 100 });
  try {
    const long = "x".repeat(150);
    const res = await fetch(`${small.url}/loki/api/v1/push`, {
      method: "POST",
      body: encodeProtoPush([
        {
          labels: '{job="big"}',
          entries: [
            { ms: 1, line: "fine" },
            { ms: 2, line: long },
          ],
        },
      ]),
      headers: { "content-type": "application/x-protobuf" },
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /1 of 2 entries rejected.*line_too_long/);
    assert.deepEqual(await small.sql("SELECT message FROM events WHERE source_id = 'loki'"), [["fine"]]);
    assert.deepEqual(await small.sql("SELECT reason_code, raw FROM dead_letters"), [
      ["line_too_long", long.slice(0, 100)],
    ]);
  } finally {
    await small.close();
  }
});

test("overload: 429 + Retry-After, and winston-loki's re-queue delivers every entry exactly once", async () => {
  const busy = await startReceiverServer({ "ingest.queue_max_rows": 1 });
  try {
    const hold = await holdWriteQueue(busy);
    // What a refused push looks like on the wire.
    const refused = await fetch(`${busy.url}/loki/api/v1/push`, { method: "POST", body: '{"streams":[]}' });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.match(await refused.text(), /queue is full/);
    const { logger, transport } = lokiLogger(false, busy.url);
    const n = 300;
    for (let i = 0; i < n / 2; i++) logger.info(`overload entry ${i}`);
    // The client's push is refused; it keeps the batch and sends it again with what is logged meanwhile.
    await waitFor(
      async () =>
        (await busy.metric("inferwatch_receiver_requests_total", { receiver: "loki", outcome: "overloaded" })) > 1,
      "winston-loki's push refused with 429",
    );
    for (let i = n / 2; i < n; i++) logger.info(`overload entry ${i}`);
    await hold.release();
    await transport.close();
    const rows = await busy.sql(
      "SELECT count(*), count(DISTINCT message) FROM events WHERE source_id = 'loki' AND message LIKE 'overload entry %'",
    );
    assert.deepEqual(rows, [[n, n]]);
  } finally {
    await busy.close();
  }
});

test("a gzip-encoded JSON push is accepted", async () => {
  const body = { streams: [{ stream: { job: "gz" }, values: [[`${1_763_800_000_000}000000`, "gzipped entry"]] }] };
  const res = await fetch(`${srv.url}/loki/api/v1/push`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "content-encoding": "gzip",
      authorization: `Basic ${Buffer.from("ship:s3cret").toString("base64")}`,
    },
    body: gzipSync(JSON.stringify(body)),
  });
  assert.equal(res.status, 204);
  assert.deepEqual(await srv.sql("SELECT count(*) FROM events WHERE message = 'gzipped entry'"), [[1]]);
});
