// The ES, HEC and Alertmanager receivers in-process: authentication, the Alertmanager webhook, and each protocol's
// own backpressure signal while the write queue is full (a sink that never finishes holds it full).
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { buildServer, type ServerHandle } from "../src/api/server.js";
import { loadConfig } from "../src/config/load.js";
import { openRuntime, type Runtime } from "../src/services/runtime.js";
import { tempDir } from "./helpers/process.js";
import { stalledServer } from "./helpers/stalled-server.js";

let dir: string;
let rt: Runtime;
let server: ServerHandle;
const basic = `Basic ${Buffer.from("shipper:s3cret-pass").toString("base64")}`;

before(async () => {
  dir = tempDir();
  const config = loadConfig({ overrides: { data_dir: dir, "log.level": "silent" } });
  const auth = { type: "basic" as const, username: "shipper", password: "s3cret-pass" };
  rt = await openRuntime({
    ...config,
    receivers: {
      ...config.receivers,
      elasticsearch: { enabled: true, path_prefix: "", auth },
      alertmanager: { enabled: true, path_prefix: "", auth: { type: "bearer", token: "a-long-alertmanager-token" } },
    },
  });
  server = buildServer(rt, { logger: false });
});

after(async () => {
  await server.shutdown();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

const webhook = JSON.stringify({
  version: "4",
  status: "firing",
  receiver: "iw",
  groupKey: "{}",
  groupLabels: {},
  commonLabels: {},
  alerts: [
    {
      status: "firing",
      labels: { alertname: "HighLatency", model_name: "bert", severity: "critical" },
      annotations: { summary: "p99 latency above 2 s" },
      startsAt: "2026-11-22T10:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
      fingerprint: "abc",
    },
  ],
});

test("Elasticsearch with basic auth: no or wrong credentials get 401 security_exception with a challenge", async () => {
  const none = await server.app.inject({ url: "/" });
  assert.equal(none.statusCode, 401);
  assert.match(String(none.headers["www-authenticate"]), /^Basic/);
  assert.equal((none.json() as { error: { type: string } }).error.type, "security_exception");
  const wrong = `Basic ${Buffer.from("shipper:nope").toString("base64")}`;
  assert.equal(
    (await server.app.inject({ url: "/_bulk", method: "POST", headers: { authorization: wrong }, payload: "{}" }))
      .statusCode,
    401,
  );
  const ok = await server.app.inject({ url: "/", headers: { authorization: basic } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers["x-elastic-product"], "Elasticsearch");
  // A browser still gets the page without credentials.
  assert.equal((await server.app.inject({ url: "/", headers: { accept: "text/html" } })).statusCode, 200);
});

test("Alertmanager webhook: bearer auth, a v4 payload stored as alert events, a bad payload named", async () => {
  const url = "/api/v1/alertmanager";
  const unauth = await server.app.inject({ method: "POST", url, payload: webhook });
  assert.equal(unauth.statusCode, 401);
  assert.equal((unauth.json() as { error: { code: string } }).error.code, "unauthorized");
  const headers = { authorization: "Bearer a-long-alertmanager-token" };
  const res = await server.app.inject({ method: "POST", url, headers, payload: webhook });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal((res.json() as { accepted: number }).accepted, 1);
  const bad = await server.app.inject({ method: "POST", url, headers, payload: '{"version":"3","alerts":[]}' });
  assert.equal(bad.statusCode, 400);
  assert.match((bad.json() as { error: { message: string } }).error.message, /version "3"/);
  const q = await server.app.inject({
    method: "POST",
    url: "/api/v1/query",
    payload: JSON.stringify({
      sql: "SELECT event_kind, severity, model_name, message FROM events WHERE source_id = 'alertmanager'",
    }),
  });
  assert.deepEqual((q.json() as { rows: unknown[][] }).rows, [["alert", "fatal", "bert", "p99 latency above 2 s"]]);
});

test("with the write queue full each protocol answers its own backpressure signal and stores nothing", async () => {
  const { busy, release } = stalledServer(rt);
  try {
    const bulk = await busy.app.inject({
      method: "POST",
      url: "/busy/_bulk",
      headers: { authorization: basic },
      payload: '{"index":{}}\n{"message":"a","@timestamp":"2026-11-22T10:00:00Z"}\n{"create":{}}\n{"message":"b"}\n',
    });
    assert.equal(bulk.statusCode, 200);
    const reply = bulk.json() as {
      errors: boolean;
      items: Record<string, { status: number; error: { type: string } }>[];
    };
    assert.equal(reply.errors, true);
    assert.deepEqual(
      reply.items.map((i) => Object.values(i)[0]?.status),
      [429, 429],
    );
    assert.equal(Object.values(reply.items[0] ?? {})[0]?.error.type, "es_rejected_execution_exception");
    const health = await busy.app.inject({ url: "/_cluster/health", headers: { authorization: basic } });
    assert.equal((health.json() as { status: string }).status, "yellow");

    const hec = await busy.app.inject({
      method: "POST",
      url: "/services/collector/event",
      headers: { authorization: "Splunk any-token" },
      payload: '{"event":"x"}',
    });
    assert.equal(hec.statusCode, 503);
    assert.equal(hec.headers["retry-after"], "1");
    assert.deepEqual(hec.json(), { text: "Server is busy", code: 9 });
    const hecHealth = await busy.app.inject({ url: "/services/collector/health" });
    assert.equal(hecHealth.statusCode, 503);
    assert.equal((hecHealth.json() as { code: number }).code, 18);

    const am = await busy.app.inject({
      method: "POST",
      url: "/api/v1/alertmanager",
      headers: { authorization: "Bearer a-long-alertmanager-token" },
      payload: webhook,
    });
    // Alertmanager retries 5xx, not 429.
    assert.equal(am.statusCode, 503);
    assert.equal(am.headers["retry-after"], "1");
    assert.equal((am.json() as { error: { code: string } }).error.code, "overloaded");
  } finally {
    await release();
    await busy.shutdown();
  }
  const q = await server.app.inject({
    method: "POST",
    url: "/api/v1/query",
    payload: JSON.stringify({ sql: "SELECT count(*) FROM events WHERE source_id IN ('busy', 'splunk')" }),
  });
  assert.deepEqual((q.json() as { rows: unknown[][] }).rows, [[0]]);
});
