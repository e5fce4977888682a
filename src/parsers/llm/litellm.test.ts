// LiteLLM logs: spend-log rows and StandardLoggingPayload, naive local times, the API key never stored.
import assert from "node:assert/strict";
import { test } from "node:test";
import { diagnostics, fixtureLines, fixtureText, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_LLM_FORMATS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineCovered, assertExamplesParse } from "../common/format-checks.js";
import { sha256Hex } from "../common/hashing.js";
import { litellmFormat } from "./litellm.js";

const SPEND_LOG = "litellm_spend_logs_payload.json";
const STANDARD = "litellm_standard_logging_payload.json";

test("spend-log row: JSON-in-string fields decoded, spend as cost, latency from start and end", () => {
  const lines = fixtureLines("llm-gateways", SPEND_LOG);
  const results = run(litellmFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  assert.deepEqual(records(results), [
    {
      timestamp: Date.UTC(2025, 0, 24, 9, 20, 46, 847),
      event_kind: "llm",
      outcome: "success",
      event_action: "acompletion",
      request_id: "chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027",
      session_id: "1234567890",
      model_name: "gpt-4o",
      llm_provider: "openai",
      latency_ms: 4.583,
      cost_usd: 0.00022500000000000002,
      tokens_in: 10,
      tokens_out: 20,
      total_tokens: 30,
    },
  ]);
  assertEveryLineCovered(lines, results);
});

test("StandardLoggingPayload: prompt, response, finish reason, stream timing, api base", () => {
  const lines = fixtureLines("llm-gateways", STANDARD);
  const results = run(litellmFormat, lines);
  assert.deepEqual(diagnostics(results), []);
  assert.deepEqual(records(results), [
    {
      timestamp: Date.UTC(2025, 0, 24, 9, 20, 46, 847),
      event_kind: "llm",
      outcome: "success",
      event_action: "acompletion",
      request_id: "chatcmpl-2299b6a2-82a3-465a-b47c-04e685a2227f",
      model_name: "gpt-4o",
      llm_provider: "openai",
      latency_ms: 4.583,
      time_to_first_token_ms: 4.583,
      cost_usd: 0.00022500000000000002,
      tokens_in: 10,
      tokens_out: 20,
      total_tokens: 30,
      api_base: "https://api.openai.com",
      stream: true,
      finish_reason: "stop",
      prompt_text: "Hello, world!",
      response_text: "hi",
    },
  ]);
  assertEveryLineCovered(lines, results);
});

test("naive start/end times are wall-clock times in the input's time zone", () => {
  const results = run(litellmFormat, fixtureLines("llm-gateways", SPEND_LOG), {
    timeZone: "Europe/Berlin",
    referenceTime: Date.UTC(2026, 10, 22),
  });
  assert.equal(records(results)[0]?.timestamp, Date.UTC(2025, 0, 24, 8, 20, 46, 847));
});

test("the API key is kept only as a hash; user, team, IP, failure fields", () => {
  const row = JSON.parse(fixtureText("llm-gateways", SPEND_LOG)) as Record<string, unknown>;
  const secret = "sk-live-0123456789abcdef";
  const failed = {
    ...row,
    api_key: secret,
    user: "alice",
    team_id: "team-a",
    requester_ip_address: "203.0.113.9",
    request_tags: '["prod", "chatbot"]',
    status: "failure",
    error_information: { error_class: "RateLimitError", error_message: "429 from upstream" },
    messages: '[{"role": "user", "content": "hello"}]',
    metadata: JSON.stringify({ user_api_key: secret, user_api_key_alias: "chat-frontend" }),
  };
  const [r] = records(runText(litellmFormat, JSON.stringify(failed)));
  assert.equal(r?.auth_token_id, sha256Hex(secret));
  assert.ok(!JSON.stringify(r).includes(secret), "the key itself is nowhere in the record");
  assert.equal(r?.user_id, "alice");
  assert.equal(r?.team_id, "team-a");
  assert.equal(r?.client_ip, "203.0.113.9");
  assert.deepEqual(r?.tags, ["prod", "chatbot"]);
  assert.equal(r?.key_alias, "chat-frontend");
  assert.equal(r?.outcome, "failure");
  assert.equal(r?.severity, "error");
  assert.equal(r?.error_type, "RateLimitError");
  assert.equal(r?.message, "429 from upstream");
  assert.equal(r?.prompt_text, "hello");
  const hashed = "a".repeat(64);
  const [h] = records(runText(litellmFormat, JSON.stringify({ ...row, api_key: hashed })));
  assert.equal(h?.auth_token_id, hashed, "LiteLLM's own hashed key is kept so it joins with its key table");
});

test("examples parse; detection keys on call_type (with spend or timing fields on one line)", () => {
  assertExamplesParse(litellmFormat);
  assertDetects(
    litellmFormat,
    [...litellmFormat.examples],
    [
      ...FOREIGN_TO_LLM_FORMATS,
      '{"id":"cmpl-80ee8b893dc64053947b0bea86352faa","object":"text_completion","created":1763015742,"model":"Qwen3-8B"}',
    ],
  );
});
