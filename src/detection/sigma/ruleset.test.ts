import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRules } from "./ruleset.js";
import { engineOf, matches } from "./test-util.js";

test("every problem in every file is reported at once, each with file:line", () => {
  const bad = `title: bad
id: b1
level: severe
logsource: {product: inferwatch, category: nonsense}
detection:
  sel:
    f|contanis: x
  condition: sel and other
---
title: no detection
id: b2
logsource: {product: x}
`;
  const { issues } = loadRules([
    { file: "a.yml", text: bad },
    { file: "b.yml", text: "title: [unclosed\n" },
  ]);
  const lines = issues.map((i) => `${i.file}:${i.line} ${i.message}`);
  assert.ok(
    lines.some((l) => /^a\.yml:3 .*level/.test(l)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((l) => /^a\.yml:12 not a Sigma rule/.test(l) || /^a\.yml:1[0-2] .*detection/.test(l)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((l) => l.startsWith("b.yml:") && l.includes("YAML")),
    lines.join("\n"),
  );
  // the level error hides nothing else about the first rule? schema errors stop compilation of that document only
  const second = loadRules([{ file: "a.yml", text: bad.replace("level: severe\n", "") }]).issues;
  const msgs = second.map((i) => `${i.line} ${i.message}`);
  assert.ok(
    msgs.some((m) => /^3 unknown category `nonsense`/.test(m)),
    msgs.join("\n"),
  );
  assert.ok(
    msgs.some((m) => /^6 unknown modifier `contanis`/.test(m)),
    msgs.join("\n"),
  );
  assert.ok(
    msgs.some((m) => /^7 .*`other`, which is not defined/.test(m)),
    msgs.join("\n"),
  );
});

test("duplicate ids and unknown correlation references are semantic errors", () => {
  const r = (id: string) => `title: r\nid: ${id}\nlogsource: {product: x}\ndetection:\n  s: {a: 1}\n  condition: s\n`;
  const { issues } = loadRules([
    { file: "one.yml", text: r("same") },
    { file: "two.yml", text: r("same") },
    {
      file: "c.yml",
      text: "title: c\ncorrelation:\n  type: event_count\n  rules: [nope]\n  timespan: 5x\n  condition: {gte: 2}\n",
    },
  ]);
  const m = issues.map((i) => `${i.file}:${i.line} ${i.message}`);
  assert.ok(
    m.some((x) => /^two\.yml:2 duplicate rule id same \(first defined at one\.yml:2\)/.test(x)),
    m.join("\n"),
  );
  assert.ok(
    m.some((x) => /^c\.yml:4 correlation refers to unknown rule `nope`/.test(x)),
    m.join("\n"),
  );
  assert.ok(
    m.some((x) => /^c\.yml:5 timespan `5x`/.test(x)),
    m.join("\n"),
  );
});

test("legacy rule collections are refused with the alternative", () => {
  const { issues } = loadRules([{ file: "g.yml", text: "action: global\ntitle: x\n" }]);
  assert.match(issues[0]?.message ?? "", /write each rule as its own document/);
});

test("product inferwatch routes categories to event kinds; other rules run wherever fields exist", () => {
  const routed = engineOf(
    "title: r\nid: r\nlogsource: {product: inferwatch, category: auth}\ndetection:\n  s: {outcome: failure}\n  condition: s\n",
  );
  assert.ok(matches(routed, { event_kind: "auth", outcome: "failure" }));
  assert.ok(!matches(routed, { event_kind: "inference", outcome: "failure" }));
  assert.ok(!matches(routed, { outcome: "failure" }));
  const open = engineOf(
    "title: r\nid: r\nlogsource: {product: windows, category: process_creation}\ndetection:\n  s: {outcome: failure}\n  condition: s\n",
  );
  assert.ok(matches(open, { event_kind: "inference", outcome: "failure" }));
});

test("field mapping: ECS, OTel and Windows/web names reach InferWatch columns; other names reach attributes", () => {
  const rule = (sel: string) =>
    engineOf(`title: r\nid: r\nlogsource: {product: x}\ndetection:\n  s: {${sel}}\n  condition: s\n`);
  const ev = {
    event_kind: "inference",
    client_ip: "10.0.0.9",
    user_id: "alice",
    model_name: "llama-3",
    http_status_code: 403,
    attributes: JSON.stringify({ "http.method": "POST", k8s: { node: "n1" }, CommandLine: "x" }),
  };
  for (const sel of [
    "client.ip: 10.0.0.9",
    "source.ip: 10.0.0.9",
    "c-ip: 10.0.0.9",
    "IpAddress: 10.0.0.9",
    "user.id: alice",
    "TargetUserName: alice",
    "gen_ai.request.model: llama-3",
    "sc-status: 403",
    "http.response.status_code|gte: 400",
    "http.method: post",
    "attributes.http.method: POST",
    "k8s.node: n1",
    "CommandLine: x",
  ]) {
    assert.ok(matches(rule(sel), ev), sel);
  }
  assert.ok(!matches(rule("client.ip: 10.0.0.8"), ev));
});

test("hostile rule files give issues, never exceptions", () => {
  const base = "title: t\nid: i\nlogsource: {product: x}\n";
  const cases = [
    `${base}detection: {condition: 5}`,
    `${base}detection:\n  sel: {a: {b: 1}}\n  condition: sel`,
    `${base}detection:\n  sel: [[1]]\n  condition: sel`,
    `${base}detection:\n  sel: {a: []}\n  condition: sel`,
    `${base}detection:\n  sel: {a|re: '['}\n  condition: sel`,
    `${base}detection:\n  sel: {a|exists: yes}\n  condition: sel`,
    `${base}detection:\n  sel: {a|windash: '-a -b -c -d -e'}\n  condition: sel`,
    `${base}detection:\n  sel: {a: 1}\n  condition: ${"(".repeat(200)}sel${")".repeat(200)}`,
    `${base}detection:\n  sel: null\n  condition: sel`,
    "title: c\ncorrelation: {type: event_count, rules: [a], timespan: 5m, group-by: 5}",
    "title: c\ncorrelation: {type: bogus, rules: [a], timespan: 5m}",
    "- a\n- b",
    "a: &x [*x]",
    `x: ${"[".repeat(5000)}`,
    `x: ${"a: &a [*a, *a, *a, *a]\n".repeat(1)}`,
    "\u0000\u0001binary",
    "x".repeat(1024 * 1024 + 1),
  ];
  for (const [i, text] of cases.entries()) {
    const { set, issues } = loadRules([{ file: `h${i}.yml`, text }]);
    assert.ok(issues.length > 0, `case ${i} should be refused`);
    assert.equal(set.detections.length, 0);
    for (const iss of issues) assert.ok(iss.line >= 1 && iss.message.length > 0);
  }
});
