// Acceptance: every positive case of SigmaHQ's regression corpus matches with the expected count. As in SigmaHQ's CI,
// `match_count` is a minimum (the dumps often hold several events the rule rightly matches); cases without one need a
// match. False positives are the negative suite's job (sigma-negative.test.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import { corpusCases, corpusEvents, corpusRuleText } from "./sigma/corpus.js";

test("SigmaHQ regression corpus: every positive case matches with the expected count", () => {
  const cases = corpusCases();
  assert.ok(cases.length >= 200, `expected the full corpus, found ${cases.length} cases`);
  const failures: string[] = [];
  for (const c of cases) {
    let engine: SigmaEngine;
    try {
      engine = SigmaEngine.fromSources([{ file: c.rule_path, text: corpusRuleText(c) }]);
    } catch (e) {
      failures.push(`${c.rule_path}: does not load: ${(e as Error).message}`);
      continue;
    }
    const events = corpusEvents(c);
    assert.equal(events.length, c.events_in_file, c.events_json);
    const matches = events.filter((ev) => engine.match(ev).some((r) => r.meta.id === c.rule_id)).length;
    const expected = c.expected_match_count ?? 1;
    if (matches < expected) failures.push(`${c.rule_path}: ${matches} matches, expected ${expected}`);
  }
  assert.deepEqual(failures, []);
});
