// Debian's Prometheus stack against `inferwatch serve`: prometheus-alertmanager delivers its webhook (firing and
// resolved alerts become `alert` events, and its retries deliver through overload), and prometheus scrapes /metrics
// (target up, InferWatch series present).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { freePort, type ServerProcess, sqlRows, startServer, tempDir, waitFor } from "./helpers/process.js";
import { holdWriteQueue, startReceiverServer } from "./helpers/receiver-server.js";

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function serve(): Promise<ServerProcess> {
  const dir = tempDir("iw-prom-");
  const server = await startServer(dir, { env: { INFERWATCH_LOG_LEVEL: "warn" } });
  cleanups.push(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

/** Starts a Debian binary in the foreground with a temp dir; killed (and the dir removed) at the end. */
function run(bin: string, args: string[], dir: string): { child: ChildProcess; output: () => string } {
  assert.ok(existsSync(bin), `${bin} is installed (Debian package; see .ci/run)`);
  const child = spawn(bin, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise((r) => child.on("exit", r));
  cleanups.push(async () => {
    child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  return { child, output: () => output };
}

/** Starts Debian's Alertmanager routing every alert to `webhookUrl`; returns its v2 API base and its output. */
async function startAlertmanager(webhookUrl: string): Promise<{ api: string; output: () => string }> {
  const dir = tempDir("iw-am-");
  const port = await freePort();
  const config = join(dir, "alertmanager.yml");
  writeFileSync(
    config,
    `route:
  receiver: inferwatch
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: inferwatch
    webhook_configs:
      - url: ${webhookUrl}
        send_resolved: true
`,
  );
  const am = run(
    "/usr/bin/prometheus-alertmanager",
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ],
    dir,
  );
  const api = `http://127.0.0.1:${port}/api/v2`;
  await waitFor(async () => (await fetch(`${api}/status`)).ok, `alertmanager up (${am.output()})`);
  return { api, output: am.output };
}

async function pushAlerts(api: string, body: unknown): Promise<void> {
  const res = await fetch(`${api}/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

test("prometheus-alertmanager delivers firing and resolved alerts to the webhook as alert events", async () => {
  const server = await serve();
  const am = await startAlertmanager(`${server.url}/api/v1/alertmanager`);
  const api = am.api;
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const alert = {
    labels: {
      alertname: "GPUMemoryHigh",
      severity: "critical",
      instance: "gpu-node-1:9400",
      model_name: "resnet-18",
      namespace: "serving",
    },
    annotations: { summary: "GPU memory above 95% on gpu-node-1" },
    startsAt,
    generatorURL: "http://prometheus.example/graph",
  };
  const push = (body: unknown) => pushAlerts(api, body);
  await push([alert]);
  const firing = await waitFor(async () => {
    const r = await sqlRows(
      server.url,
      `SELECT event_kind, event_action, severity, message, host_name, model_name, k8s_namespace, source_type,
         json_extract_string(attributes, '$.alert.fingerprint') IS NOT NULL
       FROM events WHERE source_id = 'alertmanager' AND event_action = 'alert_firing'`,
    );
    return r.length > 0 ? r : null;
  }, `a firing alert event (alertmanager output: ${am.output()})`);
  assert.deepEqual(firing?.[0], [
    "alert",
    "alert_firing",
    "fatal",
    "GPU memory above 95% on gpu-node-1",
    "gpu-node-1:9400",
    "resnet-18",
    "serving",
    "alertmanager",
    true,
  ]);
  // Ending the alert makes Alertmanager send the resolution at the next group interval.
  const endsAt = new Date().toISOString();
  await push([{ ...alert, endsAt }]);
  const resolved = await waitFor(async () => {
    const r = await sqlRows(
      server.url,
      "SELECT timestamp FROM events WHERE source_id = 'alertmanager' AND event_action = 'alert_resolved'",
    );
    return r.length > 0 ? r : null;
  }, `a resolved alert event (alertmanager output: ${am.output()})`);
  // A resolution is stamped with the alert's end.
  assert.equal(Number(resolved?.[0]?.[0]), Date.parse(endsAt));
});

test("under overload the webhook answers 503 + Retry-After and Alertmanager's own retry delivers the alert once", async () => {
  const srv = await startReceiverServer({ "ingest.queue_max_rows": 1 });
  cleanups.push(() => srv.close());
  const hold = await holdWriteQueue(srv);
  const am = await startAlertmanager(`${srv.url}/api/v1/alertmanager`);
  await pushAlerts(am.api, [
    {
      labels: { alertname: "PodOOMKilled", severity: "warning", pod: "resnet-7f9c", namespace: "serving" },
      annotations: { summary: "resnet pod OOM-killed" },
      startsAt: new Date(Date.now() - 30_000).toISOString(),
    },
  ]);
  // Refused at least once while the queue is full...
  await waitFor(
    async () =>
      (await srv.metric("inferwatch_receiver_requests_total", { receiver: "alertmanager", outcome: "overloaded" })) >=
      1,
    `a 503 to Alertmanager (alertmanager output: ${am.output()})`,
  );
  await hold.release();
  // ...then delivered by Alertmanager's retry, exactly once.
  const count = async () =>
    Number((await srv.sql("SELECT count(*) FROM events WHERE source_id = 'alertmanager'"))[0]?.[0]);
  await waitFor(async () => (await count()) === 1, `the alert stored after the retry (${am.output()})`);
  assert.ok((await srv.metric("inferwatch_receiver_requests_total", { receiver: "alertmanager", outcome: "ok" })) >= 1);
  // A later flush must not store it again: the notification succeeded, and repeat_interval is an hour.
  await new Promise((r) => setTimeout(r, 3_000));
  assert.equal(await count(), 1);
});

test("prometheus scrapes /metrics: the target is up and InferWatch's series are queryable", async () => {
  const server = await serve();
  const target = new URL(server.url);
  const dir = tempDir("iw-prometheus-");
  const port = await freePort();
  const config = join(dir, "prometheus.yml");
  writeFileSync(
    config,
    `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: inferwatch
    static_configs:
      - targets: ["${target.host}"]
`,
  );
  const prom = run(
    "/usr/bin/prometheus",
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
    dir,
  );
  const api = `http://127.0.0.1:${port}/api/v1`;
  const up = await waitFor(async () => {
    const body = (await (await fetch(`${api}/targets`)).json()) as {
      data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] };
    };
    const t = body.data.activeTargets[0];
    return t?.health === "up" ? t : null;
  }, `the InferWatch target up (prometheus output: ${prom.output()})`);
  assert.equal(up?.lastError, "");
  assert.equal(up?.scrapeUrl, `${server.url}/metrics`);
  const series = await waitFor(async () => {
    const q = encodeURIComponent('inferwatch_write_queue_capacity_rows{job="inferwatch"}');
    const body = (await (await fetch(`${api}/query?query=${q}`)).json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result.length > 0 ? body.data.result : null;
  }, "the queue-capacity series in Prometheus");
  assert.ok(Number(series?.[0]?.value[1]) > 0);
  const upQuery = (await (await fetch(`${api}/query?query=up%7Bjob%3D%22inferwatch%22%7D`)).json()) as {
    data: { result: { value: [number, string] }[] };
  };
  assert.equal(upQuery.data.result[0]?.value[1], "1");
});
