// `inferwatch query --sql 'SELECT ...'`: read-only SQL against the data directory or a running server.
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import { openRuntime } from "../../services/runtime.js";
import { ServerClient } from "../client.js";
import { toCsv, toJson, toTable } from "../format.js";
import { type CommonFlags, configFromFlags } from "../options.js";

interface QueryFlags extends CommonFlags {
  server?: string;
  format: string;
  sql?: boolean;
}

const FORMATS = ["table", "json", "csv"];

export function registerQuery(program: Command): void {
  program
    .command("query")
    .description("run a query over stored events (read-only)")
    .argument("<query>", "the query text")
    .option("--sql", "the query is raw SQL (a single SELECT); the KQL language comes in a later release")
    .option("--format <format>", "output: table, json (one object per line) or csv", "table")
    .option("--data <dir>", "data directory to read directly (default ./data)")
    .option("--server <url>", "ask a running server instead, e.g. http://127.0.0.1:7080")
    .option("--config <file>", "YAML configuration file")
    .addHelpText("after", `\nExample:\n  inferwatch query --sql "SELECT model_name, count(*) FROM events GROUP BY 1"`)
    .action(async (text: string, flags: QueryFlags) => {
      if (!FORMATS.includes(flags.format)) {
        throw new InferWatchError(
          "invalid_parameter",
          `--format must be one of ${FORMATS.join(", ")}, got ${flags.format}`,
        );
      }
      if (!flags.sql) {
        throw new InferWatchError(
          "invalid_parameter",
          "the KQL query language is not available yet; pass --sql and a SELECT statement, e.g. --sql 'SELECT count(*) FROM events'",
        );
      }
      if (flags.server && flags.data)
        throw new InferWatchError("invalid_parameter", "give --server or --data, not both");
      let result: { columns: { name: string; type: string }[]; rows: unknown[][]; truncated: boolean };
      if (flags.server) {
        result = await new ServerClient(flags.server).query(text);
      } else {
        const config = configFromFlags(flags);
        const rt = await openRuntime(config);
        try {
          const r = await rt.store.query(text, { maxRows: config.query.max_rows, timeoutMs: config.query.timeout_ms });
          result = { columns: [...r.columns], rows: [...r.rows], truncated: r.truncated };
        } finally {
          await rt.close();
        }
      }
      const render = flags.format === "json" ? toJson : flags.format === "csv" ? toCsv : toTable;
      process.stdout.write(`${render(result)}\n`);
      if (result.truncated) {
        process.stderr.write(
          `inferwatch: result cut at ${result.rows.length} rows (query.max_rows); add LIMIT or filters\n`,
        );
      }
    });
}
