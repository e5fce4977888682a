// Evidently's legacy (0.4-era) report metrics: `{"metric": "DataDriftTable", "result": {...}}` entries.
import { asNumber, asText, isObject, type JsonObject } from "../common/json-values.js";
import { type ColumnDrift, columnDriftRecord, datasetDriftRecord } from "./drift-events.js";

/** An event derived from one part of a report, with the text that part came from. */
export interface ReportEvent {
  readonly record: Record<string, unknown>;
  readonly raw: string;
}

export function isLegacyMetric(entry: unknown): entry is JsonObject {
  return isObject(entry) && typeof entry.metric === "string" && isObject(entry.result);
}

function boolOrUndefined(v: unknown): boolean | undefined {
  return typeof v === "boolean" ? v : undefined;
}

function legacyColumn(name: string, c: JsonObject): ColumnDrift {
  return {
    feature: asText(c.column_name) ?? name,
    score: asNumber(c.drift_score),
    stattest: asText(c.stattest_name),
    threshold: asNumber(c.stattest_threshold),
    detected: boolOrUndefined(c.drift_detected),
    columnType: asText(c.column_type),
  };
}

// The per-column distributions (`current`, `reference`) are chart data: left out of the event's raw text.
function columnRaw(c: JsonObject): string {
  const { current: _c, reference: _r, ...rest } = c;
  return JSON.stringify(rest);
}

/**
 * Events of one legacy metric: DataDriftTable (a column event per column plus its summary), DatasetDriftMetric
 * (the summary), ColumnDriftMetric (one column). Other metrics give no events; the caller lists them.
 */
export function legacyMetricEvents(entry: JsonObject, shared: Record<string, unknown>): ReportEvent[] | undefined {
  const metric = entry.metric as string;
  const result = entry.result as JsonObject;
  const withMetric = { ...shared, report_metric: metric };
  const summary = (): ReportEvent => {
    const { drift_by_columns: _d, ...rest } = result;
    return {
      record: datasetDriftRecord(withMetric, {
        columns: asNumber(result.number_of_columns),
        drifted: asNumber(result.number_of_drifted_columns),
        share: asNumber(result.share_of_drifted_columns),
        datasetDrift: boolOrUndefined(result.dataset_drift),
        driftShare: asNumber(result.drift_share),
      }),
      raw: JSON.stringify({ metric, result: rest }),
    };
  };
  switch (metric) {
    case "DataDriftTable": {
      const byColumn = isObject(result.drift_by_columns) ? result.drift_by_columns : {};
      const columns: ReportEvent[] = Object.entries(byColumn)
        .filter((e): e is [string, JsonObject] => isObject(e[1]))
        .map(([name, c]) => ({ record: columnDriftRecord(withMetric, legacyColumn(name, c)), raw: columnRaw(c) }));
      return [...columns, summary()];
    }
    case "DatasetDriftMetric":
      return [summary()];
    case "ColumnDriftMetric":
      return [
        {
          record: columnDriftRecord(withMetric, legacyColumn(asText(result.column_name) ?? "?", result)),
          raw: columnRaw(result),
        },
      ];
    default:
      return undefined;
  }
}
