// `evidently`: Evidently drift reports (legacy 0.4 `Report.json()` and 0.6/0.7 `Snapshot.dict()`), one or many lines.
import { objectDocumentSession } from "../common/document-session.js";
import type { JsonDocument } from "../common/json-documents.js";
import { asText, isObject, type JsonObject } from "../common/json-values.js";
import { compact } from "../common/records.js";
import { parseEventTime } from "../common/times.js";
import type { Format, ParseContext, ParsedRecord } from "../types.js";
import { currentReportEvents, isCurrentMetric } from "./evidently-current.js";
import { isLegacyMetric, legacyMetricEvents, type ReportEvent } from "./evidently-legacy.js";

// Lines that only an Evidently report contains: the compact report itself, or the telling line of a
// pretty-printed one (auto-detection holds the lines before it).
const DETECT =
  /"metric"\s*:\s*"(?:DataDriftTable|DatasetDriftMetric|ColumnDriftMetric)"|"drift_by_columns"\s*:|"(?:metric_name|metric_id)"\s*:\s*"(?:ValueDrift|DriftedColumnsCount)\(|"type"\s*:\s*"evidently:metric_v2:/;

function fail(d: JsonDocument, code: "unparseable" | "invalid_timestamp", message: string): ParsedRecord[] {
  return [{ ok: false, line: d.line, raw: d.raw, code, message }];
}

/** The report-wide fields every event of the document shares, or a diagnostic about the report's time. */
function sharedFields(
  doc: JsonObject,
  nonFinite: number,
  context: ParseContext,
): { ok: true; shared: Record<string, unknown> } | { ok: false; message: string } {
  let timestamp = context.referenceTime;
  let source = "reference_time";
  if (doc.timestamp !== undefined && doc.timestamp !== null) {
    const t = parseEventTime(doc.timestamp, context.timeZone);
    if (!t.ok) return { ok: false, message: `report field 'timestamp' ${t.message}` };
    timestamp = t.ms;
    source = "report";
  }
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  return {
    ok: true,
    shared: compact({
      timestamp,
      timestamp_source: source,
      evidently_version: asText(doc.version),
      report_name: asText(doc.name),
      model_name: asText(metadata.model_id),
      tags: Array.isArray(doc.tags) && doc.tags.length > 0 ? doc.tags : undefined,
      // Python wrote NaN/Infinity here (json.dumps allow_nan): they were read as null.
      non_finite_replaced: nonFinite > 0 ? nonFinite : undefined,
    }),
  };
}

function failedTests(doc: JsonObject): number | undefined {
  if (!Array.isArray(doc.tests) || doc.tests.length === 0) return undefined;
  return doc.tests.filter((t) => isObject(t) && /^(?:FAIL|ERROR)$/i.test(asText(t.status) ?? "")).length;
}

function reportRecords(doc: JsonObject, d: JsonDocument, nonFinite: number, context: ParseContext): ParsedRecord[] {
  if (!Array.isArray(doc.metrics)) return fail(d, "unparseable", "not an Evidently report: no 'metrics' array");
  const s = sharedFields(doc, nonFinite, context);
  if (!s.ok) return fail(d, "invalid_timestamp", s.message);
  const events: ReportEvent[] = [];
  const ignored: string[] = [];
  const current: JsonObject[] = [];
  for (const entry of doc.metrics) {
    if (isLegacyMetric(entry)) {
      const got = legacyMetricEvents(entry, { ...s.shared, evidently_api: "legacy" });
      if (got) events.push(...got);
      else ignored.push(String(entry.metric));
    } else if (isCurrentMetric(entry)) {
      current.push(entry);
    } else {
      ignored.push(isObject(entry) ? (asText(entry.metric) ?? asText(entry.id) ?? "?") : typeof entry);
    }
  }
  if (current.length > 0) {
    const tests = failedTests(doc);
    const shared = compact({ ...s.shared, evidently_api: "current", tests_failed: tests });
    events.push(...currentReportEvents(current, shared));
  }
  if (events.length === 0) {
    const names = ignored.length > 0 ? ` (metrics: ${ignored.slice(0, 10).join(", ")})` : "";
    return fail(d, "unparseable", `the Evidently report has no drift or data-quality metric this parser reads${names}`);
  }
  return events.map((e) => ({
    ok: true,
    line: d.line,
    raw: e.raw,
    record: ignored.length > 0 ? { ...e.record, metrics_ignored: ignored } : e.record,
  }));
}

export const evidentlyFormat: Format = {
  name: "evidently",
  description:
    "Evidently drift reports as JSON (legacy 0.4 DataDriftTable/DatasetDriftMetric/ColumnDriftMetric results, or " +
    "0.6/0.7 ValueDrift/DriftedColumnsCount metrics), compact or pretty-printed, NaN tolerated: one drift event " +
    "per column and a dataset summary.",
  examples: [
    '{"metrics": [{"metric": "DataDriftTable", "result": {"dataset_drift": false, "drift_by_columns": {"target": {"column_name": "target", "column_type": "cat", "drift_detected": true, "drift_score": 0.0, "stattest_name": "chi-square p_value", "stattest_threshold": 0.7}}, "number_of_columns": 3, "number_of_drifted_columns": 1, "share_of_drifted_columns": 0.3333333333333333}}]}',
  ],
  detect: (line) => DETECT.test(line),
  open(context) {
    return objectDocumentSession((doc, d, nonFinite) => reportRecords(doc, d, nonFinite, context));
  },
};
