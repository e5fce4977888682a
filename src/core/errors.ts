// The error-code registry: every code InferWatch reports (API errors, per-line ingest rejections, CLI failures).
// docs/errors.md is generated from this table and a test keeps the two in sync.

export const ERROR_CODES = {
  // per-line ingest rejections (also the `reason_code` of dead letters)
  invalid_json: { status: 400, doc: "The line is not valid JSON." },
  not_an_object: { status: 400, doc: "The line is valid JSON but not an object (an event must be a JSON object)." },
  missing_timestamp: { status: 400, doc: "The event has no `timestamp` (or `@timestamp`) field." },
  invalid_timestamp: {
    status: 400,
    doc: "The time is neither an epoch number nor an ISO 8601 date-time, or is out of range.",
  },
  invalid_field_type: { status: 400, doc: "A known field has the wrong JSON type (e.g. a string for `latency_ms`)." },
  invalid_field_value: { status: 400, doc: "A known field has a value outside its allowed set or range." },
  field_too_long: { status: 400, doc: "A string value is longer than `limits.max_field_bytes`." },
  line_too_long: { status: 400, doc: "The line is longer than `limits.max_line_bytes`." },
  too_deep: { status: 400, doc: "The event nests objects/arrays deeper than `limits.max_depth`." },
  too_many_fields: { status: 400, doc: "The event has more fields than `limits.max_fields`." },
  unparseable: {
    status: 400,
    doc: "The line does not follow the grammar of its format; the message says where it departs.",
  },
  incomplete_record: {
    status: 400,
    doc: "A multi-line or paired record ended before it was complete (e.g. a request without its response).",
  },
  unknown_format: { status: 400, doc: "With `format=auto`, no known format recognized the line." },
  // request-level errors
  empty_body: { status: 400, doc: "The request has no body." },
  body_too_large: { status: 413, doc: "The (decompressed) body is larger than `limits.max_body_bytes`." },
  invalid_encoding: {
    status: 400,
    doc: "The body could not be decoded (e.g. corrupt gzip, unknown Content-Encoding).",
  },
  unsupported_format: {
    status: 400,
    doc: "The `format` is not one InferWatch knows; the message lists the known ones.",
  },
  invalid_parameter: { status: 400, doc: "A query-string parameter or header is malformed." },
  overloaded: { status: 429, doc: "The write queue is full; retry after the `Retry-After` seconds." },
  not_found: { status: 404, doc: "No such route." },
  unauthorized: {
    status: 401,
    doc: "A receiver needs credentials that are missing or wrong (see `receivers.*.auth`).",
  },
  invalid_payload: {
    status: 400,
    doc: "The body is not a valid payload of the receiver's protocol (e.g. an Alertmanager webhook); the message says why.",
  },
  // queries
  not_read_only: { status: 400, doc: "Raw SQL must be exactly one SELECT statement." },
  query_error: { status: 400, doc: "The database rejected the query (syntax, unknown column, type error...)." },
  query_timeout: { status: 400, doc: "The query ran longer than `query.timeout_ms` and was interrupted." },
  query_syntax: {
    status: 400,
    doc: "The KQL query does not follow the grammar; `details` give the line, column and a caret under the token.",
  },
  query_unknown_name: {
    status: 400,
    doc: "The KQL query names a table, column, function or parameter that does not exist; the nearest names are suggested.",
  },
  query_invalid: {
    status: 400,
    doc: "The KQL query is well-formed but cannot be compiled (wrong argument types or counts, a duplicate column...).",
  },
  hunt_invalid: {
    status: 400,
    doc: "A hunt's rules have errors (all are listed with file:line) or use a feature hunts cannot run yet (named).",
  },
  // operations
  data_dir_locked: { status: 409, doc: "Another InferWatch process holds the data directory; go through its server." },
  config_invalid: { status: 400, doc: "The configuration file or environment has errors (all are listed)." },
  rules_invalid: {
    status: 422,
    doc: "Detection rule files have errors (every `file:line:col` problem is listed); a reload keeps the previous rules.",
  },
  unavailable: { status: 503, doc: "The server is starting or shutting down." },
  internal: { status: 500, doc: "An unexpected failure; the server log has details." },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error meant for a user: a code from the registry and a message that says what is wrong and how to fix it. */
export class InferWatchError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "InferWatchError";
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
