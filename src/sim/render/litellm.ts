// LiteLLM proxy StandardLoggingPayload lines (one per chat completion), the key only as its hash.

import type { SimEvent } from "../events.js";
import { CHATBOT } from "../platform.js";
import { iso } from "./time.js";

export function renderLitellm(e: SimEvent): string {
  const f = e.f;
  const failed = f.outcome === "failure";
  const messages = JSON.stringify([
    { role: "system", content: CHATBOT.systemPrompt },
    { role: "user", content: e.x.userText },
  ]);
  const response = failed
    ? "{}"
    : JSON.stringify({
        id: f.request_id,
        object: "chat.completion",
        model: CHATBOT.backend,
        choices: [
          { index: 0, finish_reason: f.finish_reason, message: { role: "assistant", content: f.response_text } },
        ],
        usage: {
          prompt_tokens: f.tokens_in,
          completion_tokens: f.tokens_out,
          total_tokens: Number(f.tokens_in) + Number(f.tokens_out),
        },
      });
  const error = failed
    ? `,"error_information":{"error_class":"${f.error_type}","error_code":"${e.x.errorCode}","error_message":${JSON.stringify(f.message)}}`
    : "";
  return `{"id":"${f.request_id}","call_type":"acompletion","stream":false,"startTime":"${iso(e.t)}","endTime":"${iso(e.t + Number(f.latency_ms))}","model":"${f.model_name}","model_group":"${f.model_name}","custom_llm_provider":"hosted_vllm","api_base":"http://vllm.${CHATBOT.name}:8000/v1","session_id":"${f.session_id}","user":"${f.user_id}","metadata":{"user_api_key_hash":"${f.auth_token_id}","user_api_key_alias":"${e.x.keyAlias}","requester_ip_address":"${f.client_ip}","user_agent":${JSON.stringify(f.user_agent)}},"requester_ip_address":"${f.client_ip}","prompt_tokens":${f.tokens_in},"completion_tokens":${f.tokens_out},"total_tokens":${Number(f.tokens_in) + Number(f.tokens_out)},"response_cost":${f.cost_usd},"messages":${messages},"response":${response},"status":"${failed ? "failure" : "success"}"${error},"cache_hit":false,"request_tags":[]}`;
}
