import assert from "node:assert/strict";
import { test } from "node:test";
import { engineOf } from "./test-util.js";

test("a single-event match becomes an alert record with evidence, times and the rule's metadata", () => {
  const e = engineOf(
    "title: Injection\nid: inj-1\nauthor: Ada (Example Corp)\nlevel: high\nstatus: test\ntags: [atlas.aml.t0051]\nlogsource: {product: inferwatch, category: llm}\ndetection:\n  s:\n    prompt_text|contains: ignore previous\n  condition: s\n",
  );
  const t = Date.UTC(2026, 10, 22, 12);
  const [a, ...rest] = e.process({
    event_kind: "llm",
    prompt_text: "Ignore previous rules",
    event_id: "ev-1",
    timestamp: t,
  });
  assert.equal(rest.length, 0);
  assert.deepEqual(a, {
    rule_id: "inj-1",
    rule_title: "Injection",
    rule_level: "high",
    rule_status: "test",
    rule_author: "Ada (Example Corp)",
    rule_tags: ["atlas.aml.t0051"],
    rule_techniques: [{ tag: "atlas.aml.t0051", framework: "atlas", id: "AML.T0051", name: "LLM Prompt Injection" }],
    alert_type: "match",
    group_key: null,
    first_seen: t,
    last_seen: t,
    count: 1,
    value: null,
    evidence_event_ids: ["ev-1"],
  });
  // ISO timestamps are read too; without any time the processing time is used
  assert.equal(
    e.process({ event_kind: "llm", prompt_text: "ignore previous", timestamp: "2026-11-22T12:00:00Z" })[0]?.first_seen,
    t,
  );
  assert.equal(e.process({ event_kind: "llm", prompt_text: "ignore previous" }, 42)[0]?.first_seen, 42);
});

test("stats say how rules are reached", () => {
  const e = engineOf([
    "title: a\nid: a\nlogsource: {product: x}\ndetection:\n  s: {model_name: m}\n  condition: s\n",
    "title: b\nid: b\nlogsource: {product: x}\ndetection:\n  s: {latency_ms|gt: 5}\n  condition: s\n",
  ]);
  assert.deepEqual(e.stats(), {
    rules: 2,
    correlations: 0,
    indexedRules: 1,
    scannedRules: 1,
    groups: 0,
    evictedGroups: 0,
  });
});
