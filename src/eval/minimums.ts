// The quality bars `inferwatch eval` can enforce (for CI): each unmet one is reported in words.
import type { EvalReport } from "./score.js";

export interface Minimums {
  readonly minRecall?: number;
  readonly minPrecision?: number;
  readonly maxFalsePerDay?: number;
  /** Scenarios that must be detected (attack or incident) or stay quiet (benign). */
  readonly require?: readonly string[];
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The minimums the report does not meet (empty when all are met). An undefined ratio (no alerts, no incidents)
 * does not meet a minimum on it: CI should not pass on a run that measured nothing. */
export function unmetMinimums(r: EvalReport, m: Minimums): string[] {
  const out: string[] = [];
  const t = r.totals;
  if (m.minRecall !== undefined && (t.recall === null || t.recall < m.minRecall)) {
    out.push(
      `recall ${t.recall === null ? "undefined (no attack or incident labels)" : pct(t.recall)} is below --min-recall ${pct(m.minRecall)}`,
    );
  }
  if (m.minPrecision !== undefined && (t.precision === null || t.precision < m.minPrecision)) {
    out.push(
      `precision ${t.precision === null ? "undefined (no alerts)" : pct(t.precision)} is below --min-precision ${pct(m.minPrecision)}`,
    );
  }
  if (m.maxFalsePerDay !== undefined && t.false_per_day > m.maxFalsePerDay) {
    out.push(
      `${t.false_per_day.toFixed(1)} false alerts per simulated day exceed --max-false-per-day ${m.maxFalsePerDay}`,
    );
  }
  for (const name of m.require ?? []) {
    const s = r.scenarios.filter((x) => x.scenario === name);
    if (s.length === 0) out.push(`required scenario ${name} is not in the labels`);
    for (const x of s) {
      if (!x.benign && !x.detected) out.push(`required scenario ${name} was not detected`);
      if (x.benign && x.detected) out.push(`benign scenario ${name} raised ${x.alerts} alert(s)`);
    }
  }
  return out;
}
