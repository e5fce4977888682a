// Runs the test events embedded in rules (`tests: {match: [...], no_match: [...]}`): rules as code, checked in CI.
//
// Each case is one event (an object) or a sequence of events (a list, for correlations). A detection rule's case
// passes `match` when the rule matches the event (or any event of the sequence); a correlation's when feeding the
// sequence to a fresh engine (then closing its windows) raises an alert of that correlation. `no_match` is the reverse.
import type { AlertRecord } from "./alert.js";
import { SigmaEngine } from "./engine.js";
import { isRecord, type SigmaRecord } from "./event-view.js";
import type { RuleIssue } from "./issues.js";
import type { RuleMeta, RuleSet } from "./ruleset.js";

export interface RuleTestResult {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly expect: "match" | "no_match";
  readonly index: number;
  readonly ok: boolean;
}

export interface RuleTestReport {
  readonly results: readonly RuleTestResult[];
  /** Malformed `tests` sections. */
  readonly issues: readonly RuleIssue[];
  /** Rules with no embedded tests. */
  readonly untested: readonly string[];
}

type Case = readonly SigmaRecord[];

function casesOf(meta: RuleMeta, key: "match" | "no_match", issues: RuleIssue[]): Case[] {
  const t = meta.tests;
  if (!isRecord(t)) return [];
  const raw = t[key];
  if (raw === undefined) return [];
  const bad = (msg: string) =>
    issues.push({ file: meta.file, line: meta.line, col: 1, message: `tests.${key}: ${msg}` });
  if (!Array.isArray(raw)) {
    bad("must be a list of events or of event sequences");
    return [];
  }
  const out: Case[] = [];
  raw.forEach((c, i) => {
    if (isRecord(c)) out.push([c]);
    else if (Array.isArray(c) && c.length > 0 && c.every(isRecord)) out.push(c as SigmaRecord[]);
    else bad(`case ${i + 1} is neither an event (map) nor a non-empty list of events`);
  });
  return out;
}

export function runRuleTests(set: RuleSet): RuleTestReport {
  const issues: RuleIssue[] = [];
  const results: RuleTestResult[] = [];
  const untested: string[] = [];
  const shared = new SigmaEngine(set);
  const all = [...set.detections.map((d) => d.meta), ...set.correlations.map((c) => c.meta)];
  const isCorrelation = new Set(set.correlations.map((c) => c.meta.id));
  for (const meta of all) {
    if (meta.tests === undefined) {
      untested.push(meta.id);
      continue;
    }
    if (!isRecord(meta.tests)) {
      issues.push({
        file: meta.file,
        line: meta.line,
        col: 1,
        message: "tests must be a map with match and/or no_match",
      });
      continue;
    }
    for (const expect of ["match", "no_match"] as const) {
      casesOf(meta, expect, issues).forEach((events, index) => {
        let fired: boolean;
        if (isCorrelation.has(meta.id)) {
          const engine = new SigmaEngine(set); // correlations need fresh state per case
          const alerts: AlertRecord[] = [];
          for (const ev of events) alerts.push(...engine.process(ev, 0));
          alerts.push(...engine.flush());
          fired = alerts.some((a) => a.rule_id === meta.id);
        } else {
          fired = events.some((ev) => shared.match(ev).some((r) => r.meta.id === meta.id));
        }
        results.push({
          ruleId: meta.id,
          file: meta.file,
          line: meta.line,
          expect,
          index,
          ok: fired === (expect === "match"),
        });
      });
    }
  }
  return { results, issues, untested };
}
