// What vLLM's log messages say: engine stats, request lifecycle (received, added, generated, finished, aborted).
import { readReprString } from "../common/quoted-strings.js";
import { putText } from "../common/records.js";
import { countIntList } from "./python-repr.js";

type Fields = Record<string, unknown>;

/** A message read into event fields; `requestIds` lists the requests it is about (an abort may name several). */
export interface MessageFields {
  readonly fields: Fields;
  readonly requestIds?: readonly string[];
  readonly action?:
    | "request_received"
    | "request_added"
    | "request_finished"
    | "request_aborted"
    | "response_generated";
}

const UNIT_SUFFIX: Readonly<Record<string, string>> = { "tokens/s": "_tokens_per_s", "%": "_pct", reqs: "_reqs" };

/**
 * `Engine 000: Avg prompt throughput: 0.5 tokens/s, ..., GPU KV cache usage: 0.0%, ...`: every `Label: number unit`
 * becomes a field named after its label and unit (`avg_prompt_throughput_tokens_per_s`, `running_reqs`,
 * `gpu_kv_cache_usage_pct`), so counters added by later versions are kept without a code change.
 */
function engineStats(message: string): MessageFields | undefined {
  const m = /^(?:Engine (\d+): )?(Avg prompt throughput: .*)$/.exec(message);
  if (!m) return undefined;
  const fields: Fields = { event_kind: "metric", event_action: "engine_stats", metric_name: "vllm_engine_stats" };
  if (m[1] !== undefined) fields.engine = m[1];
  for (const part of (m[2] ?? "").split(/,\s+/)) {
    const p = /^([A-Za-z][A-Za-z0-9 ]*?):\s+(-?\d+(?:\.\d+)?)\s*(tokens\/s|%|reqs)?\.?$/.exec(part.trim());
    if (!p) continue;
    const name = (p[1] ?? "")
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_");
    fields[`${name}${UNIT_SUFFIX[p[3] ?? ""] ?? ""}`] = Number(p[2]);
  }
  return { fields };
}

/** Sampling parameters worth keeping from `SamplingParams(n=1, ..., max_tokens=300, ...)`. */
function samplingParams(text: string): Fields {
  const out: Fields = {};
  for (const [key, name] of [
    ["max_tokens", "max_tokens"],
    ["temperature", "temperature"],
    ["top_p", "top_p"],
    ["top_k", "top_k"],
    ["n", "n"],
    ["seed", "seed"],
  ] as const) {
    const m = new RegExp(`[(,\\s]${key}=(-?\\d+(?:\\.\\d+)?)[,)]`).exec(text);
    if (m) out[name] = Number(m[1]);
  }
  return out;
}

/** `Received request <id>: prompt: '<repr>', params: ..., prompt_token_ids: [...], ..., lora_request: ... .` */
function received(message: string): MessageFields | undefined {
  const head = /^Received request (.+?): prompt: /.exec(message);
  if (!head) return undefined;
  const id = head[1] ?? "";
  const fields: Fields = { event_kind: "llm", event_action: "request_received", message: `Received request ${id}` };
  let rest = message.slice(head[0].length);
  const prompt = readReprString(rest, 0);
  if (prompt) {
    putText(fields, "prompt_text", prompt.value);
    rest = rest.slice(prompt.end);
  } else if (!rest.startsWith("None")) {
    // The prompt could not be delimited: keep nothing of it rather than leak part of it into another field.
    return { fields, requestIds: [id], action: "request_received" };
  }
  const params = /, params: (\w+Params\(.*?\))(?:, prompt_token_ids: |, lora_request: |\.$)/.exec(rest);
  if (params) Object.assign(fields, samplingParams(params[1] ?? ""));
  const idsAt = rest.indexOf(", prompt_token_ids: [");
  if (idsAt >= 0) {
    const ids = countIntList(rest, idsAt + ", prompt_token_ids: ".length);
    if (ids) fields.tokens_in = ids.count;
  }
  const lora = /lora_request: LoRARequest\(lora_name='([^']*)'/.exec(rest);
  if (lora) fields.lora_name = lora[1];
  return { fields, requestIds: [id], action: "request_received" };
}

/** `Generated response <id>[ (streaming ...)]: output: '<repr>', output_token_ids: [...], finish_reason: stop`. */
function generated(message: string): MessageFields | undefined {
  const head = /^Generated response (.+?)( \(streaming (?:delta|complete)\))?: output: /.exec(message);
  if (!head) return undefined;
  const id = head[1] ?? "";
  const fields: Fields = { event_kind: "llm", event_action: "response_generated", message: `Generated response ${id}` };
  if (head[2] !== undefined) fields.streaming = head[2].includes("delta") ? "delta" : "complete";
  const rest = message.slice(head[0].length);
  const output = readReprString(rest, 0);
  if (!output) return { fields, requestIds: [id], action: "response_generated" };
  putText(fields, "response_text", output.value);
  const after = rest.slice(output.end);
  if (after.startsWith(", output_token_ids: [")) {
    const ids = countIntList(after, ", output_token_ids: ".length);
    if (ids) fields.tokens_out = ids.count;
  }
  const finish = /, finish_reason: (\w+)$/.exec(after);
  if (finish && finish[1] !== "None") fields.finish_reason = finish[1];
  return { fields, requestIds: [id], action: "response_generated" };
}

function lifecycle(message: string): MessageFields | undefined {
  const added = /^Added request (\S+?)\.?$/.exec(message);
  if (added) {
    return {
      fields: { event_kind: "llm", event_action: "request_added" },
      requestIds: [added[1] ?? ""],
      action: "request_added",
    };
  }
  const finished = /^Finished request (\S+?)\.?$/.exec(message);
  if (finished) {
    return {
      fields: { event_kind: "llm", event_action: "request_finished", outcome: "success" },
      requestIds: [finished[1] ?? ""],
      action: "request_finished",
    };
  }
  const aborted = /^Aborted request(?:\(s\))? (.+?)\.?$/.exec(message);
  if (aborted) {
    return {
      fields: { event_kind: "llm", event_action: "request_aborted", outcome: "failure" },
      requestIds: (aborted[1] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
      action: "request_aborted",
    };
  }
  return undefined;
}

/** Fields of a vLLM logger message; anything unrecognized is a plain `log` event carrying the message. */
export function readMessage(message: string): MessageFields {
  return (
    engineStats(message) ??
    received(message) ??
    generated(message) ??
    lifecycle(message) ?? { fields: { event_kind: "log", message } }
  );
}
