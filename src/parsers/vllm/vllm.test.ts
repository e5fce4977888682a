// vLLM server logs: engine stats, request lifecycle, uvicorn lines, year and zone handling, tracebacks, detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnostics, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_LLM_FORMATS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineCovered, assertExamplesParse } from "../common/format-checks.js";
import { readReprString } from "../common/quoted-strings.js";
import { countIntList } from "./python-repr.js";
import { vllmFormat } from "./vllm.js";

const LIFECYCLE = "server_log_v1_request_lifecycle_llm-d.log";
const KUNLUN = "server_log_v1_apiserver_prefix_kunlun_qwen2.5vl.log";

test("request lifecycle sample: received (prompt, params, tokens), added, engine stats, access line", () => {
  const lines = fixtureLines("vllm", LIFECYCLE);
  const results = run(vllmFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const [received, added, stats, access] = records(results);
  const t = Date.UTC(2026, 4, 16, 4, 49, 0);
  assert.deepEqual(received, {
    severity: "info",
    timestamp: t,
    logger: "logger.py:39",
    event_kind: "llm",
    event_action: "request_received",
    message: "Received request cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0",
    prompt_text: "brand new test prompt 15",
    max_tokens: 300,
    temperature: 0.6,
    top_p: 0.9,
    top_k: 0,
    n: 1,
    tokens_in: 7,
    request_id: "cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0",
    llm_provider: "vllm",
  });
  assert.equal(added?.event_action, "request_added");
  assert.equal(added?.request_id, received?.request_id);
  assert.deepEqual(stats, {
    severity: "info",
    timestamp: t,
    logger: "loggers.py:116",
    event_kind: "metric",
    event_action: "engine_stats",
    metric_name: "vllm_engine_stats",
    engine: "000",
    avg_prompt_throughput_tokens_per_s: 0.7,
    avg_generation_throughput_tokens_per_s: 6,
    running_reqs: 1,
    waiting_reqs: 0,
    gpu_kv_cache_usage_pct: 0,
    prefix_cache_hit_rate_pct: 0,
  });
  assert.deepEqual(access, {
    timestamp: t,
    timestamp_source: "previous_line",
    severity: "info",
    event_kind: "llm",
    event_action: "http_request",
    message: '10.129.14.198:0 - "POST /v1/completions HTTP/1.1" 200 OK',
    client_ip: "10.129.14.198",
    client_port: 0,
    http_method: "POST",
    endpoint: "/v1/completions",
    http_status_code: 200,
    outcome: "success",
    llm_provider: "vllm",
  });
  assertEveryLineCovered(lines, results);
});

test("APIServer-prefixed sample: startup lines take the reference time until a timed line, then carry it", () => {
  const lines = fixtureLines("vllm", KUNLUN);
  const results = run(vllmFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const events = records(results);
  assert.equal(events.length, 10);
  assert.deepEqual(events[0], {
    timestamp: CONTEXT.referenceTime,
    timestamp_source: "reference_time",
    severity: "info",
    process: "APIServer",
    pid: 110552,
    event_kind: "log",
    message: "Started server process [110552]",
  });
  assert.equal(events[3]?.timestamp, Date.UTC(2026, 0, 20, 16, 34, 48));
  assert.equal(events[3]?.avg_generation_throughput_tokens_per_s, 0.6);
  assert.equal(events[3]?.logger, "loggers.py:127");
  assert.equal(events[4]?.endpoint, "/v1/completions");
  assert.equal(events[4]?.client_ip, "127.0.0.1");
  assert.equal(events[4]?.timestamp, Date.UTC(2026, 0, 20, 16, 34, 48));
  assert.equal(events[7]?.endpoint, "/v1/chat/completions");
  assert.equal(events[8]?.avg_prompt_throughput_tokens_per_s, 9.5);
  assert.equal(events[8]?.avg_generation_throughput_tokens_per_s, 21.6);
  assertEveryLineCovered(lines, results);
});

test("the year comes from the reference time, the wall clock from the time zone", () => {
  const line = "INFO 05-16 04:49:00 [async_llm.py:256] Added request cmpl-1.";
  const january = runText(vllmFormat, line, { timeZone: "UTC", referenceTime: Date.UTC(2026, 0, 10) });
  assert.equal(records(january)[0]?.timestamp, Date.UTC(2025, 4, 16, 4, 49, 0));
  const berlin = runText(vllmFormat, line, { timeZone: "Europe/Berlin", referenceTime: Date.UTC(2026, 10, 22) });
  assert.equal(records(berlin)[0]?.timestamp, Date.UTC(2026, 4, 16, 2, 49, 0));
});

test("other line shapes: V0 stats without a bracket, generated responses, finish and abort latency", () => {
  const text = [
    "INFO 08-27 13:53:14 metrics.py:351] Avg prompt throughput: 512.4 tokens/s, Avg generation throughput: 88.0 tokens/s, Running: 21 reqs, Swapped: 0 reqs, Pending: 11 reqs, GPU KV cache usage: 3.3%, CPU KV cache usage: 0.0%.",
    'INFO 08-27 13:53:15 [logger.py:39] Received request chatcmpl-9: prompt: "<|user|>\\nIt\'s me\\n", params: SamplingParams(n=1, temperature=0.0, max_tokens=16), prompt_token_ids: None, prompt_embeds shape: None, lora_request: None.',
    "INFO 08-27 13:53:17 [logger.py:71] Generated response chatcmpl-9: output: 'Hi \\'there\\'', output_token_ids: [13, 14, 15], finish_reason: stop",
    "INFO 08-27 13:53:18 [async_llm_engine.py:180] Finished request chatcmpl-9.",
    "INFO 08-27 13:53:19 [async_llm.py:400] Aborted request(s) a-1,a-2.",
    "INFO 08-27 13:53:20 [api_server.py:1000] Starting vLLM API server on http://0.0.0.0:8000",
  ].join("\n");
  const results = runText(vllmFormat, text);
  assert.deepEqual(diagnostics(results), []);
  const [stats, received, generated, finished, abort1, abort2, plain] = records(results);
  assert.equal(stats?.swapped_reqs, 0);
  assert.equal(stats?.pending_reqs, 11);
  assert.equal(stats?.gpu_kv_cache_usage_pct, 3.3);
  assert.equal(stats?.cpu_kv_cache_usage_pct, 0);
  assert.equal(stats?.logger, "metrics.py:351");
  assert.equal(stats?.engine, undefined);
  assert.equal(received?.prompt_text, "<|user|>\nIt's me\n");
  assert.equal(received?.max_tokens, 16);
  assert.equal(received?.tokens_in, undefined, "no token ids logged");
  assert.equal(generated?.response_text, "Hi 'there'");
  assert.equal(generated?.tokens_out, 3);
  assert.equal(generated?.finish_reason, "stop");
  assert.equal(finished?.latency_ms, 3000);
  assert.equal(finished?.outcome, "success");
  assert.deepEqual([abort1?.request_id, abort2?.request_id, abort1?.outcome], ["a-1", "a-2", "failure"]);
  assert.equal(plain?.event_kind, "log");
  assert.equal(plain?.message, "Starting vLLM API server on http://0.0.0.0:8000");
  assert.ok(!JSON.stringify(received?.message).includes("It's me"), "the prompt stays out of `message`");
});

test("a traceback joins the error it follows; stray text is diagnosed", () => {
  const text = [
    "(EngineCore_DP0 pid=42) ERROR 08-27 13:53:14 [core.py:700] EngineCore failed to start.",
    "Traceback (most recent call last):",
    '  File "/usr/lib/python3/site-packages/vllm/v1/engine/core.py", line 690, in run_engine_core',
    "    engine_core = EngineCoreProc(*args, **kwargs)",
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.",
    "(APIServer pid=41) INFO:     Shutting down",
    "this line is nothing vLLM writes",
  ].join("\n");
  const results = runText(vllmFormat, text);
  assert.deepEqual(diagnostics(results), [{ line: 7, code: "unparseable" }]);
  const [error, shutdown] = records(results);
  assert.equal(error?.severity, "error");
  assert.equal(error?.process, "EngineCore_DP0");
  assert.equal(error?.pid, 42);
  assert.equal(error?.error_type, "torch.OutOfMemoryError");
  assert.match(String(error?.message), /^EngineCore failed to start\.\nTraceback/);
  assert.equal(results[0]?.raw.split("\n").length, 5);
  assert.equal(shutdown?.timestamp, Date.UTC(2026, 7, 27, 13, 53, 14));
  assertEveryLineCovered(
    text.split("\n").map((t, i) => ({ line: i + 1, text: t })),
    results,
  );
  // vLLM >= 0.10 prefixes every line of a process, its traceback lines included.
  const prefixed = runText(
    vllmFormat,
    [
      "(APIServer pid=7) ERROR 08-27 13:53:14 [serving_chat.py:200] Error in preprocessing prompt inputs",
      "(APIServer pid=7) Traceback (most recent call last):",
      '(APIServer pid=7)   File "/opt/vllm/entrypoints/openai/serving_chat.py", line 198, in create_chat_completion',
      "(APIServer pid=7) ValueError: This model's maximum context length is 4096 tokens.",
    ].join("\n"),
  );
  assert.deepEqual(diagnostics(prefixed), []);
  const [prefixedError] = records(prefixed);
  assert.equal(prefixedError?.error_type, "ValueError");
  assert.match(String(prefixedError?.message), /\nTraceback \(most recent call last\):\n {2}File/);
});

test("Python repr strings and token-id lists", () => {
  assert.deepEqual(readReprString("'a\\'b\\n\\x41\\u00e9\\\\' rest", 0), { value: "a'b\nAé\\", end: 20 });
  assert.deepEqual(readReprString('"it\'s"', 0), { value: "it's", end: 6 });
  assert.equal(readReprString("'never closed", 0), undefined);
  assert.equal(readReprString("None", 0), undefined);
  assert.deepEqual(countIntList("[1, 2, 3], x", 0), { count: 3, end: 9 });
  assert.deepEqual(countIntList("[]", 0), { count: 0, end: 2 });
  assert.equal(countIntList("[1, ...]", 0), undefined);
});

test("examples parse; detection keys on the vLLM header, the process prefix and OpenAI routes", () => {
  assertExamplesParse(vllmFormat);
  const own = [...fixtureLines("vllm", LIFECYCLE), ...fixtureLines("vllm", KUNLUN)].map((l) => l.text);
  assertDetects(vllmFormat, own, [
    ...FOREIGN_TO_LLM_FORMATS,
    'INFO:     127.0.0.1:5000 - "POST /v1/models/sklearn-iris:predict HTTP/1.1" 200 OK',
    "☁️  cloudevents.Event",
    'seldon.default.model.mul10.inputs\tciep0bofh5ss73dpdiq0\t{"inputs":[]}',
  ]);
});
