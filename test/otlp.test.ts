// OTLP/HTTP with the real OpenTelemetry JS SDK exporters (logs JSON + protobuf, traces, metrics), partial success,
// errors in the request's encoding, and overload (429 + Retry-After, the exporter's retry delivers everything).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { OTLPLogExporter as HttpLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { encodeExport } from "../src/receivers/otlp/export.js";
import { otlpRoot } from "../src/receivers/otlp/schema.js";
import { waitFor } from "./helpers/process.js";
import { holdWriteQueue, type ReceiverServer, startReceiverServer } from "./helpers/receiver-server.js";

const TORCHSERVE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';
const TOKEN = "otlp-test-token-0123456789";

let srv: ReceiverServer;

before(async () => {
  srv = await startReceiverServer({ "receivers.otlp.auth": { type: "bearer", token: TOKEN } });
});
after(() => srv.close());

const headers = { Authorization: `Bearer ${TOKEN}` };

function logProvider(exporter: HttpLogExporter | ProtoLogExporter, service: string): LoggerProvider {
  return new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": service, "host.name": "gpu-7" }),
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 20 })],
  });
}

for (const kind of ["http-json", "proto"] as const) {
  test(`exporter-logs-otlp-${kind === "proto" ? "proto" : "http"}: GenAI attributes land in the normalized fields`, async () => {
    const service = `chat-api-${kind}`;
    const url = `${srv.url}/v1/logs`;
    const exporter = kind === "proto" ? new ProtoLogExporter({ url, headers }) : new HttpLogExporter({ url, headers });
    const provider = logProvider(exporter, service);
    const logger = provider.getLogger("genai-instrumentation", "1.2.3");
    logger.emit({
      eventName: "gen_ai.client.inference.operation.details",
      severityNumber: SeverityNumber.INFO,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 12,
        "gen_ai.usage.output_tokens": 34,
        "gen_ai.response.finish_reasons": ["stop"],
      },
    });
    logger.emit({ severityNumber: SeverityNumber.WARN, body: TORCHSERVE });
    logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: "ERROR", body: `plain text from ${kind}` });
    await provider.forceFlush();
    await provider.shutdown();
    const where = `source_id = 'otlp' AND json_extract_string(attributes, '$."service.name"') = '${service}'`;
    const llm = await srv.sql(
      `SELECT event_kind, llm_provider, model_name, tokens_in, tokens_out, finish_reason, host_name, source_type FROM events WHERE ${where} AND event_kind = 'llm'`,
    );
    assert.deepEqual(llm, [["llm", "openai", "gpt-4o", 12, 34, "stop", "gpu-7", "otlp"]]);
    const ts = await srv.sql(
      `SELECT endpoint, http_status_code, host_name FROM events WHERE ${where} AND source_type = 'torchserve'`,
    );
    assert.equal(ts.length, 1, "the TorchServe line in the log body is read by the TorchServe parser");
    assert.equal(ts[0]?.[1], 200);
    assert.equal(ts[0]?.[2], "gpu-7", "the resource's host.name fills what the line does not say");
    const plain = await srv.sql(
      `SELECT severity, source_type FROM events WHERE ${where} AND message = 'plain text from ${kind}'`,
    );
    assert.deepEqual(plain, [["error", "otlp"]]);
  });
}

test("exporter-trace-otlp-proto: a GenAI span becomes an llm event", async () => {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "trace-svc" }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${srv.url}/v1/traces`, headers }))],
  });
  const tracer = provider.getTracer("genai");
  const span = tracer.startSpan("chat claude-x", {
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-x",
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 7,
    },
  });
  const traceId = span.spanContext().traceId;
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  const rows = await srv.sql(
    `SELECT event_kind, llm_provider, model_name, tokens_in, tokens_out, trace_id FROM events WHERE source_id = 'otlp' AND model_name = 'claude-x'`,
  );
  assert.deepEqual(rows, [["llm", "anthropic", "claude-x", 100, 7, traceId]]);
});

test("exporter-metrics-otlp-proto: model-server metrics become metric events", async () => {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "vllm-metrics" }),
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${srv.url}/v1/metrics`, headers }),
        exportIntervalMillis: 60_000,
      }),
    ],
  });
  const meter = provider.getMeter("vllm");
  meter.createCounter("vllm.request.success").add(5, { model_name: "llama-3" });
  meter.createHistogram("vllm.e2e_request_latency", { unit: "s" }).record(0.25, { model_name: "llama-3" });
  // Shutdown collects and exports once (a forceFlush before it would export the cumulative points again).
  await provider.shutdown();
  const rows = await srv.sql(
    `SELECT event_kind, model_name, json_extract_string(attributes, '$.metric_name'), json_extract_string(attributes, '$.metric_type'), json_extract(attributes, '$.metric_value')::DOUBLE
     FROM events WHERE source_id = 'otlp' AND json_extract_string(attributes, '$."service.name"') = 'vllm-metrics' ORDER BY 3`,
  );
  assert.deepEqual(rows, [
    ["metric", "llama-3", "vllm.e2e_request_latency", "histogram", 0.25],
    ["metric", "llama-3", "vllm.request.success", "sum", 5],
  ]);
});

test("rejected records come back as partialSuccess, in JSON and in protobuf", async () => {
  const logs = (records: unknown[]) => ({
    resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: "t" }, logRecords: records }] }],
  });
  const good = { timeUnixNano: "1763800000000000000", body: { stringValue: "ok record" } };
  const bad = { body: { stringValue: "record without any time" } };
  const json = await fetch(`${srv.url}/v1/logs`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(logs([good, bad])),
  });
  assert.equal(json.status, 200);
  assert.match(json.headers.get("content-type") ?? "", /^application\/json/);
  const body = (await json.json()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } };
  assert.equal(body.partialSuccess.rejectedLogRecords, "1");
  assert.match(body.partialSuccess.errorMessage, /invalid_timestamp/);

  const proto = await fetch(`${srv.url}/v1/logs`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-protobuf" },
    body: encodeExport("logs", logs([good, bad])),
  });
  assert.equal(proto.status, 200);
  assert.equal(proto.headers.get("content-type"), "application/x-protobuf");
  const type = otlpRoot.lookupType("otlp.ExportLogsServiceResponse");
  const decoded = type.toObject(type.decode(Buffer.from(await proto.arrayBuffer())), { longs: Number }) as {
    partialSuccess: { rejectedLogRecords: number };
  };
  assert.equal(decoded.partialSuccess.rejectedLogRecords, 1);
  const dead = await srv.sql("SELECT count(*) FROM dead_letters WHERE reason_code = 'invalid_timestamp'");
  assert.deepEqual(dead, [[2]], "each rejected record is dead-lettered");
});

test("errors: 401 without the token, 415 for other content types, 400 Status for a broken body", async () => {
  const post = (body: string | Buffer, h: Record<string, string>) =>
    fetch(`${srv.url}/v1/traces`, { method: "POST", headers: h, body });
  const denied = await post("{}", { "content-type": "application/json" });
  assert.equal(denied.status, 401);
  assert.equal(((await denied.json()) as { code: number }).code, 16);
  const text = await post("hello", { ...headers, "content-type": "text/plain" });
  assert.equal(text.status, 415);
  const broken = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff]), {
    ...headers,
    "content-type": "application/x-protobuf",
  });
  assert.equal(broken.status, 400);
  const status = otlpRoot.lookupType("otlp.RpcStatus");
  const decoded = status.toObject(status.decode(Buffer.from(await broken.arrayBuffer()))) as { message: string };
  assert.match(decoded.message, /not an OTLP ExportTraceServiceRequest/);
  const badJson = await post("{", { ...headers, "content-type": "application/json" });
  assert.equal(badJson.status, 400);
  assert.match(((await badJson.json()) as { message: string }).message, /not valid JSON/);
});

test("overload: 429 + Retry-After, and the proto exporter's retry delivers every record exactly once", async () => {
  const busy = await startReceiverServer({ "ingest.queue_max_rows": 1 });
  try {
    const hold = await holdWriteQueue(busy);
    const refused = await fetch(`${busy.url}/v1/logs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.equal(((await refused.json()) as { code: number }).code, 8, "RESOURCE_EXHAUSTED");
    const provider = logProvider(new ProtoLogExporter({ url: `${busy.url}/v1/logs`, timeoutMillis: 30_000 }), "busy");
    const logger = provider.getLogger("load");
    const n = 200;
    for (let i = 0; i < n; i++) logger.emit({ body: `overload record ${i}` });
    const flushed = provider.forceFlush();
    await waitFor(
      async () =>
        (await busy.metric("inferwatch_receiver_requests_total", { receiver: "otlp", outcome: "overloaded" })) > 1,
      "the exporter's request refused with 429",
    );
    await hold.release();
    await flushed;
    await provider.shutdown();
    const rows = await busy.sql(
      "SELECT count(*), count(DISTINCT message) FROM events WHERE source_id = 'otlp' AND message LIKE 'overload record %'",
    );
    assert.deepEqual(rows, [[n, n]]);
  } finally {
    await busy.close();
  }
});

test("gzip bodies (the Collector's default) are accepted; an oversized one gets 413 with a Status", async () => {
  const doc = {
    resourceLogs: [
      {
        scopeLogs: [{ logRecords: [{ timeUnixNano: "1763800000000000000", body: { stringValue: "gzipped record" } }] }],
      },
    ],
  };
  const res = await fetch(`${srv.url}/v1/logs`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-protobuf", "content-encoding": "gzip" },
    body: gzipSync(encodeExport("logs", doc)),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await srv.sql("SELECT count(*) FROM events WHERE message = 'gzipped record'"), [[1]]);
  const small = await startReceiverServer({ "limits.max_body_bytes": 1000 });
  try {
    const big = await fetch(`${small.url}/v1/logs`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync(JSON.stringify({ resourceLogs: [], pad: "x".repeat(5000) })),
    });
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as { message: string }).message, /larger than 1000 bytes/);
  } finally {
    await small.close();
  }
});

test("receivers can be turned off: the routes are then absent", async () => {
  const off = await startReceiverServer({ "receivers.otlp.enabled": false, "receivers.loki.enabled": false });
  try {
    for (const path of ["/v1/logs", "/v1/traces", "/v1/metrics", "/loki/api/v1/push"]) {
      const res = await fetch(`${off.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(res.status, 404, path);
    }
  } finally {
    await off.close();
  }
});
