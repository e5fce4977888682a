// `openai`: OpenAI-style API bodies (requests, responses, errors) from OpenAI or servers that copy its API.
import { asArray, asCount, asNumber, asObject, asString, type JsonObject } from "../common/json-values.js";
import { compactPresent, putText } from "../common/records.js";
import type { LineResult, ParseContext } from "../types.js";
import { documentFormat } from "./document-format.js";
import { finishReason, promptFromInput, responseText } from "./messages.js";

const RESPONSE_ACTIONS: Readonly<Record<string, string>> = {
  "chat.completion": "chat_completion",
  "chat.completion.chunk": "chat_completion_chunk",
  text_completion: "text_completion",
  response: "response",
  list: "embeddings",
};

/** Fields only vLLM's OpenAI-compatible server adds: the provider is known when one is present. */
function looksLikeVllm(doc: JsonObject): boolean {
  const choice = asObject(asArray(doc.choices)?.[0]);
  return "kv_transfer_params" in doc || "prompt_logprobs" in doc || (choice !== undefined && "stop_reason" in choice);
}

/** Token usage in either naming (`prompt_tokens` of chat/completions, `input_tokens` of the responses API). */
export function usageFields(usage: unknown): JsonObject {
  const u = asObject(usage);
  if (!u) return {};
  const reasoning =
    asObject(u.completion_tokens_details)?.reasoning_tokens ?? asObject(u.output_tokens_details)?.reasoning_tokens;
  return compactPresent({
    tokens_in: asCount(u.prompt_tokens ?? u.input_tokens),
    tokens_out: asCount(u.completion_tokens ?? u.output_tokens),
    total_tokens: asCount(u.total_tokens),
    reasoning_tokens: asCount(reasoning),
  });
}

/** The time a body carries (`created`, `created_at`: epoch seconds), else the input's reference time, flagged. */
function bodyTime(doc: JsonObject, ctx: ParseContext): JsonObject {
  const created = asNumber(doc.created ?? doc.created_at);
  if (created !== undefined && created > 0) return { timestamp: Math.round(created * 1000) };
  return { timestamp: ctx.referenceTime, timestamp_source: "reference_time" };
}

function responseRecord(doc: JsonObject, action: string, ctx: ParseContext): JsonObject {
  const choices = asArray(doc.choices);
  const status = asString(doc.status);
  const failed = status === "failed" || (doc.error !== undefined && doc.error !== null);
  const record: JsonObject = {
    ...bodyTime(doc, ctx),
    event_kind: "llm",
    event_action: action,
    outcome: failed ? "failure" : "success",
    ...compactPresent({
      request_id: asString(doc.id),
      model_name: asString(doc.model),
      llm_provider: looksLikeVllm(doc) ? "vllm" : undefined,
      finish_reason:
        finishReason(doc) ??
        asString(asObject(doc.incomplete_details)?.reason) ??
        (action === "response" ? status : undefined),
      system_fingerprint: asString(doc.system_fingerprint),
      choices_count: choices && choices.length > 1 ? choices.length : undefined,
      error_type: asString(asObject(doc.error)?.type) ?? asString(asObject(doc.error)?.code),
    }),
    ...usageFields(doc.usage),
  };
  putText(record, "response_text", responseText(action === "response" ? doc.output : doc));
  return record;
}

function errorRecord(error: JsonObject, ctx: ParseContext): JsonObject {
  return {
    timestamp: ctx.referenceTime,
    timestamp_source: "reference_time",
    event_kind: "llm",
    event_action: "error",
    outcome: "failure",
    severity: "error",
    ...compactPresent({
      error_type: asString(error.type) ?? (error.code === undefined ? undefined : String(error.code)),
      message: asString(error.message),
      error_param: asString(error.param),
    }),
  };
}

function requestRecord(doc: JsonObject, ctx: ParseContext): JsonObject {
  const action =
    doc.messages !== undefined
      ? "chat_completion_request"
      : doc.prompt !== undefined
        ? "completion_request"
        : "response_request";
  const record: JsonObject = {
    timestamp: ctx.referenceTime,
    timestamp_source: "reference_time",
    event_kind: "llm",
    event_action: action,
    outcome: "unknown",
    ...compactPresent({
      model_name: asString(doc.model),
      user_id: asString(doc.user),
      stream: typeof doc.stream === "boolean" ? doc.stream : undefined,
      max_tokens: asCount(doc.max_tokens ?? doc.max_completion_tokens ?? doc.max_output_tokens),
      temperature: asNumber(doc.temperature),
      top_p: asNumber(doc.top_p),
      n: asCount(doc.n),
      tools_count: asArray(doc.tools)?.length || undefined,
    }),
  };
  putText(record, "prompt_text", promptFromInput(doc));
  return record;
}

/** The record of one OpenAI-shaped body, or none when the document is something else. */
export function openaiRecords(doc: unknown, ctx: ParseContext): LineResult[] {
  const o = asObject(doc);
  if (!o) return [];
  const action = RESPONSE_ACTIONS[asString(o.object) ?? ""];
  if (action !== undefined && (action !== "embeddings" || o.usage !== undefined)) {
    return [{ ok: true, record: responseRecord(o, action, ctx) }];
  }
  const error = asObject(o.error);
  if (error && Object.keys(o).length <= 2) return [{ ok: true, record: errorRecord(error, ctx) }];
  const isRequest =
    asString(o.model) !== undefined && (Array.isArray(o.messages) || o.prompt !== undefined || o.input !== undefined);
  return isRequest ? [{ ok: true, record: requestRecord(o, ctx) }] : [];
}

export const openaiFormat = documentFormat({
  name: "openai",
  description:
    "OpenAI-style API bodies (chat/completions/responses requests and responses, error bodies), one per line or " +
    "pretty-printed: model, tokens, finish reason, prompt and response text; `created` gives the time.",
  examples: [
    '{"id":"cmpl-80ee8b893dc64053947b0bea86352faa","object":"text_completion","created":1763015742,"model":"Qwen3-8B","choices":[{"index":0,"text":" is the S, and ,","logprobs":null,"finish_reason":"length","stop_reason":null,"prompt_logprobs":null}],"service_tier":null,"system_fingerprint":null,"usage":{"prompt_tokens":5,"total_tokens":12,"completion_tokens":7,"prompt_tokens_details":null},"kv_transfer_params":null}',
  ],
  detect: (line) =>
    /^\s*\{.*"object"\s*:\s*"(chat\.completion|chat\.completion\.chunk|text_completion)"/.test(line) ||
    /^\s*\{"(model|messages)"\s*:.*"messages"\s*:\s*\[\s*\{\s*"role"/.test(line),
  toRecords: openaiRecords,
  expected: "an OpenAI-style request or response body (no `object` of a completion, no `model` with `messages`)",
});
