// `inferwatch eval`: scores the stored alerts against a simulator labels file; non-zero exit when minimums are unmet.
import { readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import { evaluate } from "../../eval/evaluate.js";
import { parseLabels } from "../../eval/labels.js";
import { type Minimums, unmetMinimums } from "../../eval/minimums.js";
import type { RunKql } from "../../eval/source.js";
import { reportText, ruleTitles } from "../../eval/table.js";
import { prepareQuery, runQuery } from "../../services/query.js";
import { openRuntime } from "../../services/runtime.js";
import { ServerClient } from "../client.js";
import { type CommonFlags, configFromFlags, dataOrServer } from "../options.js";

interface EvalFlags extends CommonFlags {
  labels: string;
  server?: string;
  json?: boolean;
  mode?: string;
  minRecall?: string;
  minPrecision?: string;
  maxFalsePerDay?: string;
  require?: string;
}

/** Labels files are small (one line per scenario); this bounds what is read into memory. */
const MAX_LABELS_BYTES = 16 * 1024 * 1024;

function fraction(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InferWatchError("invalid_parameter", `${flag} must be a number from 0 to 1, got ${JSON.stringify(v)}`);
  }
  return n;
}

function nonNegative(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new InferWatchError("invalid_parameter", `${flag} must be a number of at least 0, got ${JSON.stringify(v)}`);
  }
  return n;
}

function readLabels(path: string): string {
  try {
    // Checked before reading: a wrong path to a huge file must not fill memory.
    if (statSync(path).size > MAX_LABELS_BYTES) {
      throw new InferWatchError("invalid_parameter", `--labels ${JSON.stringify(path)}: larger than 16 MiB`);
    }
    return readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof InferWatchError) throw e;
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InferWatchError("invalid_parameter", `--labels ${JSON.stringify(path)}: cannot read it (${reason})`);
  }
}

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("score stored alerts against simulator labels: detection, time to detect, precision, recall")
    .requiredOption("--labels <file>", "ground truth from `inferwatch simulate --labels` (JSON Lines)")
    .option("--data <dir>", "data directory to read directly (default ./data)")
    .option("--server <url>", "ask a running server instead, e.g. http://127.0.0.1:7080")
    .option("--config <file>", "YAML configuration file")
    .option("--json", "print the report as JSON")
    .option("--mode <mode>", "only alerts of this mode: live or shadow (default both)")
    .option("--min-recall <x>", "fail (exit 1) when fewer than this share of attacks and incidents is detected (0-1)")
    .option("--min-precision <x>", "fail (exit 1) when fewer than this share of alerts is true (0-1)")
    .option("--max-false-per-day <n>", "fail (exit 1) when false alerts per simulated day exceed n")
    .option("--require <names>", "fail (exit 1) unless these scenarios are detected (benign ones: stay quiet)")
    .addHelpText(
      "after",
      `
An alert is true when its time overlaps a label's window and one of its evidence events carries the label's
entities (or one related entity). See docs/evaluation.md.
Examples:
  inferwatch simulate --scenario all --out sim --labels sim/labels.jsonl
  inferwatch ingest --data data 'sim/*/*'
  inferwatch eval --data data --labels sim/labels.jsonl --min-recall 0.2 --max-false-per-day 50`,
    )
    .action(async (flags: EvalFlags) => {
      dataOrServer(flags);
      if (flags.mode !== undefined && flags.mode !== "live" && flags.mode !== "shadow") {
        throw new InferWatchError(
          "invalid_parameter",
          `--mode must be live or shadow, got ${JSON.stringify(flags.mode)}`,
        );
      }
      const minimums: Minimums = {
        ...(flags.minRecall !== undefined ? { minRecall: fraction("--min-recall", flags.minRecall) } : {}),
        ...(flags.minPrecision !== undefined ? { minPrecision: fraction("--min-precision", flags.minPrecision) } : {}),
        ...(flags.maxFalsePerDay !== undefined
          ? { maxFalsePerDay: nonNegative("--max-false-per-day", flags.maxFalsePerDay) }
          : {}),
        ...(flags.require !== undefined
          ? {
              require: flags.require
                .split(",")
                .map((s) => s.trim())
                .filter((s) => s !== ""),
            }
          : {}),
      };
      const labels = parseLabels(readLabels(flags.labels), flags.labels);
      const mode = flags.mode as "live" | "shadow" | undefined;
      const options = mode ? { mode } : {};
      let report: Awaited<ReturnType<typeof evaluate>>;
      if (flags.server) {
        const client = new ServerClient(flags.server);
        const run: RunKql = (query) => client.query({ query });
        report = await evaluate(run, labels, options);
      } else {
        const config = configFromFlags(flags);
        const rt = await openRuntime(config);
        try {
          const limits = { maxRows: config.query.max_rows, timeoutMs: config.query.timeout_ms };
          const run: RunKql = (query) => runQuery(rt.store, prepareQuery({ kind: "kql", query }), limits);
          report = await evaluate(run, labels, options);
        } finally {
          await rt.close();
        }
      }
      const unmet = unmetMinimums(report, minimums);
      if (flags.json) process.stdout.write(`${JSON.stringify({ ...report, unmet }, null, 2)}\n`);
      else process.stdout.write(reportText(report, ruleTitles(report)));
      for (const u of unmet) process.stderr.write(`inferwatch: eval: ${u}\n`);
      if (unmet.length > 0) process.exitCode = 1;
    });
}
