// The configuration schema: one zod definition gives the TypeScript type, defaults, validation and the env names.
import { z } from "zod";
import { DEFAULT_LIMITS } from "../core/limits.js";

/** Whether Intl knows the zone: the same check the parsers' time conversion relies on. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const positiveInt = z.number().int().positive();
const days = z.number().int().min(0);
const size = z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "a size such as 2GB or 512MiB");

export const configSchema = z.strictObject({
  data_dir: z
    .string()
    .min(1)
    .default("./data")
    .describe("Directory holding the DuckDB database; created if missing. One InferWatch process owns it at a time."),
  server: z
    .strictObject({
      host: z
        .string()
        .min(1)
        .default("127.0.0.1")
        .describe("Address the server listens on; use `0.0.0.0` to accept connections from other hosts."),
      port: z
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(7080)
        .describe("TCP port of the server (ingest, query, health and metrics); 0 picks a free port."),
    })
    .prefault({}),
  limits: z
    .strictObject({
      max_body_bytes: positiveInt
        .default(DEFAULT_LIMITS.maxBodyBytes)
        .describe("Largest accepted request body, in bytes, after decompression; larger bodies get `body_too_large`."),
      max_line_bytes: positiveInt
        .default(DEFAULT_LIMITS.maxLineBytes)
        .describe(
          "Longest accepted line (NDJSON or file line), in bytes; longer lines are rejected as `line_too_long`.",
        ),
      max_depth: positiveInt
        .max(1000)
        .default(DEFAULT_LIMITS.maxDepth)
        .describe("Deepest nesting of objects/arrays inside one event; deeper events are rejected as `too_deep`."),
      max_field_bytes: positiveInt
        .default(DEFAULT_LIMITS.maxFieldBytes)
        .describe(
          "Longest string value of any field, attributes included, in bytes; longer ones are `field_too_long`.",
        ),
      max_fields: positiveInt
        .default(DEFAULT_LIMITS.maxFields)
        .describe("Most fields in one event, nested attribute keys included; more are rejected as `too_many_fields`."),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      queue_max_rows: positiveInt
        .default(500_000)
        .describe("Rows allowed to wait in the write queue; beyond it ingest answers 429 `overloaded`."),
      batch_max_rows: positiveInt
        .default(100_000)
        .describe("Most rows merged into one write transaction (group commit)."),
      keep_raw: z
        .boolean()
        .default(true)
        .describe("Keep each original line in the `raw` column (cleared after `retention.raw_days`)."),
      time_zone: z
        .string()
        .refine(isTimeZone, "an IANA time zone such as UTC or Europe/Berlin")
        .default("UTC")
        .describe("Time zone of timestamps that carry no offset (e.g. TorchServe's log4j times)."),
    })
    .prefault({}),
  retention: z
    .strictObject({
      events_days: days
        .default(30)
        .describe("Days events are kept, counted from when InferWatch received them; 0 keeps them forever."),
      raw_days: days
        .default(7)
        .describe("Days the original line (`raw`) is kept before it is cleared; 0 keeps it as long as the event."),
      dead_letters_days: days
        .default(14)
        .describe("Days rejected lines are kept in the `dead_letters` table; 0 keeps them forever."),
      // A week at most: Node's timers cannot wait longer than ~24.8 days.
      interval_minutes: positiveInt
        .max(10_080)
        .default(60)
        .describe("Minutes between retention runs of `inferwatch serve` (it also runs once at start); at most 10080."),
    })
    .prefault({}),
  query: z
    .strictObject({
      max_rows: positiveInt
        .default(10_000)
        .describe("Most rows a query returns; a request may ask for fewer but not more. Longer results are cut."),
      timeout_ms: positiveInt
        .default(30_000)
        .describe("Milliseconds a query may run before it is interrupted with `query_timeout`."),
    })
    .prefault({}),
  storage: z
    .strictObject({
      memory_limit: size
        .optional()
        .describe("DuckDB memory limit, e.g. `2GB` or `512MiB`; unset leaves DuckDB's own default (80% of RAM)."),
      threads: positiveInt
        .optional()
        .describe("DuckDB worker threads; unset leaves DuckDB's own default (one per CPU core)."),
      // DuckDB's default (16MB) checkpoints several times per second under heavy ingest, which measured as the
      // largest single cost of a write; a larger WAL costs only a longer replay after a crash.
      checkpoint_threshold: size
        .default("256MB")
        .describe(
          "Write-ahead-log size that triggers a checkpoint into the database file. Larger is faster to ingest; the WAL is replayed at start after a crash.",
        ),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z
        .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"])
        .default("info")
        .describe("Server log level; `silent` turns logging off."),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
