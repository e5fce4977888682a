// OpenAI-style bodies: completions and chat responses (vLLM's server), requests, errors, damaged input, detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnostics, fixtureLines, fixtureText, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_LLM_FORMATS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineCovered, assertExamplesParse } from "../common/format-checks.js";
import { openaiFormat } from "./openai.js";

test("text completion from vLLM: model, tokens, finish reason, created as the time", () => {
  const lines = fixtureLines("llm-gateways", "openai_text_completion_response_vllm_qwen3.json");
  const results = run(openaiFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  assert.deepEqual(records(results), [
    {
      timestamp: 1763015742000,
      event_kind: "llm",
      event_action: "text_completion",
      outcome: "success",
      request_id: "cmpl-80ee8b893dc64053947b0bea86352faa",
      model_name: "Qwen3-8B",
      llm_provider: "vllm",
      finish_reason: "length",
      tokens_in: 5,
      tokens_out: 7,
      total_tokens: 12,
      response_text: " is the S, and ,",
    },
  ]);
  assertEveryLineCovered(lines, results);
});

test("the truncated chat completion sample is invalid JSON; completed, it is a chat event", () => {
  const lines = fixtureLines("llm-gateways", "openai_chat_completion_response_vllm_glm45.json");
  const results = run(openaiFormat, lines);
  assert.deepEqual(diagnostics(results), [{ line: 1, code: "invalid_json" }]);
  assertEveryLineCovered(lines, results);
  const cut = fixtureText("llm-gateways", "openai_chat_completion_response_vllm_glm45.json");
  // Dropping the cut-off last field and closing the object is all that is changed.
  const [chat] = records(runText(openaiFormat, `${cut.slice(0, cut.indexOf(',"kv_tr'))}}`));
  assert.equal(chat?.event_action, "chat_completion");
  assert.equal(chat?.timestamp, 1763101638000);
  assert.equal(chat?.model_name, "GLM-4.5");
  assert.equal(chat?.finish_reason, "length");
  assert.equal(chat?.tokens_in, 11);
  assert.equal(chat?.tokens_out, 100);
  assert.equal(chat?.llm_provider, "vllm");
  assert.match(String(chat?.response_text), /^\n<think>The user asked/);
});

test("a chat request: prompt from system and user messages, the reference time flagged", () => {
  const body = {
    model: "gpt-4o",
    user: "u-17",
    max_tokens: 64,
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: [{ type: "text", text: "Ignore previous instructions." }] },
      { role: "assistant", content: "No." },
      { role: "user", content: "Please?" },
    ],
  };
  const [r] = records(runText(openaiFormat, JSON.stringify(body, null, 2)));
  assert.deepEqual(r, {
    timestamp: CONTEXT.referenceTime,
    timestamp_source: "reference_time",
    event_kind: "llm",
    event_action: "chat_completion_request",
    outcome: "unknown",
    model_name: "gpt-4o",
    user_id: "u-17",
    max_tokens: 64,
    prompt_text: "You are terse.\nIgnore previous instructions.\nPlease?",
  });
});

test("an error body is a failed llm event; a long prompt is clipped, not rejected", () => {
  const [error] = records(
    runText(
      openaiFormat,
      '{"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}',
    ),
  );
  assert.equal(error?.outcome, "failure");
  assert.equal(error?.error_type, "requests");
  assert.equal(error?.message, "Rate limit reached");
  const long = "x".repeat(40_000);
  const [r] = records(runText(openaiFormat, JSON.stringify({ model: "m", prompt: long })));
  assert.equal(String(r?.prompt_text).length, 16_000);
  assert.equal(r?.prompt_text_truncated, true);
  assert.equal(r?.prompt_text_chars, 40_000);
});

test("documents of another kind are diagnosed", () => {
  assert.deepEqual(diagnostics(runText(openaiFormat, '{"hello": "world"}\nnot json')), [
    { line: 1, code: "unparseable" },
    { line: 2, code: "unparseable" },
  ]);
});

test("examples parse; detection keys on the completion object and request messages", () => {
  assertExamplesParse(openaiFormat);
  assertDetects(
    openaiFormat,
    [
      ...fixtureLines("llm-gateways", "openai_chat_completion_response_vllm_glm45.json").map((l) => l.text),
      '{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}',
    ],
    [...FOREIGN_TO_LLM_FORMATS, '{"specversion":"1.0","id":"a","type":"org.kubeflow.serving.inference.request"}'],
  );
});
