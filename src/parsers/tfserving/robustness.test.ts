// Every TF Serving, TorchServe and Triton format survives any input and returns well-formed results.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { MAX_CONTINUATION_LINES } from "../common/continuation-session.js";
import { fixtureLines, REPO_ROOT, run } from "../common/fixtures.js";
import { torchserveLogFormat } from "../torchserve/log-format.js";
import { torchserveMetricsJsonFormat } from "../torchserve/metrics-json.js";
import { torchserveMetricsQlogFormat } from "../torchserve/metrics-qlog.js";
import { tritonLogFormat } from "../triton/log-format.js";
import { tritonTraceFormat } from "../triton/trace-format.js";
import type { ParsedRecord, SourceLine } from "../types.js";
import { tfservingLogFormat } from "./log-format.js";
import { tfservingRestFormat } from "./rest-format.js";

const FORMATS = [
  torchserveLogFormat,
  torchserveMetricsJsonFormat,
  torchserveMetricsQlogFormat,
  tfservingLogFormat,
  tfservingRestFormat,
  tritonLogFormat,
  tritonTraceFormat,
];

function allSampleLines(): SourceLine[] {
  const lines: SourceLine[] = [];
  for (const system of ["torchserve", "tensorflow-serving", "triton"]) {
    for (const file of readdirSync(join(REPO_ROOT, "test/fixtures/samples", system)))
      lines.push(...fixtureLines(system, file));
  }
  return lines.map((l, i) => ({ line: i + 1, text: l.text }));
}

function assertWellFormed(results: readonly ParsedRecord[], name: string): void {
  for (const r of results) {
    assert.equal(typeof r.line, "number", name);
    assert.equal(typeof r.raw, "string", name);
    if (r.ok) assert.equal(typeof r.record.timestamp, "number", `${name}: record at line ${r.line} has a timestamp`);
    else assert.ok(r.code.length > 0 && r.message.length > 0, name);
  }
}

test("all samples through every format, whole and cut at every third character", () => {
  const lines = allSampleLines();
  for (const format of FORMATS) {
    assertWellFormed(run(format, lines), format.name);
    for (const cut of [1, 7, 20, 45]) {
      const cutLines = lines.map((l) => ({ line: l.line, text: l.text.slice(0, Math.max(1, l.text.length - cut)) }));
      assertWellFormed(run(format, cutLines), `${format.name} cut ${cut}`);
    }
  }
});

test("a record's continuation is bounded; the overflow is reported line by line", () => {
  const lines: SourceLine[] = [{ line: 1, text: "I0520 20:03:25.912303 3355 server.cc:676] start" }];
  for (let i = 0; i < MAX_CONTINUATION_LINES + 5; i++) lines.push({ line: i + 2, text: `| row ${i} |` });
  const results = run(tritonLogFormat, lines);
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.equal(results[0]?.ok && results[0].record.continuation_lines, MAX_CONTINUATION_LINES);
  assert.equal(results.filter((r) => !r.ok).length, 5);
  assert.ok(results[0]?.ok && String(results[0].record.message).length <= 16_001);
});

test("detect answers quickly on a long hostile line", () => {
  const hostile = `  -${"http://x".repeat(50_000)}`;
  for (const format of FORMATS) assert.equal(typeof format.detect(hostile), "boolean");
});
