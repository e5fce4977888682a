// The storage interface callers depend on; DuckDB implements it today, ClickHouse later, with no caller changes.
import type { AlertFilter, AlertPage, AlertRow } from "../core/alert-row.js";
import type { FileCheckpoint, WriteBatch } from "../core/batch.js";

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly unknown[][];
  /** True when the result had more than `maxRows` rows and was cut. */
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

/** A value bound to a positional parameter (`$1`, `$2`, ...) of a query: user strings reach SQL only this way. */
export type QueryParam = string | number | bigint | boolean | null;

export interface QueryOptions {
  readonly maxRows: number;
  readonly timeoutMs: number;
  /** Values of `$1`, `$2`, ... in order. */
  readonly params?: readonly QueryParam[];
}

/** Days to keep each class of data; 0 keeps it forever. Ages count from when InferWatch received the data. */
export interface RetentionPolicy {
  readonly eventsDays: number;
  readonly rawDays: number;
  readonly deadLettersDays: number;
}

export interface RetentionReport {
  readonly eventsDeleted: number;
  readonly rawCleared: number;
  readonly deadLettersDeleted: number;
  readonly idempotencyKeysDeleted: number;
}

export interface EventStore {
  /** Commits every batch in one transaction: all of them are durable when this resolves, none if it rejects. */
  write(batches: readonly WriteBatch[]): Promise<void>;
  /** The response stored with an idempotency key, or null. */
  findIdempotencyKey(key: string): Promise<string | null>;
  /** All file checkpoints (for the in-process file follower). */
  loadCheckpoints(): Promise<FileCheckpoint[]>;
  /** Runs one read-only SELECT with a row and a time limit. */
  query(sql: string, options: QueryOptions): Promise<QueryResult>;
  /** Commits the alerts in one transaction on the write path: all are durable when this resolves, none if it rejects. */
  writeAlerts(alerts: readonly AlertRow[]): Promise<void>;
  /** One page of alerts matching the filter, newest `last_seen` first. */
  listAlerts(filter: AlertFilter): Promise<AlertPage>;
  applyRetention(policy: RetentionPolicy, nowMs: number): Promise<RetentionReport>;
  close(): Promise<void>;
}
