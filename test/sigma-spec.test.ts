// The Sigma specification's example rules (test/fixtures/sigma/spec, public domain) load and behave as the spec says.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { AlertRecord } from "../src/detection/sigma/alert.js";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import type { SigmaRecord } from "../src/detection/sigma/event-view.js";
import { loadRules } from "../src/detection/sigma/ruleset.js";
import { ROOT } from "./helpers/process.js";

const SPEC = join(ROOT, "test/fixtures/sigma/spec");
const spec = (p: string) => ({ file: `spec/${p}`, text: readFileSync(join(SPEC, p), "utf8") });
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22);

/** A base rule the examples reference, matching events whose `rule` field names it. */
function base(
  idOrName: string,
  logsource = "{category: process_creation, product: windows}",
): { file: string; text: string } {
  const key = /^[0-9a-f-]{36}$/.test(idOrName) ? "id" : "name";
  return {
    file: `base-${idOrName}.yml`,
    text: `title: base ${idOrName}\n${key}: ${idOrName}\nlogsource: ${logsource}\ndetection:\n  sel: {rule: ${idOrName}}\n  condition: sel\n`,
  };
}

function run(engine: SigmaEngine, events: readonly SigmaRecord[]): AlertRecord[] {
  const out: AlertRecord[] = [];
  for (const e of events) out.push(...engine.process(e));
  out.push(...engine.flush());
  return out;
}

const FAILED = "5638f7c0-ac70-491d-8465-2a65075e0d86";

test("every spec example loads without issues (with the base rules it references)", () => {
  const files = [
    "rules/rule_1.yml",
    "rules/rule_ecs.yml",
    "correlation/event_count.yml",
    "correlation/value_count.yml",
    "correlation/temporal.yml",
    "correlation/temporal_ordered.yml",
    "correlation/value_sum.yml",
    "correlation/value_avg.yml",
    "correlation/value_percentile.yml",
    "filter/filter_1.yml",
  ];
  const bases = [
    FAILED,
    "recon_cmd_a",
    "recon_cmd_b",
    "recon_cmd_c",
    "website_access",
    "rule_a_id",
    "process_creation",
    "6f3e2987-db24-4c78-a860-b4f4095a7095",
    "df0841c0-9846-4e9f-ad8a-7df91571771b",
  ].map((b) => base(b));
  // rule_1 and rule_ecs share an id in the examples; load them separately
  for (const group of [
    files.filter((f) => f !== "rules/rule_ecs.yml"),
    ["rules/rule_ecs.yml", "correlation/event_count_ecs.yml", "filter/filter_ecs.yml"],
  ]) {
    const extra = group.includes("filter/filter_ecs.yml")
      ? [
          base(FAILED, "{category: network, service: dns}"),
          base("6f3e2987-db24-4c78-a860-b4f4095a7095", "{category: network, service: dns}"),
          base("df0841c0-9846-4e9f-ad8a-7df91571771b", "{category: network, service: dns}"),
        ]
      : bases;
    const { set, issues } = loadRules([...group.map(spec), ...extra]);
    assert.deepEqual(issues, []);
    assert.ok(set.detections.length > 0);
  }
});

test("rule_1: Provider_Name 'Application Error' matches, with title, level and tags carried to the alert", () => {
  const e = SigmaEngine.fromSources([spec("rules/rule_1.yml")]);
  const [alert] = e.process({ Provider_Name: "application error", timestamp: T0 });
  assert.equal(alert?.rule_id, "545a5da6-f103-4919-a519-e9aec1026ee4");
  assert.equal(alert?.rule_level, "high");
  assert.equal(alert?.rule_author, "SomeOne");
  assert.deepEqual(alert?.rule_tags, ["attack.defense-evasion", "attack.t1211", "attack.t1562.001"]);
  assert.deepEqual(
    alert?.rule_techniques.map((t) => t.id),
    ["defense-evasion", "T1211", "T1562.001"],
  );
  assert.deepEqual(e.process({ Provider_Name: "Application Hang" }), []);
});

test("rule_ecs: dotted ECS names reach nested records and InferWatch attributes", () => {
  const e = SigmaEngine.fromSources([spec("rules/rule_ecs.yml")]);
  assert.equal(e.match({ dns: { question: { name: "SigmaHQ" } } }).length, 1);
  assert.equal(e.match({ attributes: JSON.stringify({ "dns.question.name": "sigmahq" }) }).length, 1);
  assert.equal(e.match({ attributes: JSON.stringify({ dns: { question: { name: "sigmahq" } } }) }).length, 1);
  assert.equal(e.match({ dns: { question: { name: "sigmahq.io" } } }).length, 0);
});

test("event_count: 100 failures from one computer within 1h fire once; 99, or 100 spread over 2h, do not", () => {
  const mk = () => SigmaEngine.fromSources([spec("correlation/event_count.yml"), base(FAILED)]);
  const ev = (i: number, step: number, host = "pc1") => ({
    rule: FAILED,
    ComputerName: host,
    timestamp: T0 + i * step,
    event_id: `e${i}`,
  });
  const fired = run(
    mk(),
    Array.from({ length: 100 }, (_, i) => ev(i, 30_000)),
  );
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.alert_type, "event_count");
  assert.deepEqual(fired[0]?.group_key, { ComputerName: "pc1" });
  assert.equal(fired[0]?.count, 100);
  assert.equal(fired[0]?.first_seen, T0);
  assert.equal(fired[0]?.last_seen, T0 + 99 * 30_000);
  assert.equal(fired[0]?.evidence_event_ids.length, 100);
  assert.equal(
    run(
      mk(),
      Array.from({ length: 99 }, (_, i) => ev(i, 30_000)),
    ).length,
    0,
  );
  assert.equal(
    run(
      mk(),
      Array.from({ length: 100 }, (_, i) => ev(i, 73_000)),
    ).length,
    0,
  );
  // two hosts with 50 each: separate groups, nothing fires
  assert.equal(
    run(
      mk(),
      Array.from({ length: 100 }, (_, i) => ev(i, 1000, i % 2 ? "a" : "b")),
    ).length,
    0,
  );
  // the base rule is only correlation input (generate: false): no single-event alerts
  assert.equal(run(mk(), [ev(0, 1)]).length, 0);
});

test("value_count: 100 distinct users on one (computer, workstation) within a day", () => {
  const mk = () => SigmaEngine.fromSources([spec("correlation/value_count.yml"), base(FAILED)]);
  const ev = (i: number, user: string) => ({
    rule: FAILED,
    ComputerName: "pc",
    WorkstationName: "ws",
    User: user,
    timestamp: T0 + i * MIN,
  });
  const fired = run(
    mk(),
    Array.from({ length: 100 }, (_, i) => ev(i, `u${i}`)),
  );
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.value, 100);
  assert.deepEqual(fired[0]?.group_key, { ComputerName: "pc", WorkstationName: "ws" });
  // 200 attempts but only 99 distinct users: silent
  assert.equal(
    run(
      mk(),
      Array.from({ length: 200 }, (_, i) => ev(i, `u${i % 99}`)),
    ).length,
    0,
  );
});

test("temporal: the three recon rules within 5 minutes for one computer and user, in any order", () => {
  const mk = () =>
    SigmaEngine.fromSources([
      spec("correlation/temporal.yml"),
      ...["recon_cmd_a", "recon_cmd_b", "recon_cmd_c"].map((b) => base(b)),
    ]);
  const ev = (r: string, t: number, user = "bob") => ({ rule: r, ComputerName: "pc", User: user, timestamp: T0 + t });
  assert.equal(run(mk(), [ev("recon_cmd_c", 0), ev("recon_cmd_a", MIN), ev("recon_cmd_b", 2 * MIN)]).length, 1);
  assert.equal(run(mk(), [ev("recon_cmd_c", 0), ev("recon_cmd_a", MIN), ev("recon_cmd_b", 6 * MIN)]).length, 0);
  assert.equal(run(mk(), [ev("recon_cmd_c", 0), ev("recon_cmd_a", MIN), ev("recon_cmd_b", 2 * MIN, "eve")]).length, 0);
});

test("temporal_ordered: the same rules must occur in the listed order", () => {
  const mk = () =>
    SigmaEngine.fromSources([
      spec("correlation/temporal_ordered.yml"),
      ...["recon_cmd_a", "recon_cmd_b", "recon_cmd_c"].map((b) => base(b)),
    ]);
  const ev = (r: string, t: number) => ({ rule: r, ComputerName: "pc", User: "bob", timestamp: T0 + t });
  assert.equal(run(mk(), [ev("recon_cmd_a", 0), ev("recon_cmd_b", MIN), ev("recon_cmd_c", 2 * MIN)]).length, 1);
  assert.equal(run(mk(), [ev("recon_cmd_c", 0), ev("recon_cmd_b", MIN), ev("recon_cmd_a", 2 * MIN)]).length, 0);
  assert.equal(run(mk(), [ev("recon_cmd_a", 0), ev("recon_cmd_c", MIN), ev("recon_cmd_b", 2 * MIN)]).length, 0);
  assert.equal(run(mk(), [ev("recon_cmd_a", 0), ev("recon_cmd_b", MIN), ev("recon_cmd_c", 6 * MIN)]).length, 0);
});

test("value_sum: more than 1,000,000 bytes sent by one (source, user) within an hour", () => {
  const mk = () => SigmaEngine.fromSources([spec("correlation/value_sum.yml"), base("website_access")]);
  const ev = (i: number, bytes: number) => ({
    rule: "website_access",
    SourceIP: "10.0.0.1",
    User: "u",
    bytes_sent: bytes,
    timestamp: T0 + i * MIN,
  });
  const fired = run(mk(), [ev(0, 600_000), ev(1, 300_000), ev(2, 200_000)]);
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.value, 1_100_000);
  assert.equal(run(mk(), [ev(0, 600_000), ev(61, 600_000)]).length, 0); // outside the sliding hour
});

test("value_avg: average BytesOut above 500 over 24h", () => {
  const mk = () => SigmaEngine.fromSources([spec("correlation/value_avg.yml"), base("rule_a_id")]);
  const ev = (i: number, b: number | string) => ({
    rule: "rule_a_id",
    SourceIP: "s",
    User: "u",
    BytesOut: b,
    timestamp: T0 + i * MIN,
  });
  assert.equal(run(mk(), [ev(0, 100), ev(1, 200), ev(2, 400)]).length, 0);
  const fired = run(mk(), [ev(0, 100), ev(1, 200), ev(2, "1500")]);
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.value, 600);
});

test("value_percentile: a process name making up at most 1% of a computer's processes in 24h fires at window close", () => {
  const e = SigmaEngine.fromSources([spec("correlation/value_percentile.yml"), base("process_creation")]);
  const events = Array.from({ length: 200 }, (_, i) => ({
    rule: "process_creation",
    ComputerName: "pc",
    Image: i === 50 ? "C:\\evil.exe" : i % 2 ? "C:\\svchost.exe" : "C:\\explorer.exe",
    timestamp: T0 + i * MIN,
  }));
  const during = events.flatMap((ev) => e.process(ev));
  assert.equal(during.length, 0);
  const closed = e.advance(T0 + 25 * 60 * MIN);
  assert.equal(closed.length, 1);
  assert.equal(closed[0]?.group_key?.Image, "C:\\evil.exe");
  assert.equal(closed[0]?.value, 0.5);
});

test("filter_1: matches of the listed rules by users starting with adm_ are dropped", () => {
  const a = "6f3e2987-db24-4c78-a860-b4f4095a7095";
  const e = SigmaEngine.fromSources([
    spec("filter/filter_1.yml"),
    base(a),
    base("df0841c0-9846-4e9f-ad8a-7df91571771b"),
    base("unfiltered"),
  ]);
  assert.equal(e.match({ rule: a, User: "adm_alice" }).length, 0);
  assert.equal(e.match({ rule: a, User: "alice" }).length, 1);
  assert.equal(e.match({ rule: "unfiltered", User: "adm_alice" }).length, 1); // not listed by the filter
});

test("filter_ecs: the filter only applies to rules whose logsource matches", () => {
  const a = "6f3e2987-db24-4c78-a860-b4f4095a7095";
  const { issues } = loadRules([spec("filter/filter_ecs.yml"), base(a), base("df0841c0-9846-4e9f-ad8a-7df91571771b")]);
  assert.equal(issues.length, 2);
  assert.match(issues[0]?.message ?? "", /logsource does not match/);
  const e = SigmaEngine.fromSources([
    spec("filter/filter_ecs.yml"),
    base(a, "{category: network, service: dns}"),
    base("df0841c0-9846-4e9f-ad8a-7df91571771b", "{category: network, service: dns}"),
  ]);
  assert.equal(e.match({ rule: a, dns: { question: { name: "www.google.com" } } }).length, 0);
  assert.equal(e.match({ rule: a, dns: { question: { name: "evil.example" } } }).length, 1);
});
