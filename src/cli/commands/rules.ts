// `inferwatch rules validate|test [PATH...]`: checks Sigma rule files (every error at once, with file:line) and runs
// the test events embedded in them. PATH defaults to the built-in rules/ directory.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import { readRuleSources } from "../../detection/sigma/files.js";
import { formatIssue } from "../../detection/sigma/issues.js";
import { runRuleTests } from "../../detection/sigma/rule-tests.js";
import { loadRules, type RuleSet } from "../../detection/sigma/ruleset.js";
import { configFromFlags, reportError } from "../options.js";

/** The built-in rules shipped with InferWatch (this file runs as dist/src/cli/commands/rules.js). */
export const BUILTIN_RULES = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../rules");

interface RulesFlags {
  json?: boolean;
  placeholder?: string[];
  config?: string;
}

/** `detection.placeholders` from the configuration, overridden per name by --placeholder flags. */
function placeholders(flags: RulesFlags): Record<string, string[]> {
  const out: Record<string, string[]> = { ...configFromFlags(flags).detection.placeholders };
  const list = flags.placeholder ?? [];
  for (const p of list) {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(p);
    if (!m) throw new InferWatchError("invalid_parameter", `--placeholder wants NAME=VALUE[,VALUE...], got "${p}"`);
    out[m[1] as string] = (m[2] as string).split(",");
  }
  return out;
}

function load(paths: readonly string[], flags: RulesFlags): { set: RuleSet; ok: boolean; count: number } {
  const targets = paths.length > 0 ? paths : [BUILTIN_RULES];
  for (const p of targets) {
    if (!existsSync(p)) throw new InferWatchError("invalid_parameter", `no such file or directory: ${p}`);
  }
  const sources = readRuleSources(targets);
  const { set, issues } = loadRules(sources, { placeholders: placeholders(flags) });
  if (flags.json) {
    if (issues.length > 0) process.stdout.write(`${JSON.stringify({ ok: false, issues })}\n`);
  } else for (const i of issues) process.stderr.write(`${formatIssue(i)}\n`);
  return { set, ok: issues.length === 0, count: sources.length };
}

function summary(set: RuleSet, files: number): string {
  return `${files} files: ${set.detections.length} rules, ${set.correlations.length} correlations, ${set.filters.length} filters`;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerRules(program: Command): void {
  const rules = program.command("rules").description("check and test Sigma detection rules");
  rules
    .command("validate")
    .description("schema and semantic checks of rule files; lists every error with file:line")
    .argument("[paths...]", "rule files or directories (default: the built-in rules)")
    .option("--placeholder <name=values>", "value(s) for an `expand` %placeholder% (repeatable)", collect)
    .option("--config <file>", "YAML configuration file (its detection.placeholders are used)")
    .option("--json", "machine-readable output")
    .action((paths: string[], flags: RulesFlags) => {
      try {
        const { set, ok, count } = load(paths, flags);
        if (flags.json && ok)
          process.stdout.write(
            `${JSON.stringify({ ok: true, files: count, rules: set.detections.length, correlations: set.correlations.length, filters: set.filters.length })}\n`,
          );
        else if (ok) process.stdout.write(`ok: ${summary(set, count)}\n`);
        if (!ok) process.exitCode = 1;
      } catch (e) {
        reportError(e);
      }
    });
  rules
    .command("test")
    .description("runs the test events embedded in rule files (tests: match / no_match)")
    .argument("[paths...]", "rule files or directories (default: the built-in rules)")
    .option("--placeholder <name=values>", "value(s) for an `expand` %placeholder% (repeatable)", collect)
    .option("--config <file>", "YAML configuration file (its detection.placeholders are used)")
    .option("--json", "machine-readable output")
    .action((paths: string[], flags: RulesFlags) => {
      try {
        const { set, ok, count } = load(paths, flags);
        if (!ok) {
          process.exitCode = 1;
          return;
        }
        const report = runRuleTests(set);
        const failed = report.results.filter((r) => !r.ok);
        if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          for (const i of report.issues) process.stderr.write(`${formatIssue(i)}\n`);
          for (const f of failed) {
            const what = f.expect === "match" ? "should match but did not" : "should not match but did";
            process.stderr.write(`${f.file}:${f.line}: rule ${f.ruleId}: ${f.expect} case ${f.index + 1} ${what}\n`);
          }
          process.stdout.write(
            `${summary(set, count)}; ${report.results.length - failed.length} passed, ${failed.length} failed` +
              (report.untested.length ? `; without tests: ${report.untested.join(", ")}` : "") +
              "\n",
          );
        }
        if (failed.length > 0 || report.issues.length > 0) process.exitCode = 1;
      } catch (e) {
        reportError(e);
      }
    });
}
