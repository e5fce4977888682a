// `torchserve-metrics-qlog`: QLogLayout Key=value blocks ended by EOE.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixtureLines, records, run, runText } from "../common/fixtures.js";
import { FOREIGN_TO_SERVER_LOGS } from "../common/foreign-lines.js";
import { assertDetects, assertEveryLineOnce, assertExamplesParse } from "../common/format-checks.js";
import { torchserveMetricsQlogFormat as fmt } from "./metrics-qlog.js";

test("each EOE-terminated block is one metric with host and start time", () => {
  const lines = fixtureLines("torchserve", "ts_metrics_qlog_layout_docs.txt");
  const results = run(fmt, lines);
  assertEveryLineOnce(lines, results);
  assert.deepEqual(records(results), [
    {
      timestamp: 1646686978000,
      event_kind: "metric",
      metric_name: "MemoryUsed",
      metric_value: 5790.98046875,
      metric_unit: "Megabytes",
      dimensions: { Level: "Host" },
      metric_level: "Host",
      host_name: "abc.com",
      program: "MXNetModelServer",
    },
    {
      timestamp: 1646686978000,
      event_kind: "metric",
      metric_name: "MemoryUtilization",
      metric_value: 46.2,
      metric_unit: "Percent",
      dimensions: { Level: "Host" },
      metric_level: "Host",
      host_name: "147dda19895c.ant.amazon.com",
      program: "MXNetModelServer",
    },
  ]);
});

test("a block without EOE, without StartTime, or with stray lines is diagnosed", () => {
  const rs = runText(
    fmt,
    ["HostName=a", "Metrics=M=1 Count", "EOE", "junk line", "EOE", "HostName=b", "StartTime=1646686978"].join("\n"),
  );
  assert.deepEqual(
    rs.map((r) => [r.line, r.ok ? "ok" : r.code]),
    [
      [1, "invalid_timestamp"],
      [4, "unparseable"],
      [5, "unparseable"],
      [6, "incomplete_record"],
    ],
  );
});

test("examples parse; detect keys on HostName= and Metrics= lines", () => {
  assertExamplesParse(fmt);
  assertDetects(
    fmt,
    ["HostName=147dda19895c.ant.amazon.com", "Metrics=MemoryUsed=5790.98046875 Megabytes Level|Host"],
    FOREIGN_TO_SERVER_LOGS,
  );
});
