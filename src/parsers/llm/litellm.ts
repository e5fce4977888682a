// `litellm`: LiteLLM proxy logs: the StandardLoggingPayload its callbacks emit and LiteLLM_SpendLogs rows.
import { tokenId } from "../common/hashing.js";
import {
  asArray,
  asCount,
  asNumber,
  asObject,
  asString,
  decodeJsonString,
  type JsonObject,
} from "../common/json-values.js";
import { compactPresent, putText } from "../common/records.js";
import { elapsedMs, parseInstant } from "../common/times.js";
import type { LineResult, ParseContext } from "../types.js";
import { documentFormat } from "./document-format.js";
import { finishReason, promptFromInput, responseText } from "./messages.js";

/** `cache_hit` arrives as a boolean, or (spend logs) as Python's str(): "True", "False", "None". */
function flag(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "True" || v === "true") return true;
  if (v === "False" || v === "false") return false;
  return undefined;
}

function stringList(v: unknown): string[] | undefined {
  const list = asArray(decodeJsonString(v))?.filter((x): x is string => typeof x === "string");
  return list && list.length > 0 ? list : undefined;
}

function isLiteLlmLog(o: JsonObject): boolean {
  const spendLog = "spend" in o && "request_id" in o;
  const standardPayload = "call_type" in o && ("response_cost" in o || "startTime" in o);
  return spendLog || standardPayload;
}

/**
 * One LiteLLM log (either shape) as an llm event. Only chosen fields are kept: the payload also carries the key
 * (`api_key`, `user_api_key*`), which is reduced to `auth_token_id`, and bulky model-map data.
 */
function litellmRecord(o: JsonObject, ctx: ParseContext): JsonObject {
  const meta = asObject(decodeJsonString(o.metadata)) ?? {};
  const hidden = asObject(o.hidden_params) ?? {};
  const errorInfo = asObject(o.error_information) ?? {};
  const response = decodeJsonString(o.response);
  const start = parseInstant(o.startTime, ctx.timeZone);
  const end = parseInstant(o.endTime, ctx.timeZone);
  const firstToken = parseInstant(o.completionStartTime, ctx.timeZone);
  const responseSeconds = asNumber(o.response_time);
  const status = asString(o.status)?.toLowerCase();
  const errorClass = asString(errorInfo.error_class) ?? asString(errorInfo.error_code);
  const failed = status === "failure" || errorClass !== undefined || asString(o.error_str) !== undefined;
  const provider =
    asString(o.custom_llm_provider) ??
    asString(asObject(asObject(o.model_map_information)?.model_map_value)?.litellm_provider);
  const time = start ?? end;
  const record: JsonObject = {
    timestamp: time ? time.ms : ctx.referenceTime,
    event_kind: "llm",
    outcome: failed ? "failure" : status === "success" ? "success" : "unknown",
    ...compactPresent({
      timestamp_source: time ? undefined : "reference_time",
      event_action: asString(o.call_type),
      request_id: asString(o.id) ?? asString(o.request_id),
      trace_id: asString(o.trace_id),
      session_id: asString(o.session_id) ?? asString(meta.session_id),
      model_name: asString(o.model),
      llm_provider: provider,
      latency_ms: elapsedMs(start, end) ?? (responseSeconds === undefined ? undefined : responseSeconds * 1000),
      time_to_first_token_ms: o.stream === true ? elapsedMs(start, firstToken) : undefined,
      cost_usd: asNumber(o.response_cost) ?? asNumber(o.spend) ?? asNumber(hidden.response_cost),
      tokens_in: asCount(o.prompt_tokens),
      tokens_out: asCount(o.completion_tokens),
      total_tokens: asCount(o.total_tokens),
      user_id: asString(o.user) ?? asString(meta.user_api_key_user_id) ?? asString(o.end_user),
      end_user: asString(o.end_user),
      auth_token_id: tokenId(o.api_key) ?? tokenId(meta.user_api_key_hash) ?? tokenId(meta.user_api_key),
      key_alias: asString(meta.user_api_key_alias),
      team_id: asString(o.team_id) ?? asString(meta.user_api_key_team_id),
      organization_id: asString(o.organization_id) ?? asString(meta.user_api_key_org_id),
      client_ip: asString(o.requester_ip_address) ?? asString(meta.requester_ip_address),
      user_agent: asString(meta.user_agent),
      model_group: asString(o.model_group),
      model_id: asString(o.model_id) ?? asString(hidden.model_id),
      api_base: asString(o.api_base) ?? asString(hidden.api_base),
      stream: typeof o.stream === "boolean" ? o.stream : undefined,
      cache_hit: flag(o.cache_hit),
      tags: stringList(o.request_tags),
      applied_guardrails: stringList(meta.applied_guardrails),
      finish_reason: finishReason(response),
      error_type: errorClass,
      message: failed ? (asString(errorInfo.error_message) ?? asString(o.error_str)) : undefined,
    }),
  };
  if (failed) record.severity = "error";
  putText(record, "prompt_text", promptFromInput(o.messages));
  putText(record, "response_text", responseText(response));
  return record;
}

export function litellmRecords(doc: unknown, ctx: ParseContext): LineResult[] {
  const o = asObject(doc);
  return o && isLiteLlmLog(o) ? [{ ok: true, record: litellmRecord(o, ctx) }] : [];
}

export const litellmFormat = documentFormat({
  name: "litellm",
  description:
    "LiteLLM proxy logs: StandardLoggingPayload (callbacks: GCS/PubSub, S3, generic API) and LiteLLM_SpendLogs rows. " +
    "Model, provider, tokens, cost, latency (endTime - startTime), user/team; the API key only as a hashed auth_token_id.",
  examples: [
    '{"request_id":"chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027","session_id":"1234567890","call_type":"acompletion","api_key":"","cache_hit":"None","startTime":"2025-01-24 09:20:46.847371","endTime":"2025-01-24 09:20:46.851954","completionStartTime":"2025-01-24 09:20:46.851954","model":"gpt-4o","user":"","team_id":"","organization_id":"","metadata":"{\\"applied_guardrails\\": [], \\"attempted_fallbacks\\": null, \\"original_model_group\\": null, \\"batch_models\\": null, \\"batch_successful_requests\\": null, \\"batch_failed_requests\\": null, \\"mcp_tool_call_metadata\\": null, \\"vector_store_request_metadata\\": null, \\"routing_decision\\": null, \\"internal_call_origin\\": null, \\"router_metadata\\": null, \\"autorouter_savings_estimate\\": null, \\"autorouter_baseline_observation\\": null, \\"azure_spillover\\": null, \\"guardrail_information\\": null, \\"compression_savings\\": null, \\"litellm_gateway_injected_cache\\": null, \\"usage_object\\": {\\"completion_tokens\\": 20, \\"prompt_tokens\\": 10, \\"total_tokens\\": 30, \\"completion_tokens_details\\": null, \\"prompt_tokens_details\\": null}, \\"model_map_information\\": {\\"model_map_key\\": \\"gpt-4o\\", \\"model_map_value\\": {\\"key\\": \\"gpt-4o\\", \\"max_tokens\\": 16384, \\"max_input_tokens\\": 128000, \\"max_output_tokens\\": 16384, \\"input_cost_per_token\\": 2.5e-06, \\"cache_creation_input_token_cost\\": null, \\"cache_read_input_token_cost\\": 1.25e-06, \\"input_cost_per_character\\": null, \\"input_cost_per_token_above_128k_tokens\\": null, \\"input_cost_per_token_above_200k_tokens\\": null, \\"input_cost_per_query\\": null, \\"input_cost_per_second\\": null, \\"input_cost_per_audio_token\\": null, \\"input_cost_per_token_batches\\": 1.25e-06, \\"output_cost_per_token_batches\\": 5e-06, \\"output_cost_per_token\\": 1e-05, \\"output_cost_per_audio_token\\": null, \\"output_cost_per_character\\": null, \\"output_cost_per_token_above_128k_tokens\\": null, \\"output_cost_per_character_above_128k_tokens\\": null, \\"output_cost_per_token_above_200k_tokens\\": null, \\"output_cost_per_second\\": null, \\"output_cost_per_image\\": null, \\"output_vector_size\\": null, \\"litellm_provider\\": \\"openai\\", \\"mode\\": \\"chat\\", \\"supports_system_messages\\": true, \\"supports_response_schema\\": true, \\"supports_vision\\": true, \\"supports_function_calling\\": true, \\"supports_tool_choice\\": true, \\"supports_assistant_prefill\\": false, \\"supports_prompt_caching\\": true, \\"supports_audio_input\\": false, \\"supports_audio_output\\": false, \\"supports_pdf_input\\": false, \\"supports_embedding_image_input\\": false, \\"supports_native_streaming\\": null, \\"supports_web_search\\": true, \\"supports_reasoning\\": false, \\"search_context_cost_per_query\\": {\\"search_context_size_low\\": 0.03, \\"search_context_size_medium\\": 0.035, \\"search_context_size_high\\": 0.05}, \\"tpm\\": null, \\"rpm\\": null, \\"supported_openai_params\\": [\\"frequency_penalty\\", \\"logit_bias\\", \\"logprobs\\", \\"top_logprobs\\", \\"max_tokens\\", \\"max_completion_tokens\\", \\"modalities\\", \\"prediction\\", \\"n\\", \\"presence_penalty\\", \\"seed\\", \\"stop\\", \\"stream\\", \\"stream_options\\", \\"temperature\\", \\"top_p\\", \\"tools\\", \\"tool_choice\\", \\"function_call\\", \\"functions\\", \\"max_retries\\", \\"extra_headers\\", \\"parallel_tool_calls\\", \\"audio\\", \\"response_format\\", \\"user\\"]}}, \\"additional_usage_values\\": {\\"completion_tokens_details\\": null, \\"prompt_tokens_details\\": null}, \\"user_api_key\\": null, \\"user_api_key_alias\\": null, \\"user_api_key_team_id\\": null, \\"user_api_key_project_id\\": null, \\"user_api_key_project_alias\\": null, \\"user_api_key_org_id\\": null, \\"user_api_key_user_id\\": null, \\"user_api_key_team_alias\\": null, \\"spend_logs_metadata\\": null, \\"requester_ip_address\\": null, \\"user_agent\\": null, \\"status\\": null, \\"proxy_server_request\\": null, \\"error_information\\": null, \\"attempted_retries\\": null, \\"max_retries\\": null}","cache_key":"Cache OFF","spend":0.00022500000000000002,"total_tokens":30,"prompt_tokens":10,"completion_tokens":20,"request_tags":"[]","end_user":"","api_base":"","model_group":"","model_id":"","requester_ip_address":null,"custom_llm_provider":"openai","messages":"{}","response":"{}","proxy_server_request":"{}","status":"success","mcp_namespaced_tool_name":null,"agent_id":null}',
  ],
  // One-line payloads, and the `"call_type": "..."` line of a pretty-printed one (auto-detection holds the lines
  // before it): the key is LiteLLM's own.
  detect: (line) =>
    (/^\s*\{.*"call_type"\s*:\s*"/.test(line) && /"(startTime|spend|response_cost)"\s*:/.test(line)) ||
    /^\s*"call_type"\s*:\s*"\w+",?\s*$/.test(line),
  toRecords: litellmRecords,
  expected: "a LiteLLM StandardLoggingPayload or spend-log row (no `call_type`/`spend` fields)",
});
