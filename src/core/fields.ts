// The normalized event schema, defined once: types, runtime validation, storage DDL and docs/fields.md derive from it.

/** Storage/validation kind of a field. `text` is free text (prompts, messages); `keyword` is an identifier-like string. */
export type FieldType = "timestamp" | "keyword" | "text" | "int" | "float" | "bool" | "json";

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** Filled by InferWatch itself when absent (ids, ingest time, source). */
  readonly required?: boolean;
  readonly values?: readonly string[];
  /** Inclusive numeric bounds. */
  readonly min?: number;
  readonly max?: number;
  /** OpenTelemetry semantic-convention counterpart, when one exists. */
  readonly otel?: string;
  /** Elastic Common Schema counterpart, when one exists. */
  readonly ecs?: string;
  readonly description: string;
}

export const EVENT_KINDS = [
  "inference",
  "llm",
  "auth",
  "infra",
  "metric",
  "drift",
  "deploy",
  "pipeline",
  "alert",
  "log",
] as const;

export const OUTCOMES = ["success", "failure", "unknown"] as const;

export const SEVERITIES = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

export const FIELDS = [
  // --- when and what
  {
    name: "timestamp",
    type: "timestamp",
    required: true,
    otel: "Timestamp",
    ecs: "@timestamp",
    description: "When the event happened, integer milliseconds since the Unix epoch (UTC).",
  },
  {
    name: "observed_timestamp",
    type: "timestamp",
    required: true,
    otel: "ObservedTimestamp",
    ecs: "event.ingested",
    description: "When InferWatch received the event (set by InferWatch); retention counts from here.",
  },
  {
    name: "event_id",
    type: "keyword",
    required: true,
    ecs: "event.id",
    description: "Unique id of the event (UUIDv7, time-ordered) unless the source supplied one.",
  },
  {
    name: "event_kind",
    type: "keyword",
    required: true,
    values: EVENT_KINDS,
    ecs: "event.category",
    description: "What sort of event this is. Defaults to `log` when the source does not say.",
  },
  {
    name: "event_action",
    type: "keyword",
    otel: "event.name",
    ecs: "event.action",
    description: "The action or lifecycle step, e.g. `predict`, `login`, `OOMKilled`, `model_loaded`.",
  },
  {
    name: "outcome",
    type: "keyword",
    values: OUTCOMES,
    ecs: "event.outcome",
    description: "Whether the action succeeded.",
  },
  {
    name: "severity",
    type: "keyword",
    values: SEVERITIES,
    otel: "SeverityText",
    ecs: "log.level",
    description: "Log level, lower-cased.",
  },
  {
    name: "message",
    type: "text",
    otel: "Body",
    ecs: "message",
    description: "Human-readable message of the log line.",
  },
  // --- where it came from
  {
    name: "source_type",
    type: "keyword",
    required: true,
    ecs: "event.module",
    description: "Format the event was parsed from (`json`, later `torchserve`, `triton`, ...).",
  },
  {
    name: "source_id",
    type: "keyword",
    required: true,
    ecs: "event.dataset",
    description: "The feed or data source the event arrived through (the `source` given at ingest).",
  },
  {
    name: "host_name",
    type: "keyword",
    otel: "host.name",
    ecs: "host.name",
    description: "Host that emitted the event.",
  },
  {
    name: "container_name",
    type: "keyword",
    otel: "container.name",
    ecs: "container.name",
    description: "Container that emitted the event.",
  },
  {
    name: "k8s_namespace",
    type: "keyword",
    otel: "k8s.namespace.name",
    ecs: "orchestrator.namespace",
    description: "Kubernetes namespace.",
  },
  {
    name: "k8s_pod",
    type: "keyword",
    otel: "k8s.pod.name",
    ecs: "kubernetes.pod.name",
    description: "Kubernetes pod name.",
  },
  // --- who
  {
    name: "request_id",
    type: "keyword",
    otel: "http.request.header.x-request-id",
    ecs: "http.request.id",
    description: "Id of the inference request.",
  },
  { name: "trace_id", type: "keyword", otel: "trace_id", ecs: "trace.id", description: "W3C trace id." },
  { name: "span_id", type: "keyword", otel: "span_id", ecs: "span.id", description: "W3C span id." },
  {
    name: "session_id",
    type: "keyword",
    otel: "session.id",
    ecs: "session.id",
    description: "Conversation or client session id.",
  },
  { name: "user_id", type: "keyword", otel: "user.id", ecs: "user.id", description: "End user or account id." },
  {
    name: "auth_token_id",
    type: "keyword",
    ecs: "user.token.id",
    description: "Identifier (never the secret) of the API key or token used.",
  },
  {
    name: "client_ip",
    type: "keyword",
    otel: "client.address",
    ecs: "client.ip",
    description: "Client IP address.",
  },
  {
    name: "geo_country",
    type: "keyword",
    otel: "geo.country.iso_code",
    ecs: "client.geo.country_iso_code",
    description: "ISO country code of the client.",
  },
  {
    name: "geo_city",
    type: "keyword",
    otel: "geo.locality.name",
    ecs: "client.geo.city_name",
    description: "City of the client.",
  },
  {
    name: "user_agent",
    type: "text",
    otel: "user_agent.original",
    ecs: "user_agent.original",
    description: "User agent string.",
  },
  // --- which model
  {
    name: "model_name",
    type: "keyword",
    otel: "gen_ai.request.model",
    ecs: "ml.model.name",
    description: "Model name as served.",
  },
  {
    name: "model_version",
    type: "keyword",
    ecs: "ml.model.version",
    description: "Model version.",
  },
  {
    name: "llm_provider",
    type: "keyword",
    otel: "gen_ai.provider.name",
    description: "LLM provider or serving system (`openai`, `vllm`, ...).",
  },
  {
    name: "endpoint",
    type: "keyword",
    otel: "url.path",
    ecs: "url.path",
    description: "Serving endpoint or route, e.g. `/v2/models/resnet/infer`.",
  },
  {
    name: "deployment_group",
    type: "keyword",
    description: "A/B or canary group, e.g. `canary`, `stable`, `B`.",
  },
  // --- how it went
  {
    name: "http_status_code",
    type: "int",
    min: 100,
    max: 599,
    otel: "http.response.status_code",
    ecs: "http.response.status_code",
    description: "HTTP status code of the response.",
  },
  {
    name: "error_type",
    type: "keyword",
    otel: "error.type",
    ecs: "error.type",
    description: "Class of error when the request failed.",
  },
  {
    name: "latency_ms",
    type: "float",
    min: 0,
    otel: "http.server.request.duration (ms)",
    ecs: "event.duration (ms)",
    description: "Total latency in milliseconds.",
  },
  { name: "queue_ms", type: "float", min: 0, description: "Time spent queued before compute, in milliseconds." },
  { name: "compute_ms", type: "float", min: 0, description: "Time spent computing (inference), in milliseconds." },
  // --- input and output
  {
    name: "input_hash",
    type: "keyword",
    description: "Hash of the model input (never the raw input): lets near-duplicate probing be counted without PII.",
  },
  { name: "input_shape", type: "keyword", description: "Shape of the input tensor, e.g. `1x3x224x224`." },
  { name: "input_size_bytes", type: "int", min: 0, ecs: "http.request.body.bytes", description: "Size of the input." },
  { name: "prediction_label", type: "keyword", description: "Predicted class or label." },
  { name: "confidence", type: "float", description: "Confidence / score of the prediction (top probability)." },
  {
    name: "output_summary",
    type: "json",
    description: "Summary of the output logits or probabilities (e.g. top-k), as JSON.",
  },
  {
    name: "tokens_in",
    type: "int",
    min: 0,
    otel: "gen_ai.usage.input_tokens",
    description: "Input (prompt) tokens.",
  },
  {
    name: "tokens_out",
    type: "int",
    min: 0,
    otel: "gen_ai.usage.output_tokens",
    description: "Output (completion) tokens.",
  },
  { name: "cost_usd", type: "float", min: 0, description: "Cost of the request in US dollars." },
  {
    name: "finish_reason",
    type: "keyword",
    otel: "gen_ai.response.finish_reasons",
    description: "Why generation stopped (`stop`, `length`, `content_filter`, ...).",
  },
  {
    name: "prompt_text",
    type: "text",
    otel: "gen_ai.input.messages",
    description: "Prompt text, stored only as the redaction policy allows.",
  },
  {
    name: "response_text",
    type: "text",
    otel: "gen_ai.output.messages",
    description: "Response text, stored only as the redaction policy allows.",
  },
  // --- everything else
  {
    name: "attributes",
    type: "json",
    description: "Every input field with no column of its own, as a JSON object.",
  },
  {
    name: "raw",
    type: "text",
    ecs: "event.original",
    description: "The original line, kept for forensics subject to `retention.raw_days`.",
  },
] as const satisfies readonly FieldDef[];

export type FieldName = (typeof FIELDS)[number]["name"];

type ValueOf<T extends FieldType> = T extends "timestamp" | "int" | "float"
  ? number
  : T extends "bool"
    ? boolean
    : T extends "json"
      ? string
      : string;

type Field = (typeof FIELDS)[number];
type RequiredField = Extract<Field, { required: true }>;
type OptionalField = Exclude<Field, RequiredField>;

/**
 * One normalized event. JSON-typed fields (`attributes`, `output_summary`) hold serialized JSON text so that the
 * storage path never re-serializes them.
 */
export type InferEvent = { [F in RequiredField as F["name"]]: ValueOf<F["type"]> } & {
  [F in OptionalField as F["name"]]: ValueOf<F["type"]> | null;
};

export const FIELD_BY_NAME: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.name, f]));

/** Fields an ingest record may not set itself: InferWatch owns them. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set(["observed_timestamp", "source_type", "raw"]);

/**
 * Input names that map onto a column: the column's own name, its OTel and ECS names (flat dotted keys), and
 * `@timestamp`. Names with spaces in the dictionary are descriptions, not keys, so they are skipped.
 */
export const FIELD_ALIASES: ReadonlyMap<string, FieldDef> = (() => {
  const m = new Map<string, FieldDef>();
  for (const f of FIELDS as readonly FieldDef[]) {
    for (const alias of [f.name, f.otel, f.ecs]) {
      if (alias && !alias.includes(" ") && !m.has(alias)) m.set(alias, f);
    }
  }
  return m;
})();
