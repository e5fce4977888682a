// Negative suite: near-miss variants of every corpus rule's own positive events stay silent.
//
// A near miss keeps the event whole and nudges only the values the rule reads: every letter and digit in those
// values is shifted by one (a→b, z→a, 9→0, non-ASCII to the next code unit), so lengths, punctuation, paths and structure stay as they were.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import { corpusCases, corpusEvents, corpusRuleText } from "./sigma/corpus.js";

function shift(s: string): string {
  return s
    .replace(/[a-z]/gi, (c) => {
      const base = c <= "Z" ? 65 : 97;
      return String.fromCharCode(((c.charCodeAt(0) - base + 1) % 26) + base);
    })
    .replace(/[0-9]/g, (d) => String((Number(d) + 1) % 10))
    .replace(/[\u0080-\uffff]/g, (u) => String.fromCharCode(u.charCodeAt(0) + 1));
}

function nudge(v: unknown): unknown {
  if (typeof v === "string") return shift(v);
  if (typeof v === "number") return Number(shift(String(v)));
  return v;
}

test("near-miss events for every corpus rule stay silent", () => {
  const failures: string[] = [];
  let checked = 0;
  for (const c of corpusCases()) {
    const engine = SigmaEngine.fromSources([{ file: c.rule_path, text: corpusRuleText(c) }]);
    const rule = engine.rules.detections.find((d) => d.meta.id === c.rule_id);
    assert.ok(rule, c.rule_path);
    // keyword rules read every field, others only those named in their detection
    const fields = new Set(rule.detection.fields);
    for (const ev of corpusEvents(c)) {
      if (!engine.match(ev).some((r) => r.meta.id === c.rule_id)) continue;
      const near: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(ev)) near[k] = fields.size === 0 || fields.has(k) ? nudge(v) : v;
      checked++;
      if (engine.match(near).length > 0) failures.push(`${c.rule_path}: near miss still matches`);
    }
  }
  assert.ok(checked >= 202, `only ${checked} positive events were turned into near misses`);
  assert.deepEqual(failures, []);
});
