// The drift events every drift source produces: one per column, and one dataset summary per report.
import { compact } from "../common/records.js";
import type { DriftRule } from "./stattest-direction.js";

export interface ColumnDrift {
  readonly feature: string;
  readonly score: number | undefined;
  readonly stattest: string | undefined;
  readonly threshold: number | undefined;
  readonly detected: boolean | undefined;
  readonly columnType?: string | undefined;
  /** Set when `detected` was derived from the score rather than reported. */
  readonly rule?: DriftRule | undefined;
}

function fmt(n: number | undefined): string {
  return n === undefined ? "n/a" : String(Number(n.toPrecision(6)));
}

/** One `column_drift` event; `shared` carries the report-wide fields (timestamp, version, provenance). */
export function columnDriftRecord(shared: Record<string, unknown>, c: ColumnDrift): Record<string, unknown> {
  const how = `${c.stattest ?? "score"} ${fmt(c.score)} (threshold ${fmt(c.threshold)})`;
  const message =
    c.detected === true
      ? `Drift detected in column ${c.feature}: ${how}`
      : c.detected === false
        ? `No drift in column ${c.feature}: ${how}`
        : `Drift score for column ${c.feature}: ${how}; no verdict`;
  return compact({
    ...shared,
    event_kind: "drift",
    event_action: "column_drift",
    severity: c.detected === true ? "warn" : "info",
    message,
    feature: c.feature,
    // null, not absent: the report named a score that could not be computed (NaN), which is worth seeing.
    drift_score: c.score ?? null,
    stattest: c.stattest,
    threshold: c.threshold,
    drift_detected: c.detected,
    column_type: c.columnType,
    drift_rule: c.rule,
  });
}

export interface DatasetDrift {
  readonly columns: number | undefined;
  readonly drifted: number | undefined;
  readonly share: number | undefined;
  readonly datasetDrift: boolean | undefined;
  /** The share of drifted columns at which the dataset counts as drifted. */
  readonly driftShare?: number | undefined;
}

/** The report's `dataset_drift` summary event. */
export function datasetDriftRecord(shared: Record<string, unknown>, d: DatasetDrift): Record<string, unknown> {
  const share = d.share ?? (d.columns && d.drifted !== undefined ? d.drifted / d.columns : undefined);
  const pct = share === undefined ? "" : ` (${(share * 100).toFixed(1)}%)`;
  const verdict =
    d.datasetDrift === true ? "dataset drift detected" : d.datasetDrift === false ? "no dataset drift" : "";
  const counts = `${d.drifted ?? "?"} of ${d.columns ?? "?"} columns drifted${pct}`;
  return compact({
    ...shared,
    event_kind: "drift",
    event_action: "dataset_drift",
    severity: d.datasetDrift === true ? "warn" : "info",
    message: verdict ? `${counts}: ${verdict}` : counts,
    number_of_columns: d.columns,
    number_of_drifted_columns: d.drifted,
    share_of_drifted_columns: share,
    dataset_drift: d.datasetDrift,
    drift_share: d.driftShare,
  });
}
