// `inferwatch hunt --rule FILE [--since 30d] [--until T]`: runs Sigma rules (and their correlations) over stored events
// and prints the alerts the streaming engine would have raised, with each rule's author credited.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import type { AlertRecord } from "../../detection/sigma/alert.js";
import { readRuleSources } from "../../detection/sigma/files.js";
import { huntQueries, huntRange, prepareHunt, runHunt } from "../../services/hunt.js";
import { openRuntime } from "../../services/runtime.js";
import { ServerClient } from "../client.js";
import { toTable } from "../format.js";
import { type CommonFlags, configFromFlags, dataOrServer, oneOf } from "../options.js";

interface HuntFlags extends CommonFlags {
  rule?: string[];
  since?: string;
  until?: string;
  server?: string;
  format: string;
  explain?: boolean;
  placeholder?: string[];
}

const FORMATS = ["table", "json"];
const collect = (v: string, prev: string[] = []) => [...prev, v];

function placeholders(flags: HuntFlags, base: Record<string, string[]>): Record<string, string[]> {
  const out = { ...base };
  for (const p of flags.placeholder ?? []) {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(p);
    if (!m) throw new InferWatchError("invalid_parameter", `--placeholder wants NAME=VALUE[,VALUE...], got "${p}"`);
    out[m[1] as string] = (m[2] as string).split(",");
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

function group(a: AlertRecord): string {
  if (a.group_key === null) return "";
  return Object.entries(a.group_key)
    .map(([k, v]) => `${k}=${v === null ? "null" : String(v)}`)
    .join(" ");
}

function table(alerts: readonly AlertRecord[]): string {
  const columns = ["first_seen", "last_seen", "level", "rule", "type", "group", "count", "author"].map((name) => ({
    name,
    type: name === "count" ? "INTEGER" : "VARCHAR",
  }));
  const rows = alerts.map((a) => [
    iso(a.first_seen),
    iso(a.last_seen),
    a.rule_level,
    a.rule_title,
    a.alert_type,
    group(a),
    a.count,
    a.rule_author ?? "",
  ]);
  return toTable({ columns, rows });
}

export function registerHunt(program: Command): void {
  program
    .command("hunt")
    .description("retro-hunt: run Sigma rules and correlations over stored events, as the streaming engine would")
    .requiredOption(
      "--rule <path>",
      "rule file or directory of rules (repeatable); correlations need their rules",
      collect,
    )
    .option(
      "--since <time>",
      "start of the event-time range: a duration back from now (30d, 12h) or an ISO time",
      "30d",
    )
    .option("--until <time>", "end of the range (exclusive): a duration back from now or an ISO time (default now)")
    .option("--format <format>", "output: table, or json (one alert record per line)", "table")
    .option("--placeholder <name=values>", "value(s) for an `expand` %placeholder% (repeatable)", collect)
    .option("--explain", "print the SQL each rule compiles to, without running it")
    .option("--data <dir>", "data directory to read directly (default ./data)")
    .option("--server <url>", "ask a running server instead, e.g. http://127.0.0.1:7080")
    .option("--config <file>", "YAML configuration file")
    .addHelpText(
      "after",
      `
Alerts are computed exactly as the streaming engine computes them: each rule compiles (through the query IR) to one
SQL query over the events table, and the matches, in event-time order, go through the same correlation logic.
Windows still open at --until are judged as at the end of a stream. Each alert credits its rule's author.

Examples:
  inferwatch hunt --rule rules/ --since 7d
  inferwatch hunt --rule my-rule.yml --since 2026-01-01T00:00:00Z --until 2026-01-08T00:00:00Z --format json
  inferwatch hunt --rule rules/auth --explain`,
    )
    .action(async (flags: HuntFlags) => {
      oneOf("--format", flags.format, FORMATS);
      dataOrServer(flags);
      const paths = flags.rule ?? [];
      for (const p of paths) {
        if (!existsSync(p)) throw new InferWatchError("invalid_parameter", `no such rule file or directory: ${p}`);
      }
      const sources = readRuleSources(paths);
      const config = configFromFlags(flags);
      const ph = placeholders(flags, config.detection.placeholders);
      let alerts: readonly AlertRecord[];
      let summary: string;
      if (flags.server) {
        if (flags.explain) throw new InferWatchError("invalid_parameter", "--explain runs locally: leave out --server");
        const r = await new ServerClient(flags.server).hunt({
          rules: sources,
          since: flags.since,
          ...(flags.until ? { until: flags.until } : {}),
          placeholders: ph,
        });
        alerts = r.alerts;
        summary = `${r.alerts.length} alerts from ${r.rules} rules and ${r.correlations} correlations (${r.matches} matching events)`;
      } else {
        const prepared = prepareHunt({ sources, placeholders: ph, range: huntRange(flags.since, flags.until) });
        if (flags.explain) {
          for (const q of huntQueries(prepared)) {
            process.stdout.write(`-- rule ${q.rule_id}\n${q.sql}\n-- parameters\n${JSON.stringify(q.params)}\n`);
          }
          return;
        }
        const rt = await openRuntime(config);
        try {
          const r = await runHunt(rt.store, prepared, {
            maxMatches: config.detection.hunt_max_matches,
            timeoutMs: config.query.timeout_ms,
            maxGroups: config.detection.max_groups,
          });
          alerts = r.alerts;
          summary = `${r.alerts.length} alerts from ${r.rules} rules and ${r.correlations} correlations (${r.matches} matching events, ${Math.round(r.elapsedMs)} ms)`;
        } finally {
          await rt.close();
        }
      }
      if (flags.format === "json") {
        if (alerts.length > 0) process.stdout.write(`${alerts.map((a) => JSON.stringify(a)).join("\n")}\n`);
      } else process.stdout.write(`${table(alerts)}\n`);
      process.stderr.write(`inferwatch: ${summary}\n`);
    });
}
