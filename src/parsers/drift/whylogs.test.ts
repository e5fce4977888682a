// The `whylogs-profile` format: a printed whylogs profile summary, wrapped by pandas into blocks.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { evidentlyFormat } from "./evidently.js";
import { whylogsFormat } from "./whylogs.js";

const REF = Date.UTC(2026, 10, 22, 12, 0, 0);
const UTC: ParseContext = { timeZone: "UTC", referenceTime: REF };
const SAMPLE = join(ROOT, "test/fixtures/samples/evidently/whylogs_v1_profile_view_to_pandas_getting_started.txt");

test("the real Getting Started summary: one column_profile event per profiled column", () => {
  const text = readFileSync(SAMPLE, "utf8");
  const out = runText(whylogsFormat, text, UTC);
  const records = okRecords(out);
  assert.deepEqual(
    records.map((r) => r.feature),
    ["animal", "legs", "weight"],
  );
  const legs = records[1] ?? {};
  assert.equal(legs.timestamp, REF);
  assert.equal(legs.event_kind, "drift");
  assert.equal(legs.event_action, "column_profile");
  assert.equal(legs.severity, "info");
  assert.equal(legs.count, 4);
  assert.equal(legs.null_count, 0);
  assert.equal(legs.nan_count, 0);
  assert.equal(legs.inf_count, 0);
  assert.equal(legs.mean, 2.5);
  assert.equal(legs.median, 4);
  assert.equal(legs.max, 4);
  assert.equal(legs.cardinality_est, 3);
  assert.equal(legs.inferred_type, "integral");
  assert.equal(legs.columns_elided, true);
  assert.equal(legs.declared_metric_count, 31);
  assert.equal(legs.message, "whylogs profile of column legs: 4 values, 0 null, mean 2.5");
  const metrics = legs.whylogs_metrics as Record<string, unknown>;
  assert.equal(Object.keys(metrics).length, 20);
  assert.equal(metrics["ints/max"], 4);
  assert.equal(metrics["ints/min"], 0);
  assert.equal(metrics.type, "SummaryType.COLUMN");
  assert.equal(metrics["frequent_items/frequent_strings"], "[FrequentItem(value='4', est=2, upper=2, lower...");
  assert.deepEqual(legs.truncated_cells, ["frequent_items/frequent_strings"]);

  const [animal, , weight] = records;
  assert.equal(animal?.max, null);
  assert.equal(animal?.mean, 0);
  assert.equal(animal?.inferred_type, "string");
  assert.equal(weight?.mean, 2.875);
  assert.equal(weight?.median, 4.1);
  assert.equal(weight?.max, 4.3);
  assert.equal(weight?.cardinality_est, 4);
  assert.equal(weight?.inferred_type, "fractional");
  const weightMetrics = (weight?.whylogs_metrics ?? {}) as Record<string, unknown>;
  assert.equal(weightMetrics["frequent_items/frequent_strings"], null);
  assert.equal(weight?.truncated_cells, undefined);

  // Every data row line (6 blocks x 3 columns) is in exactly one record's raw text; the rest is table structure.
  const lines = text.split("\n");
  const rowLines = lines.filter((l) => /^(?:animal|legs|weight)\s/.test(l));
  assert.equal(rowLines.length, 18);
  assert.deepEqual(out.flatMap((r) => r.raw.split("\n")).sort(), rowLines.map((l) => l.trimEnd()).sort());
  assert.deepEqual(
    out.map((r) => r.line),
    [3, 4, 5],
  );
});

test("rows before a header, stray footers and tables of something else are diagnosed", () => {
  const [row] = runText(whylogsFormat, "animal   3.0   4", UTC);
  assert.equal(row?.ok, false);
  const [footer] = runText(whylogsFormat, "[3 rows x 31 columns]", UTC);
  assert.equal(footer?.ok, false);
  const [other] = runText(whylogsFormat, "        price  qty\nitem             \napple    1.5    3", UTC);
  assert.ok(other && !other.ok && other.code === "unparseable");
});

test("a second table starts when a header repeats a column", () => {
  const one = "        counts/n  counts/null\ncolumn                     \nx              4            0";
  const records = okRecords(runText(whylogsFormat, `${one}\n${one.replace("x    ", "y    ")}`, UTC));
  assert.deepEqual(
    records.map((r) => [r.feature, r.count]),
    [
      ["x", 4],
      ["y", 4],
    ],
  );
});

test("every example parses; detect keys on summary header lines only", () => {
  for (const ex of whylogsFormat.examples) {
    assert.equal(whylogsFormat.detect(ex.split("\n")[0] ?? ""), true);
    assert.ok(okRecords(runText(whylogsFormat, ex, UTC)).length > 0);
    // The lines arrive joined when a caller hands the session a whole block at once.
    const s = whylogsFormat.open(UTC);
    assert.equal(okRecords([...s.push({ line: 1, text: ex }), ...s.end()]).length, 1);
  }
  assert.equal(whylogsFormat.detect("        distribution/mean  distribution/median  ...  \\"), true);
  assert.equal(
    whylogsFormat.detect("                          frequent_items/frequent_strings                type  \\"),
    true,
  );
  assert.equal(
    whylogsFormat.detect("column                                                                          "),
    false,
  );
  assert.equal(
    whylogsFormat.detect("legs                3.0                  3.0              3.00015           0   "),
    false,
  );
  for (const line of [...FOREIGN_TO_DOCUMENT_FORMATS, ...evidentlyFormat.examples])
    assert.equal(whylogsFormat.detect(line), false, line);
});
