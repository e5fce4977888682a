// The `evidently` format: legacy 0.4 and 0.6/0.7 reports, NaN tolerance, report times, detection.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { evidentlyFormat } from "./evidently.js";
import { parseMetricLabel } from "./evidently-current.js";
import { whylogsFormat } from "./whylogs.js";

const REF = Date.UTC(2026, 10, 22, 12, 0, 0);
const UTC: ParseContext = { timeZone: "UTC", referenceTime: REF };
const LEGACY = join(
  ROOT,
  "test/fixtures/samples/evidently/legacy_0.4_DataDriftTable_result_DERIVED_from_unit_test.json",
);
const CURRENT = join(ROOT, "test/fixtures/drift/evidently_0.7_report_dict_HANDWRITTEN.json");
const LEGACY_NAN = join(ROOT, "test/fixtures/drift/evidently_0.4_report_json_with_nan_HANDWRITTEN.json");

function byFeature(records: Record<string, unknown>[]): Map<unknown, Record<string, unknown>> {
  return new Map(records.filter((r) => r.event_action === "column_drift").map((r) => [r.feature, r]));
}

test("legacy DataDriftTable (real derived sample): one pretty-printed document, a record per column + summary", () => {
  const lines = readFileSync(LEGACY, "utf8").split("\n");
  const nonBlank = lines.filter((l) => l.trim() !== "").length;
  const session = evidentlyFormat.open(UTC);
  const out = [];
  for (const [i, text] of lines.entries()) {
    if (text.trim() === "") continue;
    const got = session.push({ line: i + 1, text });
    // Nothing comes out before the closing brace on the last line: every line belongs to the one document.
    if (i + 1 < nonBlank) assert.deepEqual(got, []);
    out.push(...got);
  }
  assert.deepEqual(session.end(), []);
  const records = okRecords(out);
  assert.equal(records.length, 4);
  assert.ok(out.every((r) => r.line === 1));
  const cols = byFeature(records);
  assert.deepEqual(cols.get("target"), {
    timestamp: REF,
    timestamp_source: "reference_time",
    evidently_api: "legacy",
    report_metric: "DataDriftTable",
    event_kind: "drift",
    event_action: "column_drift",
    severity: "warn",
    message: "Drift detected in column target: chi-square p_value 0 (threshold 0.7)",
    feature: "target",
    drift_score: 0,
    stattest: "chi-square p_value",
    threshold: 0.7,
    drift_detected: true,
    column_type: "cat",
  });
  assert.equal(cols.get("category_feature")?.drift_detected, false);
  assert.equal(cols.get("category_feature")?.stattest, "Z-test p_value");
  assert.equal(cols.get("category_feature")?.severity, "info");
  assert.equal(cols.get("prediction")?.drift_score, 1);
  const summary = records.find((r) => r.event_action === "dataset_drift");
  assert.equal(summary?.dataset_drift, false);
  assert.equal(summary?.number_of_columns, 3);
  assert.equal(summary?.number_of_drifted_columns, 1);
  assert.equal(summary?.share_of_drifted_columns, 0.3333333333333333);
  assert.equal(summary?.message, "1 of 3 columns drifted (33.3%): no dataset drift");
  // Per-column raw text leaves the chart data out.
  const targetRaw = out.find((r) => r.ok && r.record.feature === "target")?.raw ?? "";
  assert.deepEqual(JSON.parse(targetRaw).drift_score, 0);
  assert.equal(targetRaw.includes("small_distribution"), false);
});

test("the same report on one line gives the same records (compact json.dumps output)", () => {
  const compactLine = JSON.stringify(JSON.parse(readFileSync(LEGACY, "utf8")));
  assert.equal(evidentlyFormat.detect(compactLine), true);
  const a = okRecords(runText(evidentlyFormat, compactLine, UTC));
  const b = okRecords(runText(evidentlyFormat, readFileSync(LEGACY, "utf8"), UTC));
  assert.deepEqual(a, b);
});

test("legacy Report.json() with version, naive local timestamp and a bare NaN score (hand-written fixture)", () => {
  const out = runText(evidentlyFormat, readFileSync(LEGACY_NAN, "utf8"), {
    timeZone: "Europe/Berlin",
    referenceTime: REF,
  });
  const records = okRecords(out);
  assert.equal(records.length, 5);
  // 09:30:12.512345 in Berlin (CEST, UTC+2) on 2024-05-14.
  const when = Date.UTC(2024, 4, 14, 7, 30, 12, 512);
  for (const r of records) {
    assert.equal(r.timestamp, when);
    assert.equal(r.timestamp_source, "report");
    assert.equal(r.evidently_version, "0.4.33");
    assert.equal(r.non_finite_replaced, 1);
  }
  const cols = byFeature(records);
  assert.equal(cols.get("user_age")?.drift_detected, true);
  assert.equal(cols.get("user_age")?.drift_score, 0.0004199);
  assert.equal(cols.get("user_age")?.column_type, "num");
  assert.equal(cols.get("income")?.drift_detected, false);
  assert.equal(cols.get("credit_score")?.drift_score, null);
  assert.equal(cols.get("credit_score")?.drift_detected, false);
  const summaries = records.filter((r) => r.event_action === "dataset_drift");
  assert.deepEqual(
    summaries.map((s) => [s.report_metric, s.dataset_drift, s.drift_share ?? null]),
    [
      ["DatasetDriftMetric", false, 0.5],
      ["DataDriftTable", false, null],
    ],
  );
});

test("0.7 Snapshot.dict() (hand-written fixture): verdicts derived from method direction and threshold", () => {
  const records = okRecords(runText(evidentlyFormat, readFileSync(CURRENT, "utf8"), UTC));
  assert.equal(records.length, 8);
  const cols = byFeature(records);
  const verdicts = [...cols.values()].map((r) => [
    r.feature,
    r.drift_score,
    r.drift_detected ?? null,
    r.drift_rule ?? null,
  ]);
  assert.deepEqual(verdicts, [
    ["user_age", 0.0021347, true, "p_value_below_threshold"],
    ["income", 0.0437, false, "distance_at_or_above_threshold"],
    ["loan_amount", 0.2711, true, "distance_at_or_above_threshold"],
    ["employment_type", 0.4102, false, "p_value_below_threshold"],
    ["credit_score", null, null, "distance_at_or_above_threshold"],
  ]);
  const age = cols.get("user_age");
  assert.equal(age?.stattest, "K-S p_value");
  assert.equal(age?.threshold, 0.05);
  assert.equal(age?.metric_id, "ValueDrift(column=user_age,method=K-S p_value,threshold=0.05)");
  assert.equal(age?.evidently_api, "current");
  assert.equal(age?.non_finite_replaced, 1);
  assert.equal(age?.timestamp, REF);
  assert.equal(
    cols.get("credit_score")?.message,
    "Drift score for column credit_score: Jensen-Shannon distance n/a (threshold 0.1); no verdict",
  );
  const summary = records.find((r) => r.event_action === "dataset_drift");
  assert.equal(summary?.number_of_drifted_columns, 2);
  assert.equal(summary?.number_of_columns, 5);
  assert.equal(summary?.share_of_drifted_columns, 0.4);
  assert.equal(summary?.drift_share, 0.5);
  assert.equal(summary?.dataset_drift, false);
  const quality = records.filter((r) => r.event_action === "data_quality_metric");
  assert.deepEqual(
    quality.map((q) => [q.metric_name, q.feature ?? null, q.metric_value ?? null, q.metric_values ?? null]),
    [
      ["MissingValueCount", "user_age", null, { count: 12, share: 0.012 }],
      ["RowCount", null, 1000, null],
    ],
  );
});

test("0.6 metric_id labels without config, and a summary computed when no DriftedColumnsCount is given", () => {
  const line = JSON.stringify({
    metrics: [
      { id: "a1", metric_id: "ValueDrift(column=user_age,method=Z-test p_value,threshold=0.05)", value: 0.2 },
      { id: "a2", metric_id: "ValueDrift(column=city,method=psi,threshold=0.2)", value: 0.35 },
    ],
    tests: [
      { id: "t1", status: "FAIL" },
      { id: "t2", status: "SUCCESS" },
    ],
    timestamp: "2026-11-20T08:00:00+01:00",
  });
  assert.equal(evidentlyFormat.detect(line), true);
  const records = okRecords(runText(evidentlyFormat, line, UTC));
  assert.deepEqual(
    records.map((r) => [r.event_action, r.feature ?? null, r.drift_detected ?? r.dataset_drift ?? null]),
    [
      ["column_drift", "user_age", false],
      ["column_drift", "city", true],
      ["dataset_drift", null, null],
    ],
  );
  assert.equal(records[2]?.summary_source, "computed_from_value_drift");
  assert.equal(records[2]?.share_of_drifted_columns, 0.5);
  assert.ok(records.every((r) => r.timestamp === Date.UTC(2026, 10, 20, 7) && r.tests_failed === 1));
});

test("metric labels split on commas that start a parameter only", () => {
  assert.deepEqual(parseMetricLabel("DriftedColumnsCount(columns=a,b,c,drift_share=0.5)"), {
    type: "DriftedColumnsCount",
    params: { columns: "a,b,c", drift_share: "0.5" },
  });
  assert.deepEqual(parseMetricLabel("RowCount()"), { type: "RowCount", params: {} });
  assert.equal(parseMetricLabel("not a label"), undefined);
});

test("reports without drift metrics, bad times, broken and unfinished documents are diagnosed", () => {
  const diag = (text: string) => {
    const [r, ...rest] = runText(evidentlyFormat, text, UTC);
    assert.equal(rest.length, 0);
    assert.ok(r && !r.ok, text);
    return r.code;
  };
  assert.equal(
    diag('{"metrics": [{"metric": "ClassificationQualityMetric", "result": {"accuracy": 0.9}}]}'),
    "unparseable",
  );
  assert.equal(diag('{"not": "a report"}'), "unparseable");
  assert.equal(diag('{"metrics": [], "timestamp": "yesterday"}'), "invalid_timestamp");
  assert.equal(diag('{"metrics": [1,]}'), "invalid_json");
  assert.equal(diag('{"metrics": ['), "incomplete_record");
  assert.equal(diag("plain text"), "unparseable");
  assert.equal(diag("[1, 2]"), "not_an_object");
  // An unrecognized metric next to drift metrics is listed, not lost.
  const records = okRecords(
    runText(
      evidentlyFormat,
      '{"metrics": [{"metric": "ColumnSummaryMetric", "result": {}}, {"metric": "ColumnDriftMetric", "result": {"column_name": "x", "drift_score": 0.2, "drift_detected": false, "stattest_name": "PSI", "stattest_threshold": 0.25}}]}',
      UTC,
    ),
  );
  assert.equal(records.length, 1);
  assert.deepEqual(records[0]?.metrics_ignored, ["ColumnSummaryMetric"]);
});

test("every example parses; detect keys on report lines and not on other formats", () => {
  for (const ex of evidentlyFormat.examples) {
    assert.equal(evidentlyFormat.detect(ex), true);
    assert.ok(okRecords(runText(evidentlyFormat, ex, UTC)).length > 0);
  }
  assert.equal(evidentlyFormat.detect('      "metric": "DataDriftTable",'), true);
  assert.equal(
    evidentlyFormat.detect('      "metric_name": "ValueDrift(column=user_age,method=K-S p_value,threshold=0.05)",'),
    true,
  );
  for (const line of [...FOREIGN_TO_DOCUMENT_FORMATS, ...whylogsFormat.examples.flatMap((e) => e.split("\n"))]) {
    assert.equal(evidentlyFormat.detect(line), false, line);
  }
});
