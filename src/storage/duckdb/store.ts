// The embedded store: one DuckDB file in the data directory, written in group-committed transactions.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { AlertFilter, AlertPage, AlertRow } from "../../core/alert-row.js";
import type { FileCheckpoint, WriteBatch } from "../../core/batch.js";
import { InferWatchError } from "../../core/errors.js";
import type { InferEvent } from "../../core/fields.js";
import type { EventStore, QueryOptions, QueryResult, RetentionPolicy, RetentionReport } from "../store.js";
import { alertsParam, encodeCursor, INSERT_ALERTS_SQL, listAlertsQuery, rowToAlert } from "./alerts.js";
import { appendDeadLetters, appendEvents, populatedFields, stagingType } from "./chunks.js";
import { MIGRATIONS } from "./migrations.js";
import { toPlainValue } from "./values.js";

export const DB_FILE = "inferwatch.duckdb";
/** Connection-local staging table for narrow appends (see appendEventsNarrow). */
const STAGING = "events_staging";
const DAY_MS = 86_400_000;

export interface DuckDBStoreOptions {
  /** Memory DuckDB may use, e.g. `2GB`; DuckDB's default (80% of RAM) otherwise. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** WAL size that triggers an automatic checkpoint, e.g. `256MB`. */
  readonly checkpointThreshold?: string;
}

/** Maps DuckDB's file-lock failure to an error that tells the user what to do instead. */
function openError(dataDir: string, e: unknown): Error {
  const msg = (e as Error).message ?? String(e);
  if (/Could not set lock|Conflicting lock/i.test(msg)) {
    const pid = /PID (\d+)/.exec(msg)?.[1];
    return new InferWatchError(
      "data_dir_locked",
      `data directory ${dataDir} is in use by another InferWatch process${pid ? ` (PID ${pid})` : ""}: ` +
        "send the work through that server with --server http://HOST:PORT, or stop it first",
    );
  }
  return e instanceof Error ? e : new Error(msg);
}

export class DuckDBStore implements EventStore {
  private writeChain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
  ) {}

  static async open(dataDir: string, options: DuckDBStoreOptions = {}): Promise<DuckDBStore> {
    mkdirSync(dataDir, { recursive: true });
    const config: Record<string, string> = {
      // User SQL must never reach the file system (read_csv('/etc/passwd'), COPY, ATTACH): the store needs none of it.
      enable_external_access: "false",
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    if (options.checkpointThreshold) config.checkpoint_threshold = options.checkpointThreshold;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(join(dataDir, DB_FILE), config);
    } catch (e) {
      throw openError(dataDir, e);
    }
    const writer = await instance.connect();
    const store = new DuckDBStore(instance, writer);
    await store.migrate();
    return store;
  }

  /** Applies every migration newer than the database's version, each in its own transaction. */
  private async migrate(): Promise<void> {
    await this.writer.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at BIGINT)",
    );
    const reader = await this.writer.runAndReadAll("SELECT coalesce(max(version), 0) FROM schema_migrations");
    const current = Number(reader.getRows()[0]?.[0] ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await this.inTransaction(async () => {
        for (const sql of m.statements) await this.writer.run(sql);
        await this.writer.run("INSERT INTO schema_migrations VALUES ($1, $2, $3)", [
          m.version,
          m.description,
          BigInt(Date.now()),
        ]);
      });
    }
  }

  private async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.writer.run("BEGIN TRANSACTION");
    try {
      const out = await work();
      await this.writer.run("COMMIT");
      return out;
    } catch (e) {
      await this.writer.run("ROLLBACK").catch(() => undefined);
      throw e;
    }
  }

  /** Serializes every write on the single writer connection (DuckDB allows one writer transaction per connection). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeChain.then(work, work);
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  write(batches: readonly WriteBatch[]): Promise<void> {
    return this.exclusive(() =>
      this.inTransaction(async () => {
        const events = batches.flatMap((b) => b.events);
        const letters = batches.flatMap((b) => b.deadLetters);
        if (events.length > 0) await this.appendEventsNarrow(events);
        if (letters.length > 0) {
          const appender = await this.writer.createAppender("dead_letters");
          appendDeadLetters(appender, letters);
          appender.closeSync();
        }
        const now = BigInt(Date.now());
        for (const b of batches) {
          if (b.idempotency) {
            await this.writer.run("INSERT INTO ingest_keys VALUES ($1, $2, $3)", [
              b.idempotency.key,
              b.idempotency.response,
              now,
            ]);
          }
          for (const c of b.checkpoints ?? []) {
            await this.writer.run("INSERT OR REPLACE INTO file_checkpoints VALUES ($1, $2, $3, $4, $5)", [
              c.fileId,
              c.path,
              BigInt(c.offset),
              c.fingerprint,
              now,
            ]);
          }
        }
      }),
    );
  }

  /**
   * Appends only the columns the batch uses, through a staging table, then copies them into `events` in SQL.
   * Why: a typical event fills a dozen of the ~50 columns, and the JS side of the appender pays per value, nulls
   * included (setting validity bits is the slowest part); DuckDB's own INSERT ... SELECT fills the rest with NULL
   * far faster. Column names come from core/fields.ts, never from input.
   */
  private async appendEventsNarrow(events: readonly InferEvent[]): Promise<void> {
    const fields = populatedFields(events);
    const names = fields.map((f) => f.name).join(", ");
    await this.writer.run(
      `CREATE OR REPLACE TEMP TABLE ${STAGING} (${fields.map((f) => `${f.name} ${stagingType(f)}`).join(", ")})`,
    );
    const appender = await this.writer.createAppender(STAGING, "main", "temp");
    appendEvents(appender, events, fields);
    appender.closeSync();
    await this.writer.run(`INSERT INTO events (${names}) SELECT ${names} FROM temp.main.${STAGING}`);
    await this.writer.run(`DROP TABLE temp.main.${STAGING}`);
  }

  async findIdempotencyKey(key: string): Promise<string | null> {
    const conn = await this.instance.connect();
    try {
      const r = await conn.runAndReadAll("SELECT response FROM ingest_keys WHERE key = $1", [key]);
      const row = r.getRows()[0];
      return row ? String(row[0]) : null;
    } finally {
      conn.closeSync();
    }
  }

  writeAlerts(alerts: readonly AlertRow[]): Promise<void> {
    if (alerts.length === 0) return Promise.resolve();
    return this.exclusive(() =>
      this.inTransaction(async () => {
        await this.writer.run(INSERT_ALERTS_SQL, [alertsParam(alerts)]);
      }),
    );
  }

  async listAlerts(filter: AlertFilter): Promise<AlertPage> {
    const { sql, params } = listAlertsQuery(filter);
    const conn = await this.instance.connect();
    try {
      const r = await conn.runAndReadAll(sql, params);
      const alerts = r.getRows().map((row) => rowToAlert(row.map(toPlainValue)));
      const more = alerts.length > filter.limit;
      if (more) alerts.length = filter.limit;
      const last = alerts[alerts.length - 1];
      return {
        alerts,
        nextCursor: more && last ? encodeCursor({ lastSeen: last.last_seen, alertId: last.alert_id }) : null,
      };
    } finally {
      conn.closeSync();
    }
  }

  async loadCheckpoints(): Promise<FileCheckpoint[]> {
    const conn = await this.instance.connect();
    try {
      const r = await conn.runAndReadAll('SELECT file_id, path, "offset", fingerprint FROM file_checkpoints');
      return r.getRows().map(([fileId, path, offset, fingerprint]) => ({
        fileId: String(fileId),
        path: String(path),
        offset: Number(offset),
        fingerprint: String(fingerprint),
      }));
    } finally {
      conn.closeSync();
    }
  }

  async query(sql: string, options: QueryOptions): Promise<QueryResult> {
    const started = performance.now();
    const conn = await this.instance.connect();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      await assertSafeSelect(conn, sql);
      // A read-only transaction is the second wall: even a SELECT that found a way to write would be refused.
      await conn.run("BEGIN TRANSACTION READ ONLY");
      timer = setTimeout(() => {
        timedOut = true;
        conn.interrupt();
      }, options.timeoutMs);
      const result = await conn.stream(sql, options.params ? [...options.params] : undefined);
      const columns = result
        .columnNames()
        .map((name, i) => ({ name, type: result.columnTypes()[i]?.toString() ?? "UNKNOWN" }));
      const rows: unknown[][] = [];
      while (rows.length <= options.maxRows) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const row of chunk.getRows()) rows.push(row.map(toPlainValue));
      }
      const truncated = rows.length > options.maxRows;
      if (truncated) rows.length = options.maxRows;
      return { columns, rows, truncated, elapsedMs: performance.now() - started };
    } catch (e) {
      if (e instanceof InferWatchError) throw e;
      if (timedOut) {
        throw new InferWatchError(
          "query_timeout",
          `query ran longer than ${options.timeoutMs} ms and was stopped; narrow it (time range, filters) or raise query.timeout_ms`,
        );
      }
      throw new InferWatchError("query_error", (e as Error).message);
    } finally {
      clearTimeout(timer);
      await conn.run("ROLLBACK").catch(() => undefined);
      conn.closeSync();
    }
  }

  applyRetention(policy: RetentionPolicy, nowMs: number): Promise<RetentionReport> {
    const cutoff = (days: number): bigint => BigInt(nowMs - days * DAY_MS);
    const changed = async (sql: string, days: number): Promise<number> => {
      if (days <= 0) return 0;
      const r = await this.writer.run(sql, [cutoff(days)]);
      return Number(r.rowsChanged);
    };
    return this.exclusive(() =>
      this.inTransaction(async () => ({
        eventsDeleted: await changed("DELETE FROM events WHERE observed_timestamp < $1", policy.eventsDays),
        rawCleared: await changed(
          "UPDATE events SET raw = NULL WHERE observed_timestamp < $1 AND raw IS NOT NULL",
          policy.rawDays,
        ),
        deadLettersDeleted: await changed("DELETE FROM dead_letters WHERE received_at < $1", policy.deadLettersDays),
        // Idempotency keys only need to outlive a client's retries; a week is ample.
        idempotencyKeysDeleted: await changed("DELETE FROM ingest_keys WHERE created_at < $1", 7),
      })),
    );
  }

  async close(): Promise<void> {
    await this.writeChain;
    // A checkpoint folds the WAL into the database file so the next start is fast.
    await this.writer.run("CHECKPOINT").catch(() => undefined);
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Table functions a query may call. Everything else is refused: file readers (read_csv, read_text, ...) could read
 * the database's own file, which DuckDB allows even with external access off, and re-opening it drops DuckDB's POSIX
 * lock on the file; `query()` would run SQL this check never saw.
 */
const SAFE_TABLE_FUNCTIONS = new Set([
  "range",
  "generate_series",
  "unnest",
  "json_each",
  "json_tree",
  "duckdb_tables",
  "duckdb_columns",
  "duckdb_views",
  "duckdb_types",
]);

/** Walks DuckDB's serialized syntax tree for table functions and file-like table names. */
function findForbiddenSource(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const bad = findForbiddenSource(child);
      if (bad) return bad;
    }
    return null;
  }
  if (node === null || typeof node !== "object") return null;
  const n = node as { type?: unknown; function?: { function_name?: unknown }; table_name?: unknown };
  if (n.type === "TABLE_FUNCTION") {
    const name = String(n.function?.function_name ?? "");
    if (!SAFE_TABLE_FUNCTIONS.has(name.toLowerCase())) return `table function ${name}()`;
  }
  // `FROM 'file.csv'` is a replacement scan that reads a file.
  if (n.type === "BASE_TABLE" && typeof n.table_name === "string" && /[/\\.]/.test(n.table_name)) {
    return `table name ${JSON.stringify(n.table_name)}`;
  }
  for (const value of Object.values(node)) {
    const bad = findForbiddenSource(value);
    if (bad) return bad;
  }
  return null;
}

/** Uses DuckDB's own parser (json_serialize_sql only serializes SELECT) to accept exactly one safe SELECT. */
async function assertSafeSelect(conn: DuckDBConnection, sql: string): Promise<void> {
  const r = await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql]);
  const parsed = JSON.parse(String(r.getRows()[0]?.[0])) as {
    error: boolean;
    error_type?: string;
    error_message?: string;
    statements?: unknown[];
  };
  if (parsed.error) {
    if (parsed.error_type === "not implemented") {
      throw new InferWatchError("not_read_only", "only SELECT queries are allowed (the store is read-only to queries)");
    }
    throw new InferWatchError("query_error", parsed.error_message ?? "the query could not be parsed");
  }
  if (parsed.statements?.length !== 1) {
    throw new InferWatchError(
      "not_read_only",
      `expected exactly one SELECT statement, got ${parsed.statements?.length ?? 0}`,
    );
  }
  const bad = findForbiddenSource(parsed.statements);
  if (bad) {
    throw new InferWatchError(
      "not_read_only",
      `queries may read only InferWatch tables; ${bad} is not allowed (allowed table functions: ${[...SAFE_TABLE_FUNCTIONS].join(", ")})`,
    );
  }
}
