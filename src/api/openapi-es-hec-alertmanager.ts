// OpenAPI paths of the Elasticsearch-compatible API, Splunk HEC and the Alertmanager webhook (merged into openapi.ts).

const text = (description: string) => ({ description });
const esTag = ["elasticsearch-compatible"];
const hecTag = ["splunk-hec"];

const bulkOperation = (withIndex: boolean) => ({
  tags: esTag,
  summary: `Elasticsearch bulk: NDJSON action/document pairs (index, create)${withIndex ? "; the path's index is the default" : ""}. The index becomes the events' source.`,
  parameters: [
    ...(withIndex ? [{ name: "index", in: "path", required: true, schema: { type: "string" } }] : []),
    { name: "filter_path", in: "query", schema: { type: "string" }, description: "Accepted and ignored." },
  ],
  requestBody: {
    required: true,
    content: {
      "application/x-ndjson": { schema: { type: "string" } },
      "application/json": { schema: { type: "string" } },
      "application/vnd.elasticsearch+x-ndjson": { schema: { type: "string" } },
    },
  },
  responses: {
    "200": text(
      "`{took, errors, items}` with one item per action: 201 stored, 400 refused or dead-lettered, 429 write queue full (retry that item), 503 storage failure.",
    ),
    "400": text("Malformed action line (Elasticsearch error body)."),
    "401": text("Credentials required (`receivers.elasticsearch.auth`)."),
    "413": text("Body larger than `limits.max_body_bytes` (Elasticsearch error body)."),
  },
});

const setupPath = (what: string) => {
  const op = (summary: string) => ({
    tags: esTag,
    summary,
    parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
    responses: { "200": text("Elasticsearch-shaped answer.") },
  });
  return {
    get: op(`${what}: answered as existing so shippers proceed (InferWatch needs none).`),
    put: op(`${what}: acknowledged, not stored.`),
    post: op(`${what}: acknowledged, not stored.`),
    delete: op(`${what}: acknowledged.`),
  };
};

const hecEvent = {
  tags: hecTag,
  summary:
    "Splunk HEC events: JSON objects one after another (`event`, `time`, `host`, `source`, `sourcetype`, `index`, `fields`). Any Content-Type.",
  parameters: [
    {
      name: "Authorization",
      in: "header",
      required: true,
      schema: { type: "string" },
      description: "`Splunk <token>`",
    },
  ],
  responses: {
    "200": text('`{"text":"Success","code":0}` plus `accepted`, `rejected` and `errors` (dead-lettered events).'),
    "400": text(
      "Splunk codes 5 (no data), 6 (invalid data format, with `invalid-event-number`), 7 (index), 12/13 (event field).",
    ),
    "401": text("Splunk codes 2 (token required), 3 (invalid authorization)."),
    "403": text("Splunk code 4 (invalid token)."),
    "413": text("Body larger than `limits.max_body_bytes`."),
    "503": text("Splunk code 9 (server is busy): write queue full; nothing of the request was stored. `Retry-After`."),
  },
};

const hecRaw = {
  ...hecEvent,
  summary: "Splunk HEC raw: one event per line; `host`, `source`, `sourcetype`, `index` from the query string.",
};

const hecHealth = {
  tags: hecTag,
  summary: "HEC health (no token needed).",
  responses: { "200": text("Code 17, HEC is healthy."), "503": text("Code 18, write queue full.") },
};

export function esHecAlertmanagerPaths(): Record<string, unknown> {
  return {
    "/": {
      get: {
        tags: esTag,
        summary:
          "Elasticsearch version document (8.x, `build_flavor: default`) with `X-Elastic-Product: Elasticsearch`; a small HTML page when `Accept` asks for text/html.",
        responses: { "200": text("Version document (or HTML for a browser)."), "401": text("Credentials required.") },
      },
    },
    "/_bulk": { post: bulkOperation(false), put: bulkOperation(false) },
    "/{index}/_bulk": { post: bulkOperation(true), put: bulkOperation(true) },
    "/_license": { get: { tags: esTag, summary: "A basic, active license.", responses: { "200": text("License.") } } },
    "/_xpack": { get: { tags: esTag, summary: "X-Pack info: no paid features.", responses: { "200": text("Info.") } } },
    "/_cluster/health": {
      get: {
        tags: esTag,
        summary: "Cluster health: green, yellow while the write queue is full.",
        responses: { "200": text("Health.") },
      },
    },
    "/_cat/health": {
      get: {
        tags: esTag,
        summary: "Cat health (text, or JSON with format=json).",
        responses: { "200": text("Health.") },
      },
    },
    "/_index_template/{name}": setupPath("Index template"),
    "/_template/{name}": setupPath("Legacy template"),
    "/_ilm/policy/{name}": setupPath("ILM policy"),
    "/_data_stream/{name}": setupPath("Data stream"),
    "/_alias/{name}": setupPath("Alias"),
    "/_ingest/pipeline/{name}": setupPath("Ingest pipeline"),
    "/services/collector": { post: hecEvent },
    "/services/collector/event": { post: hecEvent },
    "/services/collector/event/1.0": { post: hecEvent },
    "/services/collector/raw": { post: hecRaw },
    "/services/collector/raw/1.0": { post: hecRaw },
    "/services/collector/health": { get: hecHealth },
    "/services/collector/health/1.0": { get: hecHealth },
    "/api/v1/alertmanager": {
      post: {
        tags: ["alertmanager"],
        summary:
          "Alertmanager webhook (version 4): each alert becomes an `alert` event (labels mapped to host, model, pod...).",
        responses: {
          "200": text("`{accepted, rejected, errors, format}`."),
          "400": text("Not a version-4 webhook payload (`invalid_payload`)."),
          "401": text("Credentials required (`receivers.alertmanager.auth`)."),
          "503": text("Write queue full (`Retry-After`); Alertmanager retries 5xx."),
        },
      },
    },
  };
}
