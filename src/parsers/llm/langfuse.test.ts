// Langfuse traces and ingestion batches: one llm event per generation, the trace as context.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diagnostics, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_LLM_FORMATS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineCovered, assertExamplesParse } from "../common/format-checks.js";
import { langfuseFormat } from "./langfuse.js";

test("pydantic-ai trace export: the generation with OTel GenAI attributes, trace user/session/tags", () => {
  const lines = fixtureLines("llm-gateways", "langfuse_trace_export_pydantic-ai-2025-06-06.json");
  const results = run(langfuseFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const events = records(results);
  assert.equal(events.length, 1, "the two SPAN observations are not events");
  const r = events[0] ?? {};
  const { response_text: response, ...rest } = r;
  assert.deepEqual(rest, {
    trace_id: "25f4bdeebaab60e6e1bee7e8469554bc",
    trace_name: "pydantic-ai-qa-trace",
    user_id: "user_123",
    session_id: "session_abc",
    environment: "default",
    trace_version: "1.0.0",
    tags: ["dev", "pydantic-ai"],
    timestamp: Date.UTC(2025, 5, 6, 14, 40, 28, 562),
    event_kind: "llm",
    event_action: "generation",
    outcome: "success",
    span_id: "5cb389a3bdd21a6e",
    observation_id: "5cb389a3bdd21a6e",
    parent_observation_id: "0a4fac2553f22f2e",
    generation_name: "chat gpt-4o",
    model_name: "gpt-4o",
    response_model: "gpt-4o-2024-08-06",
    llm_provider: "openai",
    latency_ms: 4794,
    tokens_in: 31,
    tokens_out: 96,
    total_tokens: 127,
    cost_usd: 0.0010375,
    prompt_text: "You are a helpful assistant that answers questions clearly and concisely.\nWhat is Langfuse?",
  });
  assert.match(String(response), /^Langfuse is a tool designed for observability/);
  assertEveryLineCovered(lines, results);
});

test("Gemini trace export: OpenInference provider, reasoning tokens, finish reason, evaluation scores", () => {
  const lines = fixtureLines("llm-gateways", "langfuse_trace_export_google-gemini-2025-08-01.json");
  const results = run(langfuseFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  const [r] = records(results);
  assert.equal(r?.timestamp, Date.UTC(2025, 7, 1, 13, 22, 0, 147));
  assert.equal(r?.model_name, "gemini-2.5-flash");
  assert.equal(r?.llm_provider, "google");
  assert.equal(r?.latency_ms, 12032);
  assert.equal(r?.tokens_in, 6);
  assert.equal(r?.tokens_out, 2055);
  assert.equal(r?.reasoning_tokens, 1104);
  assert.equal(r?.cost_usd, 0.005139299999);
  assert.equal(r?.finish_reason, "stop");
  assert.equal(r?.prompt_text, "What is Langfuse?");
  assert.match(String(r?.response_text), /^\*\*Langfuse\*\* is an \*\*open-source observability/);
  assert.deepEqual(r?.scores, { hallucination: 0.1, toxicity: 0 });
  assertEveryLineCovered(lines, results);
});

test("LiteLLM's ingestion batch: the generation with the batch's trace, times with offsets", () => {
  const lines = fixtureLines("llm-gateways", "litellm_to_langfuse_ingestion_batch_expected_request.json");
  const results = run(langfuseFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  assert.deepEqual(records(results), [
    {
      trace_id: "litellm-test-793c217f-9417-4e77-84a7-8dcc16e5b72b",
      trace_name: "litellm-acompletion",
      timestamp: Date.UTC(2025, 0, 16, 19, 28, 54, 796),
      event_kind: "llm",
      event_action: "generation",
      outcome: "success",
      observation_id: "time-11-28-54-796360_chatcmpl-521e530f-5e29-4d0a-8d1a-58fca0a847c2",
      generation_name: "litellm-acompletion",
      model_name: "gpt-3.5-turbo",
      latency_ms: 327.993,
      time_to_first_token_ms: 327.993,
      tokens_in: 10,
      tokens_out: 20,
      cost_usd: 5.4999999999999995e-5,
      prompt_text: "Hello!",
      response_text: "Hello! How can I assist you today?",
    },
  ]);
  assertEveryLineCovered(lines, results);
});

test("generation updates merge into their create; an error level is a failure; a trace alone is an event", () => {
  const batch = {
    batch: [
      {
        type: "generation-create",
        timestamp: "2026-02-01T10:00:00Z",
        body: { id: "g1", traceId: "t1", model: "m", startTime: "2026-02-01T10:00:00Z" },
      },
      {
        type: "generation-update",
        body: { id: "g1", endTime: "2026-02-01T10:00:02Z", level: "ERROR", statusMessage: "upstream 503" },
      },
    ],
  };
  const [g] = records(runText(langfuseFormat, JSON.stringify(batch)));
  assert.equal(g?.latency_ms, 2000);
  assert.equal(g?.outcome, "failure");
  assert.equal(g?.severity, "error");
  assert.equal(g?.message, "upstream 503");
  assert.equal(g?.trace_id, "t1");
  const traceOnly = {
    trace: { id: "t2", timestamp: "2026-02-01T10:00:00Z", latency: 1.5, input: "hi", observations: [] },
  };
  const [t] = records(runText(langfuseFormat, JSON.stringify(traceOnly)));
  assert.equal(t?.event_action, "trace");
  assert.equal(t?.latency_ms, 1500);
  assert.equal(t?.prompt_text, "hi");
  assert.deepEqual(diagnostics(runText(langfuseFormat, '{"batch": []}')), [{ line: 1, code: "unparseable" }]);
});

test("examples parse; detection keys on ingestion event types and trace exports", () => {
  assertExamplesParse(langfuseFormat);
  assertDetects(
    langfuseFormat,
    [
      ...langfuseFormat.examples,
      '{"trace": {"id": "t"}, "observations": []}',
      '            "type": "trace-create",',
      '        "parentObservationId": "0a4fac2553f22f2e",',
    ],
    [
      ...FOREIGN_TO_LLM_FORMATS,
      '{"request_id":"chatcmpl-1","call_type":"acompletion","spend":0.1}',
      '    "call_type": "acompletion",',
      '  "type": "GENERATION",',
    ],
  );
});
