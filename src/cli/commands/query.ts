// `inferwatch query 'KQL'` (or `--sql 'SELECT ...'`): read-only queries against the data directory or a running server.
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import { explainKql, prepareQuery, type QueryInput, runQuery } from "../../services/query.js";
import { openRuntime } from "../../services/runtime.js";
import { ServerClient } from "../client.js";
import { toCsv, toJson, toTable } from "../format.js";
import { type CommonFlags, configFromFlags, dataOrServer, oneOf } from "../options.js";

interface QueryFlags extends CommonFlags {
  server?: string;
  format: string;
  sql?: boolean;
  explain?: boolean;
}

const FORMATS = ["table", "json", "csv"];

export function registerQuery(program: Command): void {
  program
    .command("query")
    .description("run a query over stored events (read-only): KQL by default, SQL with --sql")
    .argument("<query>", "the query text")
    .option("--sql", "the query is raw SQL (a single SELECT) instead of KQL")
    .option("--explain", "print the IR and the SQL the KQL query compiles to, without running it")
    .option("--format <format>", "output: table, json (one object per line) or csv", "table")
    .option("--data <dir>", "data directory to read directly (default ./data)")
    .option("--server <url>", "ask a running server instead, e.g. http://127.0.0.1:7080")
    .option("--config <file>", "YAML configuration file")
    .addHelpText(
      "after",
      `\nExamples:\n  inferwatch query 'events | where latency_ms > 500 | summarize p99=percentile(latency_ms, 99) by bin(timestamp, 5m)'\n  inferwatch query --sql "SELECT model_name, count(*) FROM events GROUP BY 1"`,
    )
    .action(async (text: string, flags: QueryFlags) => {
      oneOf("--format", flags.format, FORMATS);
      dataOrServer(flags);
      if (flags.explain) {
        if (flags.sql) throw new InferWatchError("invalid_parameter", "--explain applies to KQL, not --sql");
        const e = explainKql(text);
        process.stdout.write(
          `-- IR\n${JSON.stringify(e.ir, null, 2)}\n-- SQL (DuckDB)\n${e.sql}\n-- parameters\n${JSON.stringify(e.params)}\n`,
        );
        return;
      }
      const input: QueryInput = flags.sql ? { kind: "sql", sql: text } : { kind: "kql", query: text };
      let result: {
        columns: { name: string; type: string }[];
        rows: unknown[][];
        truncated: boolean;
        render: string | null;
      };
      if (flags.server) {
        const r = await new ServerClient(flags.server).query(flags.sql ? { sql: text } : { query: text });
        result = { ...r, render: r.render ?? null };
      } else {
        const prepared = prepareQuery(input);
        const config = configFromFlags(flags);
        const rt = await openRuntime(config);
        try {
          const r = await runQuery(rt.store, prepared, {
            maxRows: config.query.max_rows,
            timeoutMs: config.query.timeout_ms,
          });
          result = { columns: [...r.columns], rows: [...r.rows], truncated: r.truncated, render: r.render };
        } finally {
          await rt.close();
        }
      }
      const render = flags.format === "json" ? toJson : flags.format === "csv" ? toCsv : toTable;
      process.stdout.write(`${render(result)}\n`);
      if (result.truncated) {
        process.stderr.write(
          `inferwatch: result cut at ${result.rows.length} rows (query.max_rows); add take/limit or filters\n`,
        );
      }
      if (result.render && flags.format === "table")
        process.stderr.write(`inferwatch: render hint: ${result.render}\n`);
    });
}
