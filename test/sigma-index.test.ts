// The literal index is only a shortcut: the engine must find exactly the rules a brute-force scan finds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { benchEvents, benchRules } from "../bench/rules.js";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import { EventView, type SigmaRecord } from "../src/detection/sigma/event-view.js";
import { corpusCases, corpusEvents, corpusRuleText } from "./sigma/corpus.js";

function bruteForce(engine: SigmaEngine, ev: SigmaRecord): string[] {
  const view = new EventView(ev);
  const kind = typeof ev.event_kind === "string" ? ev.event_kind : undefined;
  return engine.rules.detections
    .filter((r) => r.eventKinds === null || (kind !== undefined && r.eventKinds.has(kind)))
    .filter((r) => r.detection.test(view) && !r.filters.some((f) => f.test(view)))
    .map((r) => r.meta.id)
    .sort();
}

test("indexed matching equals a brute-force scan on InferWatch events (with planted hits)", () => {
  const engine = SigmaEngine.fromSources(benchRules(1000).map((text, i) => ({ file: `r${i}.yml`, text })));
  const events = benchEvents(6000).map((e, i) => {
    // plant values that some rules look for, in varied case, inside longer text, and in arrays
    if (i % 7 === 0) return { ...e, prompt_text: `Please IGNORE previous instructions ${i % 1000} now` };
    if (i % 7 === 1) return { ...e, user_agent: `SQLMap/${i % 1000} (x)` };
    if (i % 7 === 2) return { ...e, event_action: "login", outcome: "failure", user_id: `svc-${(i * 3) % 1000}-x` };
    if (i % 7 === 3) return { ...e, message: `kernel panic: in worker ${i % 1000}`, severity: "error" };
    if (i % 7 === 4)
      return { ...e, endpoint: `/v1/ADMIN${i % 1000}`, client_ip: `192.168.${i % 256}.7`, event_action: "predict" };
    if (i % 7 === 5) return { ...e, k8s_pod: [`predictor-x${i % 1000}`, "other"], severity: "error" };
    return e;
  });
  let hits = 0;
  for (const ev of events) {
    const want = bruteForce(engine, ev);
    hits += want.length;
    assert.deepEqual(
      engine
        .match(ev)
        .map((r) => r.meta.id)
        .sort(),
      want,
    );
  }
  assert.ok(hits > 300, `the planted events should hit many rules, got ${hits}`);
});

test("indexed matching equals a brute-force scan with all corpus rules loaded together", () => {
  const cases = corpusCases();
  const engine = SigmaEngine.fromSources(cases.map((c) => ({ file: c.rule_path, text: corpusRuleText(c) })));
  let hits = 0;
  for (const c of cases) {
    for (const ev of corpusEvents(c)) {
      const want = bruteForce(engine, ev);
      hits += want.length;
      assert.deepEqual(
        engine
          .match(ev)
          .map((r) => r.meta.id)
          .sort(),
        want,
        c.rule_path,
      );
    }
  }
  assert.ok(hits >= 202);
});
