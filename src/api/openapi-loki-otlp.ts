// OpenAPI paths of the Loki push and OTLP/HTTP receivers (merged into the document by openapi.ts).

const textError = (description: string) => ({ description, content: { "text/plain": { schema: { type: "string" } } } });

const otlpBody = (what: string) => ({
  required: true,
  description: `An OTLP Export${what}ServiceRequest (optionally gzip-encoded).`,
  content: {
    "application/x-protobuf": { schema: { type: "string", format: "binary" } },
    "application/json": { schema: { type: "object" } },
  },
});

const otlpStatus = (description: string) => ({
  description: `${description} Body: a google.rpc.Status ({code, message}) in the request's encoding.`,
  content: {
    "application/json": {
      schema: { type: "object", properties: { code: { type: "integer" }, message: { type: "string" } } },
    },
    "application/x-protobuf": { schema: { type: "string", format: "binary" } },
  },
});

const otlpPath = (signal: string, what: string, rejected: string) => ({
  post: {
    summary: `OTLP/HTTP ${signal} export (JSON or protobuf); answered in the request's encoding.`,
    requestBody: otlpBody(what),
    responses: {
      "200": {
        description: `Stored (durable). When records were rejected (and dead-lettered): {"partialSuccess": {"${rejected}": n, "errorMessage": "..."}}.`,
        content: {
          "application/json": { schema: { type: "object", properties: { partialSuccess: { type: "object" } } } },
          "application/x-protobuf": { schema: { type: "string", format: "binary" } },
        },
      },
      "400": otlpStatus("The body could not be decoded."),
      "401": otlpStatus("Authentication required (`receivers.otlp.auth`)."),
      "413": otlpStatus("The (decompressed) body is larger than `limits.max_body_bytes`."),
      "415": otlpStatus("Content-Type is neither application/x-protobuf nor application/json."),
      "429": otlpStatus("The write queue is full; retry after `Retry-After` seconds."),
      "503": otlpStatus("Shutting down; retry after `Retry-After` seconds."),
    },
  },
});

export const lokiOtlpPaths: Record<string, unknown> = {
  "/loki/api/v1/push": {
    post: {
      summary: "Loki push API: JSON streams or snappy-compressed protobuf logproto.PushRequest.",
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: { type: "object", properties: { streams: { type: "array" } } } },
          "application/x-protobuf": { schema: { type: "string", format: "binary" } },
        },
      },
      responses: {
        "204": { description: "Every entry stored (durable)." },
        "400": textError(
          "Malformed push, or some entries rejected (the others are stored; rejected ones dead-lettered).",
        ),
        "401": textError("Authentication required (`receivers.loki.auth`)."),
        "413": textError("The (decompressed) body is larger than `limits.max_body_bytes`."),
        "429": textError("The write queue is full; retry after `Retry-After` seconds."),
        "503": textError("Shutting down; retry after `Retry-After` seconds."),
      },
    },
  },
  "/v1/logs": otlpPath("logs", "Logs", "rejectedLogRecords"),
  "/v1/traces": otlpPath("traces (GenAI spans become llm events)", "Trace", "rejectedSpans"),
  "/v1/metrics": otlpPath("metrics (one event per data point)", "Metrics", "rejectedDataPoints"),
};
