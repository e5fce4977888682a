// `torchserve-metrics-json`: JSONPatternLayout objects assembled across lines; stray text between them diagnosed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, diagnosticsWithRaw, fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineOnce, assertExamplesParse } from "../common/format-checks.js";
import { torchserveMetricsJsonFormat as fmt } from "./metrics-json.js";

test("two pretty-printed metric objects back to back; the doc's Markdown fences are diagnosed", () => {
  const lines = fixtureLines("torchserve", "ts_metrics_json_pattern_layout_docs.json");
  const results = run(fmt, lines);
  assertEveryLineOnce(lines, results);
  assert.deepEqual(
    diagnosticsWithRaw(results).map((d) => [d.line, d.code, d.raw]),
    [
      [13, "unparseable", "```"],
      [15, "unparseable", "```json"],
    ],
  );
  const rs = records(results);
  assert.deepEqual(rs[0], {
    timestamp: CONTEXT.referenceTime,
    timestamp_source: "reference_time",
    event_kind: "metric",
    metric_name: "DiskAvailable",
    metric_value: 108.15547180175781,
    metric_unit: "Gigabytes",
    dimensions: { Level: "Host" },
    metric_level: "Host",
    host_name: "my_machine_name",
  });
  assert.equal(rs[1]?.metric_name, "DiskUsage");
  assert.equal(results.find((r) => r.ok)?.line, 1);
  assert.equal(results.filter((r) => r.ok)[1]?.line, 16);
});

test("a Timestamp and RequestId are used when present; broken objects are diagnosed", () => {
  const rs = runText(
    fmt,
    [
      '{"MetricName": "PredictionTime", "Value": "71.95", "Unit": "ms", "Dimensions": [{"Name": "ModelName", "Value": "mnist"}], "HostName": "h", "RequestId": "r-1", "Timestamp": "1699061430"}',
      '{"MetricName": "X", "Value": "not a number", "Unit": "ms"}',
      '{"MetricName": "Y", "Value": "1"',
    ].join("\n"),
  );
  assert.equal(rs[0]?.ok && rs[0].record.timestamp, 1699061430000);
  assert.equal(rs[0]?.ok && rs[0].record.request_id, "r-1");
  assert.equal(rs[0]?.ok && rs[0].record.model_name, "mnist");
  assert.deepEqual(
    rs.slice(1).map((r) => (r.ok ? "ok" : r.code)),
    ["unparseable", "incomplete_record"],
  );
});

test("examples parse; detect keys on the MetricName key", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    ['  "MetricName": "DiskAvailable",', '{"MetricName": "DiskUsage", "Value": "1"}'],
    FOREIGN_TO_SERVER_LOGS,
  );
});
