// `langfuse`: Langfuse trace exports and ingestion batches: one llm event per generation, the trace as context.
import {
  asArray,
  asCount,
  asNumber,
  asObject,
  asString,
  decodeJsonString,
  isObject,
  type JsonObject,
} from "../common/json-values.js";
import { compactPresent, putText } from "../common/records.js";
import { elapsedMs, type Instant, parseInstant } from "../common/times.js";
import type { LineResult, ParseContext } from "../types.js";
import { documentFormat } from "./document-format.js";
import { finishReason, promptFromInput, responseText } from "./messages.js";

/** OTel attributes the exporter stored in `metadata.attributes` (GenAI semconv and OpenInference names). */
function otelAttributes(metadata: unknown): JsonObject {
  return asObject(asObject(decodeJsonString(metadata))?.attributes) ?? {};
}

/** A positive cost, or undefined: Langfuse writes 0 for observations it could not price. */
function positive(v: unknown): number | undefined {
  const n = asNumber(v);
  return n !== undefined && n > 0 ? n : undefined;
}

function scoresOf(trace: JsonObject): JsonObject | undefined {
  const out: JsonObject = {};
  for (const s of asArray(trace.scores) ?? []) {
    const score = asObject(s);
    const name = asString(score?.name);
    const value = asNumber(score?.value) ?? asString(score?.stringValue);
    if (name !== undefined && value !== undefined) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** What every event of a trace shares. */
function traceContext(trace: JsonObject | undefined): JsonObject {
  if (!trace) return {};
  const tags = asArray(trace.tags)?.filter((t) => typeof t === "string");
  return compactPresent({
    trace_id: asString(trace.id),
    trace_name: asString(trace.name),
    user_id: asString(trace.userId),
    session_id: asString(trace.sessionId),
    environment: asString(trace.environment),
    release: asString(trace.release),
    trace_version: asString(trace.version),
    tags: tags && tags.length > 0 ? tags : undefined,
    scores: scoresOf(trace),
  });
}

function timeFields(instant: Instant | undefined, ctx: ParseContext): JsonObject {
  return instant ? { timestamp: instant.ms } : { timestamp: ctx.referenceTime, timestamp_source: "reference_time" };
}

function levelFields(o: JsonObject): JsonObject {
  const level = asString(o.level)?.toUpperCase();
  if (level === "ERROR") {
    return compactPresent({ outcome: "failure", severity: "error", message: asString(o.statusMessage) });
  }
  return compactPresent({
    outcome: "success",
    severity: level === "WARNING" ? "warn" : undefined,
    message: asString(o.statusMessage),
  });
}

/** One generation (export observation or ingestion body) as an llm event; `fallbackTime` is its envelope's time. */
function generationRecord(g: JsonObject, trace: JsonObject | undefined, fallbackTime: unknown, ctx: ParseContext) {
  const attrs = otelAttributes(g.metadata);
  const usage = asObject(g.usage) ?? {};
  const details = asObject(g.usageDetails) ?? {};
  const costs = asObject(g.costDetails) ?? {};
  const start = parseInstant(g.startTime, ctx.timeZone);
  const end = parseInstant(g.endTime, ctx.timeZone);
  const firstToken = parseInstant(g.completionStartTime, ctx.timeZone);
  const latencySeconds = asNumber(g.latency);
  const ttftSeconds = asNumber(g.timeToFirstToken);
  const id = asString(g.id);
  const record: JsonObject = {
    ...traceContext(trace),
    ...timeFields(start ?? parseInstant(fallbackTime, ctx.timeZone), ctx),
    event_kind: "llm",
    event_action: "generation",
    ...levelFields(g),
    ...compactPresent({
      trace_id: asString(g.traceId) ?? asString(trace?.id),
      span_id: id !== undefined && /^[0-9a-f]{16}$/.test(id) ? id : undefined,
      observation_id: id,
      parent_observation_id: asString(g.parentObservationId),
      generation_name: asString(g.name),
      model_name: asString(g.model) ?? asString(attrs["gen_ai.request.model"]) ?? asString(attrs["llm.model_name"]),
      response_model: asString(attrs["gen_ai.response.model"]),
      llm_provider:
        asString(attrs["gen_ai.system"]) ?? asString(attrs["gen_ai.provider.name"]) ?? asString(attrs["llm.provider"]),
      latency_ms: elapsedMs(start, end) ?? (latencySeconds === undefined ? undefined : latencySeconds * 1000),
      time_to_first_token_ms:
        elapsedMs(start, firstToken) ?? (ttftSeconds === undefined ? undefined : ttftSeconds * 1000),
      tokens_in: asCount(details.input ?? g.inputUsage ?? usage.input ?? usage.promptTokens),
      tokens_out: asCount(details.output ?? g.outputUsage ?? usage.output ?? usage.completionTokens),
      total_tokens: asCount(details.total ?? g.totalUsage ?? usage.total ?? usage.totalTokens),
      reasoning_tokens: asCount(details["completion_details.reasoning"] ?? details.output_reasoning),
      cost_usd:
        positive(costs.total) ??
        positive(g.totalCost) ??
        positive(g.calculatedTotalCost) ??
        positive(usage.totalCost) ??
        positive(asObject(g.metadata)?.litellm_response_cost),
      prompt_name: asString(g.promptName),
      prompt_version: asCount(g.promptVersion),
      finish_reason: finishReason(g.output),
    }),
  };
  putText(record, "prompt_text", promptFromInput(g.input));
  putText(record, "response_text", responseText(g.output));
  return record;
}

/** A trace with no generation still records an LLM application call: its own event, from the trace fields. */
function traceRecord(trace: JsonObject, ctx: ParseContext): JsonObject {
  const latencySeconds = asNumber(trace.latency);
  const record: JsonObject = {
    ...traceContext(trace),
    ...timeFields(parseInstant(trace.timestamp, ctx.timeZone), ctx),
    event_kind: "llm",
    event_action: "trace",
    outcome: "unknown",
    ...compactPresent({
      latency_ms: latencySeconds === undefined ? undefined : latencySeconds * 1000,
      cost_usd: positive(trace.totalCost),
    }),
  };
  putText(record, "prompt_text", promptFromInput(trace.input));
  putText(record, "response_text", responseText(trace.output));
  return record;
}

function isGeneration(o: JsonObject): boolean {
  return asString(o.type)?.toUpperCase() === "GENERATION";
}

/** `{trace, observations}` (a trace export) or a bare trace with `observations` inside. */
function exportRecords(trace: JsonObject, outer: unknown, ctx: ParseContext): JsonObject[] {
  // The top-level list carries input/output; the trace's own copy may not. Same ids: the top-level one wins.
  const byId = new Map<string, JsonObject>();
  for (const list of [asArray(trace.observations), asArray(outer)]) {
    for (const item of list ?? []) {
      const o = asObject(item);
      if (o && isGeneration(o)) byId.set(asString(o.id) ?? `#${byId.size}`, o);
    }
  }
  const generations = [...byId.values()];
  if (generations.length === 0) return [traceRecord(trace, ctx)];
  return generations.map((g) => generationRecord(g, trace, trace.timestamp, ctx));
}

/** An ingestion batch: generation-create/-update merged by id, trace-create bodies as their context. */
function batchRecords(batch: unknown[], ctx: ParseContext): JsonObject[] {
  const traces = new Map<string, JsonObject>();
  const generations = new Map<string, { body: JsonObject; time: unknown }>();
  for (const item of batch) {
    const event = asObject(item);
    const body = asObject(event?.body);
    const type = asString(event?.type);
    if (!event || !body || !type) continue;
    if (type === "trace-create") {
      traces.set(asString(body.id) ?? `#${traces.size}`, body);
    } else if (type.startsWith("generation-") || (type === "observation-create" && isGeneration(body))) {
      const key = asString(body.id) ?? `#${generations.size}`;
      const seen = generations.get(key);
      generations.set(key, { body: { ...seen?.body, ...compactPresent(body) }, time: seen?.time ?? event.timestamp });
    }
  }
  const onlyTrace = traces.size === 1 ? [...traces.values()][0] : undefined;
  if (generations.size === 0) return [...traces.values()].map((t) => traceRecord(t, ctx));
  return [...generations.values()].map(({ body, time }) => {
    const traceId = asString(body.traceId);
    const trace = traceId === undefined ? onlyTrace : (traces.get(traceId) ?? undefined);
    return generationRecord(body, trace, time, ctx);
  });
}

export function langfuseRecords(doc: unknown, ctx: ParseContext): LineResult[] {
  const o = asObject(doc);
  if (!o) return [];
  let records: JsonObject[] = [];
  const trace = asObject(o.trace);
  const batch = asArray(o.batch);
  const data = asArray(o.data);
  if (trace) records = exportRecords(trace, o.observations, ctx);
  else if (batch) records = batchRecords(batch, ctx);
  else if (Array.isArray(o.observations) && asString(o.id) !== undefined) records = exportRecords(o, undefined, ctx);
  else if (data) {
    records = data
      .filter((d): d is JsonObject => isObject(d) && isGeneration(d))
      .map((g) => generationRecord(g, undefined, undefined, ctx));
  } else if (isGeneration(o) && asString(o.traceId) !== undefined)
    records = [generationRecord(o, undefined, undefined, ctx)];
  return records.map((record) => ({ ok: true, record }));
}

export const langfuseFormat = documentFormat({
  name: "langfuse",
  description:
    "Langfuse traces: exports ({trace, observations}), observation lists and public-API ingestion batches. One llm " +
    "event per generation (model, provider, tokens, cost, latency, prompt/response text) with the trace as context.",
  examples: [
    '{"batch":[{"id":"7e00e081-468b-4fe9-a409-eb12ac7d3d2d","type":"trace-create","body":{"id":"litellm-test-793c217f-9417-4e77-84a7-8dcc16e5b72b","timestamp":"2025-01-16T19:28:55.124873Z","name":"litellm-acompletion","input":{"messages":[{"role":"user","content":"Hello!"}]},"output":{"content":"Hello! How can I assist you today?","role":"assistant","tool_calls":null,"function_call":null},"tags":[]},"timestamp":"2025-01-16T19:28:55.125002Z"},{"id":"b9ec2c0f-18df-46c7-9e90-624c60bf78ee","type":"generation-create","body":{"name":"litellm-acompletion","startTime":"2025-01-16T11:28:54.796360-08:00","metadata":{"hidden_params":{"model_id":null,"cache_key":null,"api_base":"https://api.openai.com","response_cost":5.4999999999999995e-05,"additional_headers":{}},"litellm_response_cost":5.4999999999999995e-05,"cache_hit":false,"requester_metadata":{}},"input":{"messages":[{"role":"user","content":"Hello!"}]},"output":{"content":"Hello! How can I assist you today?","role":"assistant","tool_calls":null,"function_call":null},"level":"DEFAULT","id":"time-11-28-54-796360_chatcmpl-521e530f-5e29-4d0a-8d1a-58fca0a847c2","endTime":"2025-01-16T11:28:55.124353-08:00","completionStartTime":"2025-01-16T11:28:55.124353-08:00","model":"gpt-3.5-turbo","modelParameters":{"extra_body":"{}"},"usage":{"input":10,"output":20,"unit":"TOKENS","totalCost":5.4999999999999995e-05}},"timestamp":"2025-01-16T19:28:55.125258Z"}],"metadata":{"batch_size":2,"sdk_integration":"litellm","sdk_name":"python","sdk_version":"2.44.1","public_key":"pk-lf-03734ab3-8790-4c09-b5fb-8c3b663413b6"}}',
  ],
  // One-line documents, and the telling lines of pretty-printed ones (auto-detection holds the lines before them):
  // ingestion event types and keys only Langfuse's observations have.
  detect: (line) =>
    /^\s*\{.*"type"\s*:\s*"(trace|generation|span|event|observation)-create"/.test(line) ||
    (/^\s*\{\s*"trace"\s*:\s*\{/.test(line) && line.includes('"observations"')) ||
    (/^\s*\{.*"type"\s*:\s*"GENERATION"/.test(line) && line.includes('"traceId"')) ||
    /^\s*"type"\s*:\s*"(trace|generation|span|event|observation)-create",?\s*$/.test(line) ||
    /^\s*"(parentObservationId|internalModelId)"\s*:/.test(line),
  toRecords: langfuseRecords,
  expected: "a Langfuse trace export, observation list or ingestion batch",
});
