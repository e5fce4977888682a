// The configuration schema: one zod definition gives the TypeScript type, defaults, validation and the env names.
import { z } from "zod";
import { FIELDS, SYSTEM_FIELDS } from "../core/fields.js";
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

const redactionAction = z.enum(["keep", "mask", "hash", "drop"]);
const ACTIONS_DOC =
  "`keep` stores it as is; `mask` replaces e-mails, phone numbers, card numbers (Luhn-checked) and API keys/tokens inside it with `[EMAIL]`, `[PHONE]`, `[CARD]`, `[SECRET]`; `hash` stores `h:` + HMAC-SHA256 hex (needs `redaction.hash_key`); `drop` stores nothing. Copies in `raw` and `attributes` are redacted the same way";
const REDACTION_CLASSES = ["prompt", "response", "message", "user", "ip"] as const;

/** Columns a custom format may fill: mirrors MAPPABLE_COLUMNS of src/parsers/mapping (config may not import it). */
const MAPPABLE_COLUMNS = FIELDS.map((f) => f.name as string).filter((n) => !SYSTEM_FIELDS.has(n) && n !== "attributes");

/** Credentials a shipper must present to a receiver; `none` accepts any caller (bind to loopback or a trusted network). */
const receiverAuth = z
  .strictObject({
    type: z
      .enum(["none", "basic", "bearer"])
      .default("none")
      .describe(
        "`none`, `basic` (HTTP Basic with `username`/`password`) or `bearer` (`Authorization: Bearer <token>`).",
      ),
    username: z.string().min(1, "must not be empty").max(256).optional().describe("User name of `basic`."),
    password: z
      .string({ error: "must be a string (quote a password that reads as a number or boolean)" })
      .min(1, "must not be empty")
      .max(1024)
      .optional()
      .describe("Password of `basic`; prefer the environment variable to the file. Never logged."),
    token: z
      .string({ error: "must be a string (quote a token that reads as a number or boolean)" })
      .min(16, "must be at least 16 characters")
      .max(1024)
      .optional()
      .describe("Token of `bearer`, at least 16 characters; prefer the environment variable. Never logged."),
  })
  .superRefine((a, ctx) => {
    if (a.type === "basic" && (a.username === undefined || a.password === undefined))
      ctx.addIssue({ code: "custom", path: ["username"], message: "`basic` needs both username and password" });
    if (a.type === "bearer" && a.token === undefined)
      ctx.addIssue({ code: "custom", path: ["token"], message: "`bearer` needs a token (at least 16 characters)" });
  })
  .prefault({});

/** Where a receiver's routes sit on the API port: none (the protocol's own paths) or a prefix such as `/es`. */
const pathPrefix = z
  .string()
  .regex(
    /^(\/[A-Za-z0-9._-]+)*$/,
    "an empty string or a path such as `/es` or `/shippers/loki` (no trailing slash, letters, digits and . _ -)",
  )
  .max(200)
  .default("")
  .describe(
    "Path prefix for this receiver's routes, e.g. `/es` makes the Elasticsearch API answer at `/es/_bulk` (shippers let you set it in their URL); empty serves the protocol's own paths.",
  );

/** An HTTP receiver on the API port: on or off, where, and who may call it. */
function httpReceiver(what: string) {
  return z
    .strictObject({
      enabled: z.boolean().default(true).describe(`Serve ${what} on the API port.`),
      path_prefix: pathPrefix,
      auth: receiverAuth,
    })
    .prefault({});
}

const customFormatField = z.strictObject({
  path: z
    .union([z.string().min(1, "must not be empty"), z.array(z.string().min(1, "must not be empty")).min(1).max(8)], {
      error: "must be a dotted path such as `request.id` or `outputs[0].label`, or a list of such paths tried in order",
    })
    .describe('Where the value is in the logged JSON: `a.b`, `a[0].b`, `["key.with.dots"]`; a list is tried in order.'),
  type: z
    .enum(["number", "int", "string", "timestamp", "shape", "hash", "json"])
    .optional()
    .describe(
      "Conversion; defaults to the column's type. `shape` turns `[1,3,224,224]` into `1x3x224x224`, `hash` stores the SHA-256 of the value's canonical JSON, `json` keeps the value as is.",
    ),
  unit: z
    .enum(["s", "ms", "us", "ns", "ratio", "percent"])
    .optional()
    .describe(
      "Unit of the source value: `s`/`ms`/`us`/`ns` for durations (stored in ms) and epoch times, `ratio`/`percent` for confidence.",
    ),
  default: z
    .unknown()
    .optional()
    .describe("Value used when the path is absent or null; `null` makes the field optional."),
  scale: z
    .number()
    .optional()
    .describe("Factor applied to a number before the unit conversion, e.g. 0.01 for cents to dollars."),
});

const customFormat = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be 1-64 lower-case letters, digits and . _ - (it is the format name)")
      .describe("Format name, used as `--format` / `?format=`."),
    description: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe("What the format reads, shown by `inferwatch formats`."),
    preset: z
      .string()
      .optional()
      .describe(
        "A built-in mapping to start from (`fastapi-inference`, `structlog-json`, `openai-completion`); `fields` and `defaults` override it.",
      ),
    fields: z
      .record(z.string(), customFormatField.nullable())
      .optional()
      .describe("Target column (or `attributes.<key>`) to its source mapping; `null` removes a preset's mapping."),
    defaults: z.record(z.string(), z.unknown()).optional().describe("Constant columns, e.g. `event_kind: inference`."),
  })
  .superRefine((spec, ctx) => {
    for (const [group, targets] of [
      ["fields", Object.keys(spec.fields ?? {})],
      ["defaults", Object.keys(spec.defaults ?? {})],
    ] as const) {
      for (const target of targets) {
        if (MAPPABLE_COLUMNS.includes(target) || /^attributes\.[A-Za-z0-9_.-]{1,64}$/.test(target)) continue;
        ctx.addIssue({
          code: "custom",
          path: [group, target],
          message: `unknown target column ${JSON.stringify(target)}; valid targets: ${MAPPABLE_COLUMNS.join(", ")}, or attributes.<key>`,
        });
      }
    }
  });

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
      source_time_zones: z
        .record(z.string(), z.string().refine(isTimeZone, "an IANA time zone such as UTC or Europe/Berlin"))
        .default({})
        .describe(
          "Time zone per source, overriding `time_zone` for the sources named (e.g. `{ts-eu: Europe/Berlin}`); the source is the `source` of an ingest (a file's name by default).",
        ),
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
  redaction: z
    .strictObject({
      prompt: redactionAction.default("mask").describe(`Prompt text (\`prompt_text\`): ${ACTIONS_DOC}.`),
      response: redactionAction
        .default("mask")
        .describe("Response text (`response_text`): `keep`, `mask`, `hash` or `drop`, as for `redaction.prompt`."),
      message: redactionAction
        .default("mask")
        .describe("Log message (`message`): `keep`, `mask`, `hash` or `drop`, as for `redaction.prompt`."),
      user: redactionAction
        .default("keep")
        .describe(
          "User and session ids (`user_id`, `session_id`): `keep`, `mask`, `hash` or `drop`, as for `redaction.prompt`.",
        ),
      ip: redactionAction
        .default("keep")
        .describe(
          "Client address (`client_ip`): `keep`; `mask` keeps the network only (/24 for IPv4, /48 for IPv6); `hash` or `drop` as for the other classes.",
        ),
      hash_key: z
        .string({ error: "must be a string (quote a key that reads as a number or boolean)" })
        .min(16, "must be at least 16 characters")
        .optional()
        .describe(
          "Secret key of `hash` (HMAC-SHA256), at least 16 characters; equal values get equal hashes only under the same key. Prefer the environment variable to the file; it is never logged.",
        ),
    })
    // Here rather than at startup, so a missing key is listed with every other configuration error.
    .superRefine((r, ctx) => {
      const hashed = REDACTION_CLASSES.filter((c) => r[c] === "hash");
      if (hashed.length === 0 || r.hash_key !== undefined) return;
      ctx.addIssue({
        code: "custom",
        path: ["hash_key"],
        message: `is required because ${hashed.map((c) => `redaction.${c}`).join(", ")} ${hashed.length === 1 ? "uses" : "use"} \`hash\`: set redaction.hash_key or INFERWATCH_REDACTION_HASH_KEY (at least 16 characters)`,
      });
    })
    .prefault({}),
  receivers: z
    .strictObject({
      elasticsearch: httpReceiver("the Elasticsearch-compatible API (`/`, `/_bulk`, `/{index}/_bulk`)"),
      splunk_hec: z
        .strictObject({
          enabled: z.boolean().default(true).describe("Serve Splunk HEC (`/services/collector/*`) on the API port."),
          path_prefix: pathPrefix,
          tokens: z
            .array(z.string().min(1, "must not be empty").max(1024))
            .max(1000)
            .default([])
            .describe(
              "HEC tokens accepted in `Authorization: Splunk <token>`; empty accepts any token (a token is still required, as Splunk does). Never logged.",
            ),
        })
        .prefault({}),
      loki: httpReceiver("Loki push (`/loki/api/v1/push`)"),
      otlp: httpReceiver("OTLP/HTTP (`/v1/logs`, `/v1/traces`, `/v1/metrics`)"),
      alertmanager: httpReceiver("the Alertmanager webhook (`/api/v1/alertmanager`)"),
      syslog: z
        .strictObject({
          enabled: z.boolean().default(false).describe("Listen for syslog (RFC 5424 and RFC 3164)."),
          host: z.string().min(1).default("127.0.0.1").describe("Address the syslog listeners bind to."),
          udp_port: z
            .number()
            .int()
            .min(0)
            .max(65_535)
            .default(5514)
            .describe("UDP port for syslog datagrams; 0 turns UDP off."),
          tcp_port: z
            .number()
            .int()
            .min(0)
            .max(65_535)
            .default(5514)
            .describe("TCP port for syslog (octet-counting or newline framing); 0 turns TCP off."),
          source: z.string().min(1).default("syslog").describe("Source name of events received over syslog."),
        })
        .prefault({}),
    })
    .prefault({}),
  formats: z
    .strictObject({
      custom: z
        .array(customFormat)
        .superRefine((list, ctx) => {
          const seen = new Set<string>();
          list.forEach((f, i) => {
            if (seen.has(f.name))
              ctx.addIssue({ code: "custom", path: [i, "name"], message: `${JSON.stringify(f.name)} is used twice` });
            seen.add(f.name);
          });
        })
        .default([])
        .describe(
          "Custom structured-JSON formats: each maps source paths of an application's own JSON log lines to columns (see src/parsers/mapping).",
        ),
    })
    .prefault({}),
  detection: z
    .strictObject({
      placeholders: z
        .record(
          z.string().regex(/^[A-Za-z0-9_.-]+$/, "placeholder names use letters, digits, _ . -"),
          z.array(z.string()).min(1),
        )
        .default({})
        .describe(
          "Values of Sigma `expand` placeholders: a rule's `%name%` matches any of the listed values (wildcards allowed). A rule naming an unknown placeholder is refused.",
        ),
      max_groups: positiveInt
        .default(100_000)
        .describe(
          "Most correlation group states held in memory across all correlation rules; beyond it the least recently updated group is evicted (and counted).",
        ),
      enabled: z
        .boolean()
        .default(true)
        .describe(
          "Run streaming detection on every committed event (serve and in-process ingest) and store alerts in the `alerts` table.",
        ),
      builtin_rules: z
        .boolean()
        .default(true)
        .describe("Load InferWatch's built-in rules (the `rules/` directory it ships)."),
      rules_paths: z
        .array(z.string().min(1))
        .default([])
        .describe(
          "More Sigma rule files or directories (every .yml/.yaml below a directory) loaded with the built-in rules; watched and reloaded on change.",
        ),
      rule_modes: z
        .record(z.string().min(1), z.enum(["enabled", "disabled", "shadow"]))
        .default({})
        .describe(
          "Mode per rule id: `enabled` (default), `disabled` (no alerts), `shadow` (alerts stored with mode `shadow`, never notified). `PUT /api/v1/rules/{id}` overrides it until restart.",
        ),
      queue_max_events: positiveInt
        .default(200_000)
        .describe(
          "Committed events waiting for detection; beyond it new events skip detection (counted in inferwatch_detection_dropped_events_total and logged), so detection never holds ingest back.",
        ),
      reload_debounce_ms: positiveInt
        .default(500)
        .describe("Quiet time after the last change in a rule directory before the rules are reloaded."),
      watch_rules: z
        .boolean()
        .default(true)
        .describe("Watch the rule files and directories and reload them on change (also `POST /api/v1/rules/reload`)."),
      hunt_max_matches: positiveInt
        .default(1_000_000)
        .describe(
          "Most matching events one rule of a retro-hunt (`inferwatch hunt`) may read; a hunt that finds more stops with an error asking for a narrower time range.",
        ),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
