// Evidently 0.6/0.7 report metrics (`Snapshot.dict()`): `{"id", "metric_name" | "metric_id", "config", "value"}`.
import { asNumber, asText, isObject, type JsonObject } from "../common/json-values.js";
import { compact } from "../common/records.js";
import { type ColumnDrift, columnDriftRecord, datasetDriftRecord } from "./drift-events.js";
import type { ReportEvent } from "./evidently-legacy.js";
import { driftRuleFor, isDrifted } from "./stattest-direction.js";

/** `ValueDrift(column=user_age,method=K-S p_value,threshold=0.05)` split into its type and parameters. */
export interface MetricLabel {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

// Parameters are `key=value` joined by commas, and list values are joined by commas too (`columns=a,b`): a comma
// only separates parameters when a `key=` follows it.
export function parseMetricLabel(label: string): MetricLabel | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(label.trim());
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const body = m[2] ?? "";
  if (body !== "") {
    for (const part of body.split(/,(?=[A-Za-z_][A-Za-z0-9_]*=)/)) {
      const eq = part.indexOf("=");
      if (eq > 0) params[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { type: m[1] ?? "", params };
}

export function isCurrentMetric(entry: unknown): entry is JsonObject {
  if (!isObject(entry) || !("value" in entry)) return false;
  return typeof entry.metric_name === "string" || isObject(entry.config) || /\(/.test(asText(entry.metric_id) ?? "");
}

interface CurrentMetric {
  readonly type: string | undefined;
  readonly label: string | undefined;
  param(name: string): unknown;
  readonly value: unknown;
}

function readCurrentMetric(entry: JsonObject): CurrentMetric {
  // Older 0.6 releases put the readable label in `metric_id`; later ones in `metric_name`, next to `config`.
  const label =
    asText(entry.metric_name) ?? (asText(entry.metric_id)?.includes("(") ? asText(entry.metric_id) : undefined);
  const parsed = label === undefined ? undefined : parseMetricLabel(label);
  const config = isObject(entry.config) ? entry.config : {};
  return {
    type: asText(config.type)?.split(":").pop() ?? parsed?.type,
    label,
    param: (name) => config[name] ?? parsed?.params[name],
    value: entry.value,
  };
}

function valueDrift(m: CurrentMetric): ColumnDrift {
  const score = asNumber(m.value);
  const method = asText(m.param("method"));
  const threshold = asNumber(m.param("threshold"));
  const rule = method === undefined ? undefined : driftRuleFor(method);
  const detected =
    rule !== undefined && score !== undefined && threshold !== undefined
      ? isDrifted(rule, score, threshold)
      : undefined;
  return {
    feature: asText(m.param("column")) ?? "?",
    score,
    stattest: method,
    threshold,
    detected,
    rule,
  };
}

/** Events of a 0.6/0.7 report's metric list, with a computed summary when no DriftedColumnsCount gives one. */
export function currentReportEvents(entries: readonly JsonObject[], shared: Record<string, unknown>): ReportEvent[] {
  const out: ReportEvent[] = [];
  const verdicts = new Map<string, boolean>();
  let summarized = false;
  for (const entry of entries) {
    const m = readCurrentMetric(entry);
    const withMetric = { ...shared, report_metric: m.type, metric_id: m.label };
    const raw = JSON.stringify(entry);
    if (m.type === "ValueDrift") {
      const c = valueDrift(m);
      if (c.detected !== undefined) verdicts.set(c.feature, (verdicts.get(c.feature) ?? false) || c.detected);
      out.push({ record: columnDriftRecord(withMetric, c), raw });
    } else if (m.type === "DriftedColumnsCount" && isObject(m.value)) {
      const drifted = asNumber(m.value.count);
      const share = asNumber(m.value.share);
      const driftShare = asNumber(m.param("drift_share"));
      const columns = drifted !== undefined && share ? Math.round(drifted / share) : undefined;
      const datasetDrift = share !== undefined && driftShare !== undefined ? share >= driftShare : undefined;
      out.push({ record: datasetDriftRecord(withMetric, { columns, drifted, share, datasetDrift, driftShare }), raw });
      summarized = true;
    } else {
      const n = asNumber(m.value);
      out.push({
        record: compact({
          ...withMetric,
          event_kind: "drift",
          event_action: "data_quality_metric",
          severity: "info",
          message: `${m.label ?? m.type ?? "metric"} = ${n ?? JSON.stringify(m.value)}`,
          metric_name: m.type,
          feature: asText(m.param("column")),
          metric_value: n,
          metric_values: n === undefined && m.value !== null ? m.value : undefined,
        }),
        raw,
      });
    }
  }
  if (!summarized && verdicts.size > 0) {
    const drifted = [...verdicts.values()].filter(Boolean).length;
    out.push({
      record: datasetDriftRecord(
        { ...shared, summary_source: "computed_from_value_drift" },
        { columns: verdicts.size, drifted, share: drifted / verdicts.size, datasetDrift: undefined },
      ),
      raw: JSON.stringify(Object.fromEntries(verdicts)),
    });
  }
  return out;
}
