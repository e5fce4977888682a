// otlp-json: the opentelemetry-proto examples, the OpenLIT GenAI span, semconv GenAI examples, detection, damage.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText, toLines } from "../common/fixtures.js";
import type { ParsedRecord } from "../types.js";
import { idToHex, toBigInt } from "./any-value.js";
import { otlpJsonFormat } from "./format.js";

const DIR = join(ROOT, "test/fixtures/samples/opentelemetry");
const CTX = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22) };
const read = (name: string) => readFileSync(join(DIR, name), "utf8");
const parse = (text: string) => runText(otlpJsonFormat, text, CTX);

function only(out: ParsedRecord[]): Record<string, unknown> {
  const rs = okRecords(out);
  assert.equal(rs.length, 1);
  return rs[0] as Record<string, unknown>;
}

/** 1544712660300000000 ns, as the proto examples write it. */
const EXAMPLE_MS = 1544712660300;

test("logs example: every AnyValue kind decoded, severity from severityNumber, hex ids lower-cased", () => {
  const r = only(parse(read("otlp_examples_logs.json")));
  assert.equal(r.timestamp, EXAMPLE_MS);
  assert.equal(r.event_kind, "log");
  assert.equal(r.severity, "info");
  assert.equal(r.message, "Example log record");
  assert.equal(r.trace_id, "5b8efff798038103d269b633813fc60c");
  assert.equal(r.span_id, "eee19b7ec3c1b174");
  assert.deepEqual(r.attributes, {
    "service.name": "my.service",
    "otel.scope.name": "my.library",
    "otel.scope.version": "1.0.0",
    "my.scope.attribute": "some scope attribute",
    "string.attribute": "some string",
    "boolean.attribute": true,
    "int.attribute": 10,
    "double.attribute": 637.704,
    "array.attribute": ["many", "values"],
    "map.attribute": { "some.map.key": "some value" },
    severity_text: "Information",
  });
});

test("events example: eventName is the action, a kvlist body becomes JSON text", () => {
  const r = only(parse(read("otlp_examples_events.json")));
  assert.equal(r.timestamp, EXAMPLE_MS);
  assert.equal(r.event_action, "browser.page_view");
  assert.equal(r.severity, "info");
  assert.deepEqual(JSON.parse(r.message as string), {
    type: 0,
    url: "https://www.guidgenerator.com/online-guid-generator.aspx",
    referrer: "https://wwww.google.com",
    title: "Free Online GUID Generator",
  });
  const attrs = r.attributes as Record<string, unknown>;
  assert.equal(attrs["event.attribute"], "some event attribute");
  // "test severity text" is no level: the number decides, the text is kept.
  assert.equal(attrs.severity_text, "test severity text");
});

test("trace example: start time, latency from end - start, kind, parent, unset status", () => {
  const out = parse(read("otlp_examples_trace.json"));
  const r = only(out);
  assert.equal(out[0]?.line, 1);
  assert.equal(r.timestamp, 1544712660000);
  assert.equal(r.latency_ms, 1000);
  assert.equal(r.trace_id, "5b8efff798038103d269b633813fc60c");
  assert.equal(r.span_id, "eee19b7ec3c1b174");
  assert.equal(r.outcome, "unknown");
  assert.equal(r.event_action, "I'm a server span");
  const attrs = r.attributes as Record<string, unknown>;
  assert.equal(attrs.parent_span_id, "eee19b7ec3c1b173");
  assert.equal(attrs.span_kind, "server");
  assert.equal(attrs["my.span.attr"], "some value");
  // A one-item document keeps its whole text as raw.
  assert.equal(out[0]?.raw, read("otlp_examples_trace.json").replace(/\n$/, ""));
});

test("a span that names its model is an inference request; one that does not stays a log event", () => {
  const span = (attributes: unknown[]) =>
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "5b8efff798038103d269b633813fc60c",
                  spanId: "eee19b7ec3c1b174",
                  name: "POST /v2/models/{model}/infer",
                  startTimeUnixNano: "1544712660000000000",
                  endTimeUnixNano: "1544712660012000000",
                  attributes,
                },
              ],
            },
          ],
        },
      ],
    });
  const model = only(
    parse(
      span([
        { key: "ml.model.name", value: { stringValue: "resnet-50" } },
        { key: "ml.model.version", value: { stringValue: "3" } },
      ]),
    ),
  );
  assert.deepEqual([model.event_kind, model.model_name, model.model_version], ["inference", "resnet-50", "3"]);
  const plain = only(parse(span([{ key: "http.route", value: { stringValue: "/healthz" } }])));
  assert.equal(plain.event_kind, "log");
});

test("metrics example: one metric event per data point, shape details kept", () => {
  const rs = okRecords(parse(read("otlp_examples_metrics.json")));
  assert.deepEqual(
    rs.map((r) => [r.metric_name, r.metric_type, r.metric_value, r.timestamp, r.event_kind]),
    [
      ["my.counter", "sum", 5, EXAMPLE_MS, "metric"],
      ["my.gauge", "gauge", 10, EXAMPLE_MS, "metric"],
      ["my.histogram", "histogram", 2, EXAMPLE_MS, "metric"],
      ["my.exponential.histogram", "exponential_histogram", 10, EXAMPLE_MS, "metric"],
    ],
  );
  type Rec = Record<string, unknown>;
  const [counter, gauge, histogram, exp] = rs as [Rec, Rec, Rec, Rec];
  assert.equal(counter.monotonic, true);
  assert.equal(counter.aggregation_temporality, "delta");
  assert.equal(counter.metric_unit, "1");
  assert.equal((counter.attributes as Record<string, unknown>)["my.counter.attr"], "some value");
  assert.equal((gauge.attributes as Record<string, unknown>)["my.gauge.attr"], "some value");
  assert.equal(histogram.metric_count, 2);
  assert.deepEqual(histogram.histogram, { bucket_counts: [1, 1], explicit_bounds: [1], min: 0, max: 2 });
  assert.equal(exp.metric_count, 3);
  assert.deepEqual((exp.histogram as Record<string, unknown>).positive, { offset: 1, bucket_counts: [0, 2] });
});

test("every line of every OTLP sample is part of exactly one document; records come when it closes", () => {
  const expected: Record<string, number> = {
    "otlp_examples_logs.json": 1,
    "otlp_examples_events.json": 1,
    "otlp_examples_trace.json": 1,
    "otlp_examples_metrics.json": 4,
  };
  for (const [name, count] of Object.entries(expected)) {
    const lines = toLines(read(name));
    const session = otlpJsonFormat.open(CTX);
    const perLine = lines.map((l) => session.push(l));
    assert.deepEqual(session.end(), [], name);
    // Nothing before the closing brace, everything on it.
    assert.ok(
      perLine.slice(0, -1).every((o) => o.length === 0),
      name,
    );
    const last = perLine.at(-1) ?? [];
    assert.equal(last.length, count, name);
    assert.ok(
      last.every((r) => r.ok && r.line === 1),
      name,
    );
  }
});

/** The OpenLIT span as protobufjs decoded it, re-serialized as JSON.stringify would write such a message. */
function openlitAsJson(): string {
  const text = read("otlp_resourcespan_openlit_genai_protobufjs_decoded_langfuse_test.ts.txt")
    .replace(/^\s*const resourceSpan = /, "")
    .replace(/;\s*$/, "");
  // A JS object literal is valid YAML flow syntax: yaml reads it without any code being evaluated.
  return JSON.stringify({ resourceSpans: [parseYaml(text)] });
}

test("OpenLIT GenAI span (deprecated gen_ai.system, content events, Buffer ids, Long times) → llm event", () => {
  const r = only(parse(openlitAsJson()));
  const start = (404677085n << 32n) + 153687506n;
  const end = (404677085n << 32n) + 1327836088n;
  assert.equal(r.timestamp, Number(start / 1_000_000n));
  assert.equal(r.timestamp, 1738074845669);
  assert.equal(r.latency_ms, Number(end - start) / 1e6);
  assert.equal(r.trace_id, "ea673708441c2984a54a3e3962d3595f");
  assert.equal(r.span_id, "b904bffb20be6d7e");
  assert.equal(r.event_kind, "llm");
  assert.equal(r.event_action, "chat");
  assert.equal(r.outcome, "success");
  assert.equal(r.llm_provider, "openai");
  assert.equal(r.model_name, "gpt-3.5-turbo");
  assert.equal(r.tokens_in, 14);
  assert.equal(r.tokens_out, 96);
  assert.equal(r.cost_usd, 0.000151);
  assert.equal(r.finish_reason, "stop");
  assert.equal(r.prompt_text, "user: What is LLM Observability?");
  assert.match(r.response_text as string, /^LLM Observability stands for logs, metrics, and traces observability\./);
  const attrs = r.attributes as Record<string, unknown>;
  assert.equal(attrs.span_name, "openai.chat.completions");
  assert.equal(attrs.span_kind, "client");
  assert.equal(attrs["gen_ai.request.max_tokens"], -1);
  assert.equal(attrs["gen_ai.usage.total_tokens"], 110);
  assert.equal(attrs["telemetry.sdk.name"], "openlit");
  // Consumed into columns, not stored twice.
  for (const gone of ["gen_ai.system", "gen_ai.usage.input_tokens", "gen_ai.response.finish_reasons", "span_events"]) {
    assert.equal(attrs[gone], undefined, gone);
  }
});

test("the protobufjs dump as a file is a JS literal, not OTLP/JSON: diagnostics only, never a throw", () => {
  const out = parse(read("otlp_resourcespan_openlit_genai_protobufjs_decoded_langfuse_test.ts.txt"));
  assert.ok(out.length > 0);
  assert.ok(out.every((r) => !r.ok));
});

/** The "content capturing enabled on span attributes" example of semconv v1.40 (examples-llm-calls.md). */
function semconvExample(): {
  attrs: [string, string][];
  traceId: string;
  spanId: string;
  input: string;
  output: string;
} {
  const md = read("semconv_v1.40_genai_examples_llm_calls.md");
  const from = md.indexOf("### GenAI client span when content capturing is enabled on span attributes");
  const to = md.indexOf("### GenAI telemetry when content capturing is enabled on event attributes");
  const section = md.slice(from, to);
  const attrs = [...section.matchAll(/^\| `([a-z_.]+)`\s*\| `(.+?)`\s*\|$/gm)].map(
    (m) => [m[1], m[2]] as [string, string],
  );
  const traceId = JSON.parse(/^\| Trace id\s*\| `(.+?)`/m.exec(section)?.[1] ?? "null") as string;
  const spanId = JSON.parse(/^\| Span id\s*\| `(.+?)`/m.exec(section)?.[1] ?? "null") as string;
  const [input = "", output = ""] = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return { attrs, traceId, spanId, input, output };
}

/** A table value of the example (`"openai"`, `200`, `1.0`, `["stop"]`) as an OTLP AnyValue. */
function toAnyValue(text: string): unknown {
  const v = JSON.parse(text) as unknown;
  if (typeof v === "string") return { stringValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => ({ stringValue: x })) } };
  return text.includes(".") ? { doubleValue: v } : { intValue: String(v) };
}

test("semconv v1.40 GenAI span (current names, messages as JSON strings) → llm columns", () => {
  const ex = semconvExample();
  assert.ok(ex.attrs.length >= 10 && ex.input.includes("Tell me a joke"));
  const attributes = [
    ...ex.attrs.map(([key, value]) => ({ key, value: toAnyValue(value) })),
    { key: "gen_ai.input.messages", value: { stringValue: ex.input } },
    { key: "gen_ai.output.messages", value: { stringValue: ex.output } },
  ];
  const doc = {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: ex.traceId,
                spanId: ex.spanId,
                name: "chat gpt-4",
                kind: 3,
                startTimeUnixNano: "1763805600000000000",
                endTimeUnixNano: "1763805601250000000",
                attributes,
                status: {},
              },
            ],
          },
        ],
      },
    ],
  };
  const r = only(parse(JSON.stringify(doc)));
  assert.equal(r.timestamp, 1763805600000);
  assert.equal(r.latency_ms, 1250);
  assert.equal(r.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  assert.equal(r.span_id, "00f067aa0ba902b7");
  assert.equal(r.event_kind, "llm");
  assert.equal(r.event_action, "chat");
  assert.equal(r.llm_provider, "openai");
  assert.equal(r.model_name, "gpt-4");
  assert.equal(r.tokens_in, 52);
  assert.equal(r.tokens_out, 47);
  assert.equal(r.finish_reason, "stop");
  assert.equal(r.prompt_text, ex.input);
  assert.equal(r.response_text, ex.output);
  const attrs = r.attributes as Record<string, unknown>;
  assert.equal(attrs["gen_ai.response.model"], "gpt-4-0613");
  assert.equal(attrs["gen_ai.response.id"], "chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l");
  assert.equal(attrs["gen_ai.request.max_tokens"], 200);
  assert.equal(attrs["gen_ai.request.top_p"], 1);
});

test("deprecated content events (gen_ai.user.message, gen_ai.choice) and token names on a span", () => {
  // Constructed: the 1.27-era shape many deployed instrumentations still emit.
  const span = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    name: "chat gpt-4",
    startTimeUnixNano: "1763805600000000000",
    endTimeUnixNano: "1763805600500000000",
    attributes: [
      { key: "gen_ai.system", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4" } },
      { key: "gen_ai.usage.prompt_tokens", value: { intValue: "52" } },
      { key: "gen_ai.usage.completion_tokens", value: { intValue: 47 } },
    ],
    events: [
      {
        name: "gen_ai.user.message",
        timeUnixNano: "1763805600000000000",
        attributes: [{ key: "content", value: { stringValue: "Tell me a joke about OpenTelemetry" } }],
      },
      {
        name: "gen_ai.choice",
        timeUnixNano: "1763805600500000000",
        attributes: [
          { key: "finish_reason", value: { stringValue: "stop" } },
          {
            key: "message",
            value: { kvlistValue: { values: [{ key: "content", value: { stringValue: "Because it traces." } }] } },
          },
        ],
      },
      { name: "exception", timeUnixNano: "1763805600400000000", attributes: [] },
    ],
    status: { code: 2, message: "rate limited" },
  };
  const r = only(parse(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })));
  assert.equal(r.llm_provider, "openai");
  assert.equal(r.tokens_in, 52);
  assert.equal(r.tokens_out, 47);
  assert.equal(r.prompt_text, "Tell me a joke about OpenTelemetry");
  assert.equal(r.response_text, "Because it traces.");
  assert.equal(r.finish_reason, "stop");
  assert.equal(r.outcome, "failure");
  assert.equal(r.severity, "error");
  assert.equal(r.message, "rate limited");
  // Only the event that carried no content is kept.
  const events = (r.attributes as Record<string, unknown>).span_events as { name: string }[];
  assert.deepEqual(
    events.map((e) => e.name),
    ["exception"],
  );
});

test("GenAI event as a log record (inference details) and OpenLLMetry indexed prompts", () => {
  const ex = semconvExample();
  const log = {
    timeUnixNano: "1763805600000000000",
    eventName: "gen_ai.client.inference.operation.details",
    attributes: [
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4" } },
      { key: "gen_ai.input.messages", value: { stringValue: ex.input } },
    ],
  };
  const r = only(parse(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [log] }] }] })));
  assert.equal(r.event_kind, "llm");
  assert.equal(r.event_action, "gen_ai.client.inference.operation.details");
  assert.equal(r.prompt_text, ex.input);
  assert.equal(r.model_name, "gpt-4");

  const indexed = {
    traceId: "",
    spanId: "",
    name: "openai.chat",
    startTimeUnixNano: "1763805600000000000",
    endTimeUnixNano: "1763805600000000000",
    attributes: [
      { key: "gen_ai.prompt.0.role", value: { stringValue: "system" } },
      { key: "gen_ai.prompt.0.content", value: { stringValue: "You are a helpful bot" } },
      { key: "gen_ai.prompt.1.role", value: { stringValue: "user" } },
      { key: "gen_ai.prompt.1.content", value: { stringValue: "Tell me a joke" } },
      { key: "gen_ai.completion.0.content", value: { stringValue: "No." } },
      { key: "gen_ai.completion.0.finish_reason", value: { stringValue: "length" } },
    ],
  };
  const s = only(parse(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [indexed] }] }] })));
  assert.deepEqual(JSON.parse(s.prompt_text as string), [
    { role: "system", content: "You are a helpful bot" },
    { role: "user", content: "Tell me a joke" },
  ]);
  assert.equal(s.response_text, "No.");
  assert.equal(s.finish_reason, "length");
  assert.equal(s.latency_ms, 0);
  assert.equal(s.trace_id, undefined);
});

test("attributes that alias columns fill them when the value fits, else stay attributes", () => {
  const res = [
    { key: "k8s.pod.name", value: { stringValue: "vllm-0" } },
    { key: "k8s.namespace.name", value: { stringValue: "llm" } },
    { key: "host.name", value: { stringValue: "gpu-node-1" } },
    { key: "http.response.status_code", value: { intValue: "503" } },
    { key: "error.type", value: { arrayValue: { values: [] } } },
    { key: "timestamp", value: { stringValue: "1999-01-01T00:00:00Z" } },
  ];
  const log = { timeUnixNano: "1763805600000000000", severityText: "WARNING", body: { stringValue: "x" } };
  const r = only(
    parse(JSON.stringify({ resourceLogs: [{ resource: { attributes: res }, scopeLogs: [{ logRecords: [log] }] }] })),
  );
  assert.equal(r.k8s_pod, "vllm-0");
  assert.equal(r.k8s_namespace, "llm");
  assert.equal(r.host_name, "gpu-node-1");
  assert.equal(r.http_status_code, 503);
  assert.equal(r.severity, "warn");
  assert.equal(r.timestamp, 1763805600000);
  assert.equal(r.error_type, undefined);
  assert.deepEqual((r.attributes as Record<string, unknown>)["error.type"], []);
  assert.equal((r.attributes as Record<string, unknown>).timestamp, "1999-01-01T00:00:00Z");
});

test("ids in hex, base64 and Buffer form; int64 as string, number and Long", () => {
  assert.equal(idToHex("W47/95gDgQPSabYzgT/GDA==", 16), "5b8efff798038103d269b633813fc60c");
  assert.equal(idToHex("7uGbfsPBsXQ=", 8), "eee19b7ec3c1b174");
  assert.equal(idToHex({ type: "Buffer", data: [185, 4, 191, 251, 32, 190, 109, 126] }, 8), "b904bffb20be6d7e");
  assert.equal(idToHex("00000000000000000000000000000000", 16), null);
  assert.equal(idToHex("xyz", 8), null);
  assert.equal(toBigInt("1544712660300000001"), 1544712660300000001n);
  assert.equal(toBigInt({ low: -1, high: -1, unsigned: false }), -1n);
  assert.equal(toBigInt({ low: -1, high: -1, unsigned: true }), 2n ** 64n - 1n);
  assert.equal(toBigInt("1.5"), null);
});

test("damaged input: broken JSON, non-OTLP JSON, stray lines, unclosed documents, missing times", () => {
  const broken = parse('{"resourceLogs": [ {"scopeLogs": , } ]}');
  assert.equal(broken.length, 1);
  assert.equal(broken[0]?.ok === false && broken[0].code, "invalid_json");
  const foreign = parse('{"timestamp": "2026-11-22T10:00:00Z", "model_name": "resnet"}');
  assert.equal(foreign[0]?.ok === false && foreign[0].code, "unparseable");
  const stray = parse("hello\n}");
  assert.deepEqual(
    stray.map((r) => !r.ok && r.code),
    ["unparseable", "unparseable"],
  );
  const open = parse('{\n  "resourceSpans": [\n');
  assert.equal(open.length, 1);
  assert.equal(open[0]?.ok === false && open[0].code, "incomplete_record");
  assert.equal(open[0]?.line, 1);
  const noTime = parse(
    JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: "x" } }] }] }] }),
  );
  assert.equal(noTime[0]?.ok === false && noTime[0].code, "invalid_timestamp");
  // Braces inside strings do not end the document.
  const braces = parse(
    '{"resourceLogs":[{"scopeLogs":[{"logRecords":[\n{"timeUnixNano":"1763805600000000000","body":{"stringValue":"} ] \\" {"}}\n]}]}]}',
  );
  assert.equal(only(braces).message, '} ] " {');
});

test("examples parse; detect keys on the OTLP signal names and rejects other formats' lines", () => {
  for (const ex of otlpJsonFormat.examples) {
    assert.ok(otlpJsonFormat.detect(ex));
    const out = parse(ex);
    assert.ok(out.length > 0 && out.every((r) => r.ok), ex.slice(0, 60));
  }
  assert.ok(otlpJsonFormat.detect('  "resourceSpans": ['));
  assert.ok(otlpJsonFormat.detect('{"resourceMetrics":[]}'));
  for (const other of [
    "{",
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
    '    "kind": "EventList",',
    'nv_inference_request_success{model="my_model",version="1"} 161',
    "# HELP vllm:num_requests_running Number of requests in model execution batches.",
    "I0907 15:12:27.145306 1 grpc_server.cc:4117] Started GRPCInferenceService at 0.0.0.0:8001",
    '2018-10-15 13:56:18,976 [INFO ] W-9000-resnet-18_1.0 ACCESS_LOG - /127.0.0.1:49162 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
    "Warning OOMKilling Memory cgroup out of memory: Kill process 4481 (stress) score 1994 or sacrifice child",
    'INFO:     127.0.0.1:52394 - "POST /v1/completions HTTP/1.1" 200 OK',
  ]) {
    assert.equal(otlpJsonFormat.detect(other), false, other);
  }
});
