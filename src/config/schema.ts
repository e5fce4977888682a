// The configuration schema: one zod definition gives the TypeScript type, defaults, validation and the env names.
import { z } from "zod";
import { DEFAULT_LIMITS } from "../core/limits.js";

const positiveInt = z.number().int().positive();
const days = z.number().int().min(0);

export const configSchema = z.strictObject({
  data_dir: z.string().min(1).default("./data"),
  server: z
    .strictObject({
      host: z.string().min(1).default("127.0.0.1"),
      port: z.number().int().min(0).max(65535).default(7080),
    })
    .prefault({}),
  limits: z
    .strictObject({
      max_body_bytes: positiveInt.default(DEFAULT_LIMITS.maxBodyBytes),
      max_line_bytes: positiveInt.default(DEFAULT_LIMITS.maxLineBytes),
      max_depth: positiveInt.max(1000).default(DEFAULT_LIMITS.maxDepth),
      max_field_bytes: positiveInt.default(DEFAULT_LIMITS.maxFieldBytes),
      max_fields: positiveInt.default(DEFAULT_LIMITS.maxFields),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      queue_max_rows: positiveInt.default(500_000),
      batch_max_rows: positiveInt.default(100_000),
      keep_raw: z.boolean().default(true),
    })
    .prefault({}),
  retention: z
    .strictObject({
      events_days: days.default(30),
      raw_days: days.default(7),
      dead_letters_days: days.default(14),
      interval_minutes: positiveInt.default(60),
    })
    .prefault({}),
  query: z
    .strictObject({
      max_rows: positiveInt.default(10_000),
      timeout_ms: positiveInt.default(30_000),
    })
    .prefault({}),
  storage: z
    .strictObject({
      memory_limit: z
        .string()
        .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "a size such as 2GB or 512MiB")
        .optional(),
      threads: positiveInt.optional(),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
