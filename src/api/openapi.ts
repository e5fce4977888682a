// The OpenAPI 3.1 description of the HTTP API, served at /api/v1/openapi.json (a test checks it lists every route).
import { ERROR_CODES } from "../core/errors.js";
import { alertPaths } from "./openapi-alerts.js";
import { esHecAlertmanagerPaths } from "./openapi-es-hec-alertmanager.js";
import { lokiOtlpPaths } from "./openapi-loki-otlp.js";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const ingestReply = {
  type: "object",
  required: ["accepted", "rejected", "errors", "errors_omitted", "formats"],
  properties: {
    accepted: { type: "integer", description: "Events stored." },
    rejected: { type: "integer", description: "Lines rejected; each is kept in the dead_letters table." },
    errors: {
      type: "array",
      description: "Each rejected line (up to 10,000): its 1-based number, reason code and message.",
      items: {
        type: "object",
        required: ["line", "code", "message"],
        properties: {
          line: { type: "integer" },
          code: { type: "string", enum: Object.keys(ERROR_CODES) },
          message: { type: "string" },
        },
      },
    },
    errors_omitted: { type: "integer", description: "Rejected lines beyond the ones listed." },
    formats: {
      type: "object",
      additionalProperties: { type: "integer" },
      description: "Accepted events per format that read them (with format=auto, what detection chose).",
    },
  },
};

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "InferWatch API",
      version,
      description: "Ingest AI-inference telemetry, query it, and watch the server's health.",
    },
    paths: {
      "/api/v1/ingest": {
        post: {
          summary: "Ingest events: a JSON object, a JSON array or NDJSON (optionally gzip).",
          parameters: [
            { name: "source", in: "query", schema: { type: "string", default: "http" } },
            { name: "format", in: "query", schema: { type: "string", default: "auto" } },
            { name: "reference_time", in: "query", schema: { type: "string" }, description: "For year-less formats." },
            { name: "Idempotency-Key", in: "header", schema: { type: "string", maxLength: 200 } },
          ],
          requestBody: {
            required: true,
            content: {
              "application/x-ndjson": { schema: { type: "string" } },
              "application/json": { schema: {} },
              "text/plain": { schema: { type: "string" } },
            },
          },
          responses: {
            "200": {
              description: "Processed; every accepted event and dead letter is durable.",
              content: { "application/json": { schema: ingestReply } },
            },
            "400": errorResponse("The request itself is malformed."),
            "413": errorResponse("The (decompressed) body is too large."),
            "429": errorResponse("The write queue is full: retry after Retry-After seconds."),
          },
        },
      },
      "/api/v1/file-checkpoints": {
        get: {
          summary: "Where remote `inferwatch ingest --follow` clients resume.",
          responses: { "200": { description: "The committed file checkpoints." } },
        },
      },
      "/api/v1/query": {
        post: {
          summary: "Run a KQL query (query, params) or one read-only SQL SELECT (sql) over the stored tables.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    query: { type: "string", description: "KQL (docs/query.md)" },
                    params: { type: "object", description: "values the query reads by name" },
                    explain: { type: "boolean", description: "answer the IR and SQL instead of running the query" },
                    sql: { type: "string", description: "raw read-only SQL instead of query" },
                    max_rows: { type: "integer", minimum: 1 },
                  },
                },
              },
            },
          },
          responses: {
            "200": { description: "Columns with types, rows, whether the row limit cut the result, the render hint." },
            "400": errorResponse(
              "A KQL error (with line, column and caret), not a single SELECT, or the time limit was hit.",
            ),
          },
        },
      },
      "/api/v1/hunt": {
        post: {
          summary:
            "Retro-hunt: run Sigma rules and correlations over stored events in a time range (docs/detection.md).",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["rules"],
                  properties: {
                    rules: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["text"],
                        properties: { file: { type: "string" }, text: { type: "string", description: "Sigma YAML" } },
                      },
                    },
                    since: { type: "string", description: "duration back from now (30d) or ISO time; default 30d" },
                    until: { type: "string", description: "exclusive end; default now" },
                    placeholders: { type: "object", description: "`expand` placeholder values by name" },
                  },
                },
              },
            },
          },
          responses: {
            "200": { description: "The alert records (the streaming engine's shape), rule counts, matching events." },
            "400": errorResponse("A rule error (all listed, with file:line), or a feature hunts cannot run yet."),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: { summary: "This document.", responses: { "200": { description: "OpenAPI 3.1" } } },
      },
      "/healthz": { get: { summary: "Liveness.", responses: { "200": { description: "The process runs." } } } },
      "/readyz": {
        get: {
          summary: "Readiness.",
          responses: {
            "200": { description: "Ready to ingest." },
            "503": { description: "Shutting down, or the write queue is full." },
          },
        },
      },
      "/metrics": { get: { summary: "Prometheus metrics.", responses: { "200": { description: "Text format." } } } },
      ...lokiOtlpPaths,
      ...esHecAlertmanagerPaths(),
      ...alertPaths,
    },
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_CODES) },
                message: { type: "string" },
                details: { type: "object" },
              },
            },
          },
        },
      },
    },
  };
}
