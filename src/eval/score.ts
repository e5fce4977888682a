// Scores alerts against the simulator's labels: per scenario, per detector (rule) and in total.
import type { EvalLabel } from "./labels.js";

/** What the evaluator needs of an alert row (a subset of the alerts table). */
export interface EvalAlert {
  readonly rule_id: string;
  readonly rule_title: string;
  readonly first_seen: number;
  readonly last_seen: number;
  /** Group-by field → value for correlations, null for single-event matches. */
  readonly group_key: Readonly<Record<string, unknown>> | null;
  readonly evidence_event_ids: readonly string[];
}

/** An evidence event's entity fields (column name or `attributes.<key>` → value as text). */
export type EntityValues = Readonly<Record<string, string>>;

export interface ScenarioScore {
  readonly scenario: string;
  readonly kind: EvalLabel["kind"];
  readonly benign: boolean;
  readonly start_ms: number;
  readonly end_ms: number;
  /** At least one alert matches the label (for a benign look-alike: it was alerted on, wrongly). */
  readonly detected: boolean;
  /** Alerts matching the label. */
  readonly alerts: number;
  /** The rules (ids) with at least one matching alert. */
  readonly detectors: readonly string[];
  /** From the window's start to the first matching alert (its `last_seen`: when it fired); null if none. */
  readonly time_to_detect_ms: number | null;
}

export interface DetectorScore {
  readonly rule_id: string;
  readonly rule_title: string;
  readonly alerts: number;
  /** Alerts matching an attack or incident label. */
  readonly true_alerts: number;
  /** Alerts matching no attack or incident label (on benign look-alikes or plain baseline traffic). */
  readonly false_alerts: number;
  /** Of the false alerts, those matching a benign look-alike's label. */
  readonly benign_alerts: number;
  /** true_alerts / alerts; null without alerts. */
  readonly precision: number | null;
  /** Share of the attack and incident labels this rule detects; null without such labels. */
  readonly recall: number | null;
  readonly false_per_day: number;
  /** Attack and incident scenarios the rule detects. */
  readonly detected: readonly string[];
}

export interface EvalTotals {
  readonly labels: number;
  /** Attack and incident labels (the ones to detect). */
  readonly incidents: number;
  readonly detected: number;
  readonly recall: number | null;
  readonly alerts: number;
  readonly true_alerts: number;
  readonly false_alerts: number;
  readonly precision: number | null;
  readonly benign_labels: number;
  /** Benign look-alikes with at least one alert. */
  readonly benign_alerted: number;
  readonly simulated_days: number;
  readonly false_per_day: number;
  /** Median time to detect over the detected incidents; null when none is detected. */
  readonly median_time_to_detect_ms: number | null;
}

export interface EvalReport {
  readonly scenarios: readonly ScenarioScore[];
  readonly detectors: readonly DetectorScore[];
  readonly totals: EvalTotals;
}

export interface ScoreInput {
  readonly labels: readonly EvalLabel[];
  readonly alerts: readonly EvalAlert[];
  /** Evidence event id → its entity fields; ids missing here are ignored (the group key still counts). */
  readonly evidence: ReadonlyMap<string, EntityValues>;
  /** Simulated time covered by the data (ms); false alerts per day divide by it. */
  readonly span_ms: number;
}

const DAY = 86_400_000;

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** The entity views of an alert: each evidence event's fields with the group key on top (what the alert is about). */
function views(a: EvalAlert, evidence: ReadonlyMap<string, EntityValues>): Record<string, string>[] {
  const group: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.group_key ?? {})) {
    const t = text(v);
    if (t !== undefined) group[k] = t;
  }
  const out: Record<string, string>[] = [];
  for (const id of a.evidence_event_ids) {
    const e = evidence.get(id);
    if (e) out.push({ ...e, ...group });
  }
  if (out.length === 0) out.push(group);
  return out;
}

/** An alert is about a label when its time span overlaps the window and one evidence view carries all the label's
 * entities, or any one of its related entities. */
export function alertMatches(a: EvalAlert, views: readonly Record<string, string>[], l: EvalLabel): boolean {
  if (a.first_seen >= l.end_ms || a.last_seen < l.start_ms) return false;
  const all = Object.entries(l.entities);
  const related = Object.entries(l.related);
  return views.some((v) => all.every(([k, x]) => v[k] === x) || related.some(([k, x]) => v[k] === x));
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function score(input: ScoreInput): EvalReport {
  const { labels, alerts, evidence } = input;
  const days = Math.max(input.span_ms, 1) / DAY;
  const incidents = labels.filter((l) => !l.benign);
  const perLabel = labels.map(() => ({ alerts: 0, detectors: new Set<string>(), first: Number.POSITIVE_INFINITY }));
  interface Acc {
    title: string;
    alerts: number;
    true_alerts: number;
    benign_alerts: number;
    detected: Set<number>;
  }
  const perRule = new Map<string, Acc>();
  for (const a of alerts) {
    let acc = perRule.get(a.rule_id);
    if (!acc) {
      acc = { title: a.rule_title, alerts: 0, true_alerts: 0, benign_alerts: 0, detected: new Set() };
      perRule.set(a.rule_id, acc);
    }
    acc.alerts++;
    const v = views(a, evidence);
    let hitIncident = false;
    let hitBenign = false;
    labels.forEach((l, i) => {
      if (!alertMatches(a, v, l)) return;
      const p = perLabel[i] as (typeof perLabel)[number];
      p.alerts++;
      p.detectors.add(a.rule_id);
      p.first = Math.min(p.first, a.last_seen);
      if (l.benign) hitBenign = true;
      else {
        hitIncident = true;
        acc.detected.add(i);
      }
    });
    if (hitIncident) acc.true_alerts++;
    else if (hitBenign) acc.benign_alerts++;
  }
  const scenarios: ScenarioScore[] = labels.map((l, i) => {
    const p = perLabel[i] as (typeof perLabel)[number];
    return {
      scenario: l.scenario,
      kind: l.kind,
      benign: l.benign,
      start_ms: l.start_ms,
      end_ms: l.end_ms,
      detected: p.alerts > 0,
      alerts: p.alerts,
      detectors: [...p.detectors].sort(),
      time_to_detect_ms: p.alerts > 0 ? Math.max(0, p.first - l.start_ms) : null,
    };
  });
  const detectors: DetectorScore[] = [...perRule.entries()]
    .map(([rule_id, acc]) => {
      const false_alerts = acc.alerts - acc.true_alerts;
      return {
        rule_id,
        rule_title: acc.title,
        alerts: acc.alerts,
        true_alerts: acc.true_alerts,
        false_alerts,
        benign_alerts: acc.benign_alerts,
        precision: ratio(acc.true_alerts, acc.alerts),
        recall: ratio(acc.detected.size, incidents.length),
        false_per_day: false_alerts / days,
        detected: [...acc.detected].map((i) => (labels[i] as EvalLabel).scenario).sort(),
      };
    })
    .sort((a, b) => a.rule_title.localeCompare(b.rule_title) || a.rule_id.localeCompare(b.rule_id));
  const detectedIncidents = scenarios.filter((s) => !s.benign && s.detected);
  const trueAlerts = detectors.reduce((n, d) => n + d.true_alerts, 0);
  const falseAlerts = alerts.length - trueAlerts;
  return {
    scenarios,
    detectors,
    totals: {
      labels: labels.length,
      incidents: incidents.length,
      detected: detectedIncidents.length,
      recall: ratio(detectedIncidents.length, incidents.length),
      alerts: alerts.length,
      true_alerts: trueAlerts,
      false_alerts: falseAlerts,
      precision: ratio(trueAlerts, alerts.length),
      benign_labels: labels.length - incidents.length,
      benign_alerted: scenarios.filter((s) => s.benign && s.detected).length,
      simulated_days: days,
      false_per_day: falseAlerts / days,
      median_time_to_detect_ms: median(detectedIncidents.map((s) => s.time_to_detect_ms as number)),
    },
  };
}
