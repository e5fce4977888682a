// Built-in rules carry passing tests; `inferwatch rules validate|test` report every problem with file:line.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readRuleSources } from "../src/detection/sigma/files.js";
import { runRuleTests } from "../src/detection/sigma/rule-tests.js";
import { loadRules } from "../src/detection/sigma/ruleset.js";
import { ROOT, runCli, tempDir } from "./helpers/process.js";

test("every built-in rule loads and has passing match and no_match tests", () => {
  const { set, issues } = loadRules(readRuleSources([join(ROOT, "rules")], ROOT));
  assert.deepEqual(issues, []);
  assert.ok(set.detections.length >= 6 && set.correlations.length >= 4);
  const report = runRuleTests(set);
  assert.deepEqual(report.issues, []);
  assert.deepEqual(report.untested, []);
  assert.deepEqual(
    report.results.filter((r) => !r.ok),
    [],
  );
  for (const meta of [...set.detections, ...set.correlations].map((r) => r.meta)) {
    const mine = report.results.filter((r) => r.ruleId === meta.id);
    assert.ok(
      mine.some((r) => r.expect === "match"),
      `${meta.id} has no match case`,
    );
    assert.ok(
      mine.some((r) => r.expect === "no_match"),
      `${meta.id} has no no_match case`,
    );
  }
});

test("rules validate: exit 0 on the built-in rules, exit 1 with every error as file:line on bad ones", async () => {
  const ok = await runCli(["rules", "validate"]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^ok: \d+ files: \d+ rules, \d+ correlations/);
  const dir = tempDir();
  writeFileSync(
    join(dir, "bad.yml"),
    "title: bad\nid: x\nlogsource: {product: p}\ndetection:\n  sel:\n    a|startswith|endswith: b\n  condition: sel | count() > 5\n",
  );
  writeFileSync(
    join(dir, "also-bad.yml"),
    "title: y\nid: y\nlogsource: {product: p}\ndetection:\n  condition: 1 of them\n",
  );
  const bad = await runCli(["rules", "validate", dir]);
  assert.equal(bad.code, 1);
  const lines = bad.stderr.trim().split("\n");
  assert.ok(
    lines.some((l) => /bad\.yml:6:\d+: .*cannot be combined/.test(l)),
    bad.stderr,
  );
  assert.ok(
    lines.some((l) => /bad\.yml:7:\d+: .*pipe aggregation.*event_count/.test(l)),
    bad.stderr,
  );
  assert.ok(
    lines.some((l) => /also-bad\.yml:5:\d+: `them` refers to no selection/.test(l)),
    bad.stderr,
  );
});

test("rules test: reports a failing embedded case with its rule and exits 1", async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, "r.yml"),
    "title: r\nid: r1\nlogsource: {product: p}\ndetection:\n  sel: {a: 1}\n  condition: sel\ntests:\n  match:\n    - {a: 2}\n  no_match:\n    - {a: 3}\n",
  );
  const res = await runCli(["rules", "test", dir]);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /r\.yml:1: rule r1: match case 1 should match but did not/);
  assert.match(res.stdout, /1 passed, 1 failed/);
  const json = await runCli(["rules", "test", "--json", join(ROOT, "rules")]);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { results: { ok: boolean }[] };
  assert.ok(report.results.length > 20 && report.results.every((r) => r.ok));
});

test("rules validate: an unknown path and a malformed --placeholder are usage errors", async () => {
  const missing = await runCli(["rules", "validate", "/nonexistent/rules"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or directory/);
  const bad = await runCli(["rules", "validate", "--placeholder", "nope"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /NAME=VALUE/);
});

test("rules validate: expand placeholders come from the configuration file or --placeholder", async () => {
  const dir = tempDir();
  const rule = join(dir, "r.yml");
  writeFileSync(
    rule,
    "title: r\nid: r1\nlogsource: {product: p}\ndetection:\n  sel:\n    user|expand: '%admins%'\n  condition: sel\n",
  );
  const unknown = await runCli(["rules", "validate", rule]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /r\.yml:6:\d+: unknown placeholder %admins%/);
  const config = join(dir, "c.yaml");
  writeFileSync(config, "detection:\n  placeholders:\n    admins: [root, adm_*]\n");
  const fromConfig = await runCli(["rules", "validate", "--config", config, rule]);
  assert.equal(fromConfig.code, 0, fromConfig.stderr);
  const fromFlag = await runCli(["rules", "validate", "--placeholder", "admins=root", rule]);
  assert.equal(fromFlag.code, 0, fromFlag.stderr);
});
