// Prints an evaluation report as Markdown tables (readable in a terminal, and pasted as is into docs/evaluation.md).
import type { EvalReport, ScenarioScore } from "./score.js";

function pct(x: number | null): string {
  return x === null ? "–" : `${(x * 100).toFixed(0)}%`;
}

/** A duration as `45s`, `3m 20s`, `1h 05m`. */
export function duration(ms: number | null): string {
  if (ms === null) return "–";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function markdown(head: readonly string[], cells: readonly (readonly string[])[]): string {
  // A pipe would end the cell, a newline the row.
  const rows = cells.map((r) => r.map((c) => c.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function verdict(s: ScenarioScore): string {
  if (s.benign) return s.detected ? "**false alarm**" : "quiet (correct)";
  return s.detected ? "detected" : "**missed**";
}

export function scenarioTable(r: EvalReport, titles: ReadonlyMap<string, string>): string {
  return markdown(
    ["scenario", "kind", "result", "time to detect", "alerts", "detectors"],
    r.scenarios.map((s) => [
      `\`${s.scenario}\``,
      s.kind,
      verdict(s),
      duration(s.time_to_detect_ms),
      String(s.alerts),
      s.detectors.map((d) => titles.get(d) ?? d).join("; ") || "–",
    ]),
  );
}

export function detectorTable(r: EvalReport): string {
  if (r.detectors.length === 0) return "_No alerts were raised._";
  return markdown(
    ["detector (rule)", "alerts", "true", "false", "on benign", "precision", "recall", "false / day", "detects"],
    r.detectors.map((d) => [
      d.rule_title,
      String(d.alerts),
      String(d.true_alerts),
      String(d.false_alerts),
      String(d.benign_alerts),
      pct(d.precision),
      pct(d.recall),
      d.false_per_day.toFixed(1),
      d.detected.map((x) => `\`${x}\``).join(", ") || "–",
    ]),
  );
}

export function totalsTable(r: EvalReport): string {
  const t = r.totals;
  return markdown(
    ["measure", "value"],
    [
      ["attack and incident scenarios detected", `${t.detected} of ${t.incidents} (recall ${pct(t.recall)})`],
      ["alerts (true / false)", `${t.alerts} (${t.true_alerts} / ${t.false_alerts})`],
      ["precision", pct(t.precision)],
      ["benign look-alikes alerted on", `${t.benign_alerted} of ${t.benign_labels}`],
      ["simulated time", `${(t.simulated_days * 24).toFixed(1)} h`],
      ["false alerts per simulated day", t.false_per_day.toFixed(1)],
      ["median time to detect", duration(t.median_time_to_detect_ms)],
    ],
  );
}

/** The whole report: scenarios, detectors, totals. */
export function reportText(r: EvalReport, titles: ReadonlyMap<string, string>): string {
  return [
    "Scenarios",
    "",
    scenarioTable(r, titles),
    "",
    "Detectors",
    "",
    detectorTable(r),
    "",
    "Totals",
    "",
    totalsTable(r),
    "",
  ].join("\n");
}

/** Rule id → title, from the report's detectors. */
export function ruleTitles(r: EvalReport): Map<string, string> {
  return new Map(r.detectors.map((d) => [d.rule_id, d.rule_title]));
}
