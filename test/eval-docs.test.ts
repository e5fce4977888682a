// docs/evaluation.md must show the current results: a fresh simulate → ingest (with detection) → eval run gives it
// byte for byte (run `npm run eval:docs` after changing rules, scenarios or the evaluator).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { evaluationDoc, evaluationRun } from "../scripts/eval-docs.js";
import { ROOT } from "./helpers/process.js";

test("docs/evaluation.md is the output of a fresh evaluation run", () => {
  const report = evaluationRun();
  // The run really detected something and really missed something: the table is neither empty nor hard-coded.
  assert.equal(report.totals.labels, 26);
  assert.ok(report.totals.alerts > 0);
  const fresh = evaluationDoc(report);
  const current = readFileSync(join(ROOT, "docs/evaluation.md"), "utf8");
  assert.equal(current, fresh, "docs/evaluation.md is stale: run npm run eval:docs");
});
