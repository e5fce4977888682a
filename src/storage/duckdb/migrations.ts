// Versioned schema migrations. Each entry is frozen once released: change the schema by appending a migration, never
// by editing one. A test checks that the migrated `events` table matches the field definitions in core/fields.ts.

import type { FieldType } from "../../core/fields.js";

/** DuckDB column type of each field type in the `events` table (a test checks the migrated table against it). */
export const COLUMN_TYPES: Readonly<Record<FieldType, string>> = {
  timestamp: "BIGINT",
  int: "BIGINT",
  float: "DOUBLE",
  keyword: "VARCHAR",
  text: "VARCHAR",
  json: "JSON",
  bool: "BOOLEAN",
};

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "events, dead letters, idempotency keys, file checkpoints",
    statements: [
      `CREATE TABLE events (
    timestamp BIGINT NOT NULL,
    observed_timestamp BIGINT NOT NULL,
    event_id VARCHAR NOT NULL,
    event_kind VARCHAR NOT NULL,
    event_action VARCHAR,
    outcome VARCHAR,
    severity VARCHAR,
    message VARCHAR,
    source_type VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    host_name VARCHAR,
    container_name VARCHAR,
    k8s_namespace VARCHAR,
    k8s_pod VARCHAR,
    request_id VARCHAR,
    trace_id VARCHAR,
    span_id VARCHAR,
    session_id VARCHAR,
    user_id VARCHAR,
    auth_token_id VARCHAR,
    client_ip VARCHAR,
    geo_country VARCHAR,
    geo_city VARCHAR,
    user_agent VARCHAR,
    model_name VARCHAR,
    model_version VARCHAR,
    llm_provider VARCHAR,
    endpoint VARCHAR,
    deployment_group VARCHAR,
    http_status_code BIGINT,
    error_type VARCHAR,
    latency_ms DOUBLE,
    queue_ms DOUBLE,
    compute_ms DOUBLE,
    input_hash VARCHAR,
    input_shape VARCHAR,
    input_size_bytes BIGINT,
    prediction_label VARCHAR,
    confidence DOUBLE,
    output_summary JSON,
    tokens_in BIGINT,
    tokens_out BIGINT,
    cost_usd DOUBLE,
    finish_reason VARCHAR,
    prompt_text VARCHAR,
    response_text VARCHAR,
    attributes JSON,
    raw VARCHAR
)`,
      `CREATE TABLE dead_letters (
    received_at BIGINT NOT NULL,
    source_id VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    line BIGINT,
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    raw VARCHAR,
    raw_truncated BOOLEAN NOT NULL
)`,
      `CREATE TABLE ingest_keys (
    key VARCHAR PRIMARY KEY,
    response VARCHAR NOT NULL,
    created_at BIGINT NOT NULL
)`,
      `CREATE TABLE file_checkpoints (
    file_id VARCHAR PRIMARY KEY,
    path VARCHAR NOT NULL,
    "offset" BIGINT NOT NULL,
    fingerprint VARCHAR NOT NULL,
    updated_at BIGINT NOT NULL
)`,
    ],
  },
  {
    version: 2,
    description: "alerts raised by detection rules",
    statements: [
      `CREATE TABLE alerts (
    alert_id VARCHAR PRIMARY KEY,
    created_at BIGINT NOT NULL,
    rule_id VARCHAR NOT NULL,
    rule_title VARCHAR NOT NULL,
    rule_level VARCHAR NOT NULL,
    rule_status VARCHAR,
    rule_author VARCHAR,
    rule_tags VARCHAR[] NOT NULL,
    rule_techniques JSON NOT NULL,
    alert_type VARCHAR NOT NULL,
    group_key JSON,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    count BIGINT NOT NULL,
    value DOUBLE,
    evidence_event_ids VARCHAR[] NOT NULL,
    mode VARCHAR NOT NULL
)`,
    ],
  },
];
