// Ready-made mappings for JSON shapes applications commonly log; a custom format picks one with `preset:`.
import type { Unit, ValueType } from "./convert.js";

/** One target of a mapping as written in configuration (`fields.<target>`). */
export interface FieldMappingInput {
  /** A dotted path (`request.id`, `choices[0].text`), or several tried in order. */
  readonly path: string | readonly string[];
  readonly type?: ValueType | undefined;
  readonly unit?: Unit | undefined;
  /** Used when the path is absent or null; `null` makes the field optional without a value. */
  readonly default?: unknown;
  readonly scale?: number | undefined;
}

/** A custom format as written in configuration (`formats.custom[]`). */
export interface MappingSpecInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly preset?: string | undefined;
  /** Target column (or `attributes.<key>`) to mapping; `null` removes a preset's mapping. */
  readonly fields?: Readonly<Record<string, FieldMappingInput | null>> | undefined;
  /** Constant columns, e.g. `event_kind: inference`. */
  readonly defaults?: Readonly<Record<string, unknown>> | undefined;
}

export interface Preset {
  readonly description: string;
  /** Lines in the shape, checked by the tests to parse. */
  readonly examples: readonly string[];
  readonly fields: Readonly<Record<string, FieldMappingInput>>;
  readonly defaults: Readonly<Record<string, unknown>>;
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  // A Python inference handler (FastAPI, a TorchServe custom handler, Flask) logging one JSON object per request.
  "fastapi-inference": {
    description:
      "Per-request JSON of a Python inference service: ts, model_name, input_tensor_shape, inference_time_ms, prediction_confidence (request.id, model_version optional).",
    examples: [
      '{"ts": "2026-03-02T09:15:27.481Z", "model_name": "resnet", "input_tensor_shape": [1, 3, 224, 224], "inference_time_ms": 42.1, "prediction_confidence": 0.93, "request": {"id": "abc"}}',
    ],
    fields: {
      timestamp: { path: "ts" },
      model_name: { path: "model_name" },
      model_version: { path: "model_version", default: null },
      request_id: { path: ["request.id", "request_id"], default: null },
      input_shape: { path: "input_tensor_shape", type: "shape" },
      latency_ms: { path: "inference_time_ms", unit: "ms" },
      confidence: { path: "prediction_confidence", unit: "ratio" },
    },
    defaults: { event_kind: "inference", event_action: "predict" },
  },
  // structlog's JSONRenderer with its stock processors: TimeStamper (key `timestamp`), add_log_level (`level`),
  // the message under `event`; add_logger_name's `logger` and bound context stay in attributes.
  "structlog-json": {
    description:
      "structlog JSONRenderer lines: timestamp, level, event (the message); logger and bound context go to attributes.",
    examples: [
      '{"event": "prediction served", "model": "resnet", "logger": "app.inference", "level": "info", "timestamp": "2026-03-02T09:15:27.481520Z"}',
    ],
    fields: {
      timestamp: { path: "timestamp" },
      message: { path: "event" },
      severity: { path: "level", default: null },
      request_id: { path: "request_id", default: null },
    },
    defaults: {},
  },
  // The OpenAI (and OpenAI-compatible: vLLM, LiteLLM, TGI) completion response object, as applications log it.
  // The example is a real vLLM response (vLLM-Kunlun docs, Apache-2.0; see test/fixtures/samples/llm-gateways).
  "openai-completion": {
    description:
      "OpenAI-compatible completion responses (chat.completion, text_completion): id, model, created, usage tokens, first choice's finish reason and text.",
    examples: [
      '{"id":"cmpl-80ee8b893dc64053947b0bea86352faa","object":"text_completion","created":1763015742,"model":"Qwen3-8B","choices":[{"index":0,"text":" is the S, and ,","logprobs":null,"finish_reason":"length","stop_reason":null,"prompt_logprobs":null}],"service_tier":null,"system_fingerprint":null,"usage":{"prompt_tokens":5,"total_tokens":12,"completion_tokens":7,"prompt_tokens_details":null},"kv_transfer_params":null}',
    ],
    fields: {
      timestamp: { path: "created", unit: "s" },
      request_id: { path: "id" },
      event_action: { path: "object" },
      model_name: { path: "model" },
      tokens_in: { path: "usage.prompt_tokens", default: null },
      tokens_out: { path: "usage.completion_tokens", default: null },
      finish_reason: { path: "choices[0].finish_reason", default: null },
      response_text: { path: ["choices[0].message.content", "choices[0].text"], default: null },
    },
    defaults: { event_kind: "llm" },
  },
};
