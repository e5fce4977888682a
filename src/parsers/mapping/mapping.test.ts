// Custom JSON mappings end to end: the ten-line YAML acceptance example, presets, detection, diagnostics, validation.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { ROOT } from "../../../test/helpers/process.js";
import { configSchema } from "../../config/schema.js";
import { DEFAULT_LIMITS } from "../../core/limits.js";
import { normalizeRecord } from "../../pipeline/normalize.js";
import type { Format, ParsedRecord } from "../types.js";
import { UNITS, VALUE_TYPES } from "./convert.js";
import { customFormats, mappingFormat } from "./format.js";
import { PRESETS } from "./presets.js";

const UTC = { timeZone: "UTC", referenceTime: Date.UTC(2026, 2, 2) };

/** The acceptance example: exactly the YAML shown in the comment at the top of format.ts. */
const YAML = `formats:
  custom:
    - name: resnet-handler
      defaults: {event_kind: inference, event_action: predict}
      fields:
        timestamp: {path: ts}
        model_name: {path: model_name}
        input_shape: {path: input_tensor_shape, type: shape}
        latency_ms: {path: inference_time_ms, unit: ms}
        confidence: {path: prediction_confidence, unit: ratio}
`;

const SEED =
  '{"ts": "2026-03-02T09:15:27.481Z", "model_name": "resnet", "input_tensor_shape": [1,3,224,224], "inference_time_ms": 42.1, "prediction_confidence": 0.93, "request": {"id": "abc"}, "worker_pid": 4711}';

function parseAll(format: Format, lines: readonly string[], context = UTC): ParsedRecord[] {
  const session = format.open(context);
  const out: ParsedRecord[] = [];
  lines.forEach((text, i) => {
    out.push(...session.push({ line: i + 1, text }));
  });
  return [...out, ...session.end()];
}

function one(format: Format, line: string, context = UTC): Record<string, unknown> {
  const [r] = parseAll(format, [line], context);
  assert.ok(r?.ok, `expected a record, got ${JSON.stringify(r)}`);
  return r.record;
}

function diagnostic(format: Format, line: string): { code: string; message: string } {
  const [r] = parseAll(format, [line]);
  assert.ok(r && !r.ok, `expected a diagnostic, got ${JSON.stringify(r)}`);
  return { code: r.code, message: r.message };
}

test("acceptance: the ten-line YAML maps the seed example onto the normalized fields", () => {
  assert.equal(YAML.trimEnd().split("\n").length, 10);
  assert.ok(
    readFileSync(join(ROOT, "src/parsers/mapping/format.ts"), "utf8").includes(
      YAML.trimEnd()
        .split("\n")
        .map((l) => `//   ${l}`)
        .join("\n"),
    ),
    "the YAML in format.ts's comment must be the tested one",
  );
  const config = configSchema.parse(parseYaml(YAML));
  const [format] = customFormats(config.formats.custom);
  assert.ok(format);
  assert.equal(format.name, "resnet-handler");
  assert.equal(format.detect(SEED), true);
  const record = one(format, SEED);
  assert.deepEqual(record, {
    timestamp: Date.UTC(2026, 2, 2, 9, 15, 27, 481),
    model_name: "resnet",
    input_shape: "1x3x224x224",
    latency_ms: 42.1,
    confidence: 0.93,
    event_kind: "inference",
    event_action: "predict",
    attributes: { request: { id: "abc" }, worker_pid: 4711 },
  });
  const n = normalizeRecord(record, SEED, {
    sourceId: "app",
    sourceType: format.name,
    observedAt: 1,
    limits: DEFAULT_LIMITS,
    keepRaw: true,
  });
  assert.ok(n.ok);
  assert.equal(n.event.timestamp, 1_772_442_927_481);
  assert.equal(n.event.input_shape, "1x3x224x224");
  assert.equal(n.event.latency_ms, 42.1);
  assert.equal(n.event.confidence, 0.93);
  assert.equal(n.event.event_kind, "inference");
  assert.equal(n.event.source_type, "resnet-handler");
  assert.equal(n.event.attributes, '{"request":{"id":"abc"},"worker_pid":4711}');
});

test("preset fastapi-inference reads the seed example as the YAML does, and also maps request.id", () => {
  const viaYaml = customFormats(configSchema.parse(parseYaml(YAML)).formats.custom)[0] as Format;
  const viaPreset = mappingFormat({ name: "fastapi", preset: "fastapi-inference" });
  const { attributes, ...fields } = one(viaYaml, SEED);
  assert.deepEqual(attributes, { request: { id: "abc" }, worker_pid: 4711 });
  assert.deepEqual(one(viaPreset, SEED), { ...fields, request_id: "abc", attributes: { worker_pid: 4711 } });
});

test("every preset's examples parse and are detected; presets do not detect each other's lines", () => {
  const formats = Object.keys(PRESETS).map((preset) => mappingFormat({ name: preset, preset }));
  for (const f of formats) {
    assert.ok(f.examples.length > 0, f.name);
    for (const line of f.examples) {
      assert.equal(f.detect(line), true, `${f.name} detects its example`);
      one(f, line);
      for (const other of formats)
        if (other !== f) assert.equal(other.detect(line), false, `${other.name} on ${f.name}`);
    }
  }
});

test("detect is false on other formats' lines and on a plain normalized JSON line", () => {
  const others = [
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
    // torchserve/model_log_backend_metrics_openvino.log
    "2024-05-01T10:29:29,586 [INFO ] W-9000-resnet-50_1.0-stdout org.pytorch.serve.wlm.WorkerLifeCycle - result=[METRICS]ts_handler_preprocess.Milliseconds:5.254030227661133|#ModelName:resnet-50,Level:Model|#type:GAUGE",
    // triton/log_default_model_loaded_docs.log
    "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
    // vllm/server_log_v1_request_lifecycle_llm-d.log
    "INFO 05-16 04:49:00 [async_llm.py:256] Added request cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0.",
    // triton/logging_endpoint_response_docs.json
    '{"log_file":"","log_info":true,"log_warnings":true,"log_errors":true,"log_verbose_level":1,"log_format":"default"}',
    // triton/metrics_counters_docs.prom
    'nv_inference_request_success{model="my_model",version="1"} 161',
    // a value that merely contains a key name is not the key
    '{"msg": "\\"ts\\" \\"model_name\\" \\"input_tensor_shape\\" \\"inference_time_ms\\" \\"prediction_confidence\\""}',
  ];
  const formats = [
    ...Object.keys(PRESETS).map((preset) => mappingFormat({ name: preset, preset })),
    customFormats(configSchema.parse(parseYaml(YAML)).formats.custom)[0] as Format,
  ];
  for (const f of formats) for (const line of others) assert.equal(f.detect(line), false, `${f.name}: ${line}`);
});

test("openai-completion on the real vLLM samples: a record, and a diagnostic for the truncated one", () => {
  const dir = join(ROOT, "test/fixtures/samples/llm-gateways");
  const format = mappingFormat({ name: "openai", preset: "openai-completion" });
  const text = readFileSync(join(dir, "openai_text_completion_response_vllm_qwen3.json"), "utf8").trimEnd().split("\n");
  assert.equal(text.length, 1);
  assert.equal(format.detect(text[0] as string), true);
  assert.deepEqual(one(format, text[0] as string), {
    timestamp: 1_763_015_742_000,
    request_id: "cmpl-80ee8b893dc64053947b0bea86352faa",
    event_action: "text_completion",
    model_name: "Qwen3-8B",
    tokens_in: 5,
    tokens_out: 7,
    finish_reason: "length",
    response_text: " is the S, and ,",
    event_kind: "llm",
    attributes: {
      choices: [{ index: 0, logprobs: null, stop_reason: null, prompt_logprobs: null }],
      service_tier: null,
      system_fingerprint: null,
      usage: { total_tokens: 12, prompt_tokens_details: null },
      kv_transfer_params: null,
    },
  });
  // Upstream cut this chat.completion mid-key (SOURCES.md): detected by its keys, reported as broken JSON.
  const chat = readFileSync(join(dir, "openai_chat_completion_response_vllm_glm45.json"), "utf8").trimEnd().split("\n");
  const results = parseAll(format, chat);
  assert.equal(results.length, chat.length);
  assert.equal(format.detect(chat[0] as string), true);
  assert.equal(diagnostic(format, chat[0] as string).code, "invalid_json");
  // The same response, complete, yields the chat message as the response text.
  const fixed = `${(chat[0] as string).slice(0, (chat[0] as string).lastIndexOf(',"kv_tr'))}}`;
  const r = one(format, fixed);
  assert.equal(r.event_action, "chat.completion");
  assert.equal(r.finish_reason, "length");
  assert.equal(r.tokens_in, 11);
  assert.equal(r.tokens_out, 100);
  assert.match(String(r.response_text), /^\n<think>The user asked/);
  assert.equal(JSON.stringify(r.attributes).includes("<think>"), false, "the consumed text is not kept twice");
});

test("unmapped fields go to attributes; raw tensors are replaced by their shape and hash; attributes.<key> targets", () => {
  const format = mappingFormat({
    name: "app",
    fields: {
      timestamp: { path: "time", unit: "s" },
      latency_ms: { path: "timing.total", unit: "us" },
      "attributes.queue_depth": { path: "timing.queue_depth" },
      input_hash: { path: "inputs", type: "hash" },
    },
    defaults: { event_kind: "inference" },
  });
  const inputs = Array.from({ length: 2 }, () => Array.from({ length: 10 }, (_, i) => i / 10));
  const r = one(
    format,
    JSON.stringify({
      time: 1772442927.5,
      timing: { total: 1500, queue_depth: 3, gpu: "a100" },
      inputs,
      embedding: inputs,
    }),
  );
  assert.equal(r.timestamp, 1_772_442_927_500);
  assert.equal(r.latency_ms, 1.5);
  assert.match(String(r.input_hash), /^[0-9a-f]{64}$/);
  const attrs = r.attributes as Record<string, unknown>;
  assert.deepEqual(attrs.timing, { gpu: "a100" });
  assert.equal(attrs.queue_depth, 3);
  assert.equal(attrs.inputs, undefined);
  assert.deepEqual(attrs.embedding, { tensor_shape: "2x10", tensor_sha256: r.input_hash });
});

test("preset overrides: a field replaced, a field removed, a constant added; optional fields may be absent", () => {
  const format = mappingFormat({
    name: "custom-fastapi",
    preset: "fastapi-inference",
    fields: { latency_ms: { path: "elapsed_s", unit: "s" }, confidence: null, tokens_in: { path: "n", default: 0 } },
    defaults: { deployment_group: "canary" },
  });
  const line =
    '{"ts": 1772442927, "model_name": "resnet", "input_tensor_shape": "(1, 3, 224, 224)", "elapsed_s": 0.05}';
  assert.equal(format.detect(line), true);
  const r = one(format, line);
  assert.equal(r.latency_ms, 50);
  assert.equal(r.confidence, undefined);
  assert.equal(r.tokens_in, 0);
  assert.equal(r.request_id, undefined);
  assert.equal(r.deployment_group, "canary");
  // The preset's example no longer fits (no elapsed_s), so it is not offered as this format's example.
  assert.deepEqual(format.examples, []);
});

test("times without an offset are read in the context's zone", () => {
  const format = mappingFormat({ name: "s", preset: "structlog-json" });
  const r = one(format, '{"event": "ready", "level": "warning", "timestamp": "2026-03-02 10:15:27"}', {
    timeZone: "Europe/Berlin",
    referenceTime: 0,
  });
  assert.equal(r.timestamp, Date.UTC(2026, 2, 2, 9, 15, 27));
  assert.equal(r.severity, "warning");
});

test("lines that do not fit become diagnostics, never exceptions", () => {
  const format = mappingFormat({ name: "fastapi", preset: "fastapi-inference" });
  const base = JSON.parse(SEED) as Record<string, unknown>;
  assert.equal(diagnostic(format, "{not json").code, "invalid_json");
  assert.equal(diagnostic(format, "[1, 2]").code, "not_an_object");
  assert.deepEqual(diagnostic(format, JSON.stringify({ ...base, ts: undefined })), {
    code: "missing_timestamp",
    message: "no time at 'ts' (mapped to timestamp)",
  });
  assert.deepEqual(diagnostic(format, JSON.stringify({ ...base, inference_time_ms: "slow" })), {
    code: "invalid_field_type",
    message: `field 'latency_ms' (from 'inference_time_ms'): expected a number, got string "slow"`,
  });
  assert.equal(diagnostic(format, JSON.stringify({ ...base, ts: "noon" })).code, "invalid_timestamp");
  assert.equal(
    diagnostic(format, JSON.stringify({ ...base, input_tensor_shape: { a: 1 } })).code,
    "invalid_field_type",
  );
  for (const line of [
    "{}",
    "null",
    '""',
    '{"ts": {}}',
    "{".repeat(5000),
    `{"ts": 1, "model_name": ${"[".repeat(100)}`,
  ]) {
    assert.equal(parseAll(format, [line]).length, 1);
  }
});

test("spec problems are listed at once, each naming the path; unknown targets list the valid ones", () => {
  assert.throws(
    () =>
      customFormats([
        {
          name: "Bad Name",
          fields: {
            timestamp: { path: "ts" },
            latency: { path: "x" },
            latency_ms: { path: "t[", unit: "percent" },
            tokens_in: { path: "n", unit: "ms" },
            confidence: { path: "c", type: "shape" },
            cost_usd: { path: "c", type: "number", scale: 0 },
            model_name: { path: "m", default: { not: "a string" }, type: "number" },
          },
          defaults: { event_kind: "nonsense", colour: "red" },
        },
        { name: "p", preset: "nope" },
        { name: "q", fields: { model_name: { path: "m" } } },
        { name: "r", fields: { timestamp: { path: "ts", bogus: 1 } } },
        { name: "q", fields: { timestamp: { path: "ts" } } },
        { name: "s", preset: "structlog-json" },
        { name: "s", preset: "structlog-json" },
      ]),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, "config_invalid");
      const expected = [
        /formats\.custom\[0\]\.name: must be 1-64 lower-case/,
        /formats\.custom\[0\]\.fields\.latency: unknown target column "latency"; valid targets: timestamp, event_id, .*latency_ms.*, or attributes\.<key>/,
        /formats\.custom\[0\]\.fields\.latency_ms\.path: unclosed `\[` at character 2 of "t\["/,
        /formats\.custom\[0\]\.fields\.latency_ms\.unit: unit percent applies to confidence, not latency_ms/,
        /formats\.custom\[0\]\.fields\.tokens_in\.unit: unit ms converts durations to ms/,
        /formats\.custom\[0\]\.fields\.confidence\.type: type shape cannot fill confidence \(a float column\); use number or int/,
        /formats\.custom\[0\]\.fields\.cost_usd\.scale: scale must be a non-zero factor/,
        /formats\.custom\[0\]\.fields\.model_name\.default: \{"not":"a string"\} does not fit model_name: expected a number/,
        /formats\.custom\[0\]\.defaults\.event_kind: "nonsense" is not a valid event_kind; allowed: inference, llm/,
        /formats\.custom\[0\]\.defaults\.colour: unknown target column "colour"/,
        /formats\.custom\[1\]\.preset: unknown preset "nope"; presets: fastapi-inference, structlog-json, openai-completion/,
        /formats\.custom\[2\]\.fields: no mapping for timestamp/,
        /formats\.custom\[3\]\.fields\.timestamp: Unrecognized key: "bogus"/,
        /formats\.custom\[6\]\.name: "s" is used twice/,
      ];
      for (const re of expected) assert.match(e.message, re);
      assert.match(e.message, new RegExp(`has ${expected.length} errors`));
      return true;
    },
  );
  assert.throws(
    () => mappingFormat({ name: "x", fields: { timestamp: { path: "" } } }),
    /fields\.timestamp\.path: must not be empty/,
  );
});

test("the configuration schema accepts what mappings accept and rejects unknown targets and duplicates", () => {
  const custom = (spec: Record<string, unknown>) => configSchema.safeParse({ formats: { custom: [spec] } });
  for (const type of VALUE_TYPES)
    assert.ok(custom({ name: "a", fields: { "attributes.x": { path: "x", type } } }).success, type);
  for (const unit of UNITS)
    assert.ok(custom({ name: "a", fields: { "attributes.x": { path: "x", unit } } }).success, unit);
  for (const preset of Object.keys(PRESETS))
    assert.ok(custom({ name: "a", preset, fields: { confidence: null } }).success);
  const bad = custom({ name: "a", fields: { latency: { path: "x" } }, defaults: { colour: "red" } });
  assert.ok(!bad.success);
  assert.deepEqual(
    bad.error.issues.map((i) => i.path.join(".")),
    ["formats.custom.0.fields.latency", "formats.custom.0.defaults.colour"],
  );
  assert.match(bad.error.issues[0]?.message ?? "", /valid targets: timestamp, .*response_text, or attributes\.<key>/);
  const twice = configSchema.safeParse({
    formats: {
      custom: [
        { name: "a", preset: "structlog-json" },
        { name: "a", preset: "structlog-json" },
      ],
    },
  });
  assert.equal(twice.error?.issues[0]?.message, '"a" is used twice');
  assert.deepEqual(configSchema.parse({}).formats, { custom: [] });
});
