// The evaluator's scoring on hand-made labels and alerts: matching by window and entity, per scenario, per rule, totals.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { EvalLabel } from "./labels.js";
import { unmetMinimums } from "./minimums.js";
import { type EntityValues, type EvalAlert, score } from "./score.js";
import { duration, reportText, ruleTitles } from "./table.js";

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 22);

function label(
  scenario: string,
  from: number,
  to: number,
  entities: Record<string, string>,
  extra: Partial<EvalLabel> = {},
): EvalLabel {
  return {
    scenario,
    kind: "attack",
    benign: false,
    start_ms: T0 + from,
    end_ms: T0 + to,
    entities,
    related: {},
    atlas: null,
    ...extra,
  };
}

function alert(
  rule: string,
  at: number,
  ids: string[],
  group: Record<string, unknown> | null = null,
  until = at,
): EvalAlert {
  return {
    rule_id: rule,
    rule_title: `Rule ${rule}`,
    first_seen: T0 + at,
    last_seen: T0 + until,
    group_key: group,
    evidence_event_ids: ids,
  };
}

const LABELS: EvalLabel[] = [
  label("prompt-injection", 0, H, { model_name: "support-chatbot", user_id: "user-0666" }),
  label("brute-force", 2 * H, 3 * H, { user_id: "auth0|user-0042", client_ip: "198.51.100.50" }),
  label(
    "latency-infra",
    4 * H,
    5 * H,
    { model_name: "resnet50" },
    { kind: "incident", related: { k8s_pod: "pod-1", host_name: "gpu-2" } },
  ),
  label(
    "benign-security-chat",
    6 * H,
    7 * H,
    { model_name: "support-chatbot", user_id: "user-0007" },
    { kind: "benign", benign: true },
  ),
  label("slo-burn", 8 * H, 9 * H, { model_name: "sentiment" }, { kind: "incident" }),
];

const EVIDENCE = new Map<string, EntityValues>([
  ["e1", { model_name: "support-chatbot", user_id: "user-0666" }],
  ["e2", { model_name: "support-chatbot", user_id: "user-0123" }],
  ["e3", { model_name: "support-chatbot", user_id: "user-0007" }],
  ["e4", { user_id: "auth0|user-0042", client_ip: "198.51.100.50" }],
  ["e5", { k8s_pod: "pod-1", host_name: "gpu-9" }],
  ["e6", { model_name: "support-chatbot", user_id: "user-0666" }],
]);

test("an alert counts for a label only inside its window and on its entities (all of them, or one related)", () => {
  const r = score({
    labels: LABELS,
    alerts: [
      alert("inj", 10 * 60_000, ["e1"]), // in window, right user: true
      alert("inj", 20 * 60_000, ["e2"]), // in window, other user: false
      alert("inj", 6 * H + 60_000, ["e3"]), // benign look-alike: false, on benign
      alert("inj", 2 * H, ["e6"]), // right user, outside the window: false
      alert("bf", 2 * H + 5 * 60_000, ["e4"], { user_id: "auth0|user-0042" }), // correlation: true
      alert("oom", 4 * H + 30 * 60_000, ["e5"]), // related pod only: true
    ],
    evidence: EVIDENCE,
    span_ms: 12 * H,
  });
  const by = new Map(r.scenarios.map((s) => [s.scenario, s]));
  assert.deepEqual(
    r.scenarios.map((s) => [s.scenario, s.detected, s.alerts]),
    [
      ["prompt-injection", true, 1],
      ["brute-force", true, 1],
      ["latency-infra", true, 1],
      ["benign-security-chat", true, 1],
      ["slo-burn", false, 0],
    ],
  );
  assert.equal(by.get("prompt-injection")?.time_to_detect_ms, 10 * 60_000);
  assert.equal(by.get("brute-force")?.time_to_detect_ms, 5 * 60_000);
  assert.equal(by.get("slo-burn")?.time_to_detect_ms, null);
  assert.deepEqual(by.get("latency-infra")?.detectors, ["oom"]);

  const inj = r.detectors.find((d) => d.rule_id === "inj");
  assert.ok(inj);
  assert.equal(inj.alerts, 4);
  assert.equal(inj.true_alerts, 1);
  assert.equal(inj.false_alerts, 3);
  assert.equal(inj.benign_alerts, 1);
  assert.equal(inj.precision, 0.25);
  assert.equal(inj.recall, 1 / 4); // 4 attack/incident labels, one detected
  assert.equal(inj.false_per_day, 3 / 0.5); // 12 h = half a day
  assert.deepEqual(inj.detected, ["prompt-injection"]);

  assert.deepEqual(
    { ...r.totals, simulated_days: undefined },
    {
      labels: 5,
      incidents: 4,
      detected: 3,
      recall: 0.75,
      alerts: 6,
      true_alerts: 3,
      false_alerts: 3,
      precision: 0.5,
      benign_labels: 1,
      benign_alerted: 1,
      simulated_days: undefined,
      false_per_day: 6,
      median_time_to_detect_ms: 10 * 60_000, // of 10m, 5m, 30m
    },
  );
});

test("a partial entity match is no match; every entity must be carried by the same evidence event", () => {
  const ev = new Map<string, EntityValues>([
    ["a", { user_id: "auth0|user-0042" }],
    ["b", { client_ip: "198.51.100.50" }],
  ]);
  const r = score({ labels: LABELS, alerts: [alert("bf", 2 * H + 1000, ["a", "b"])], evidence: ev, span_ms: H });
  assert.equal(r.scenarios[1]?.detected, false);
  assert.equal(r.totals.false_alerts, 1);
});

test("the group key supplies entities when the evidence events are not found, and wins over an event's value", () => {
  const r = score({
    labels: LABELS,
    alerts: [
      alert("bf", 2 * H + 1000, ["gone"], { user_id: "auth0|user-0042", client_ip: "198.51.100.50" }),
      alert("x", 1000, ["e2"], { user_id: "user-0666" }),
    ],
    evidence: EVIDENCE,
    span_ms: H,
  });
  assert.equal(r.scenarios[1]?.detected, true);
  assert.equal(r.scenarios[0]?.detected, true);
});

test("an alert spanning into a window overlaps it; time to detect counts from the start, never below zero", () => {
  const ev = new Map<string, EntityValues>([["s", { model_name: "sentiment" }]]);
  const spanning = score({
    labels: LABELS,
    alerts: [alert("slo", 7 * H, ["s"], null, 8 * H + 1)],
    evidence: ev,
    span_ms: H,
  });
  assert.equal(spanning.scenarios[4]?.detected, true);
  assert.equal(spanning.scenarios[4]?.time_to_detect_ms, 1);
  const before = score({
    labels: LABELS,
    alerts: [alert("slo", 7 * H, ["s"], null, 8 * H - 1)],
    evidence: ev,
    span_ms: H,
  });
  assert.equal(before.scenarios[4]?.detected, false, "ends before the window opens");
  const atEnd = score({ labels: LABELS, alerts: [alert("slo", 9 * H, ["s"])], evidence: ev, span_ms: H });
  assert.equal(atEnd.scenarios[4]?.detected, false, "the window's end is exclusive");
});

test("time to detect is the earliest matching alert's firing time (last_seen), whatever the alert order", () => {
  const r = score({
    labels: LABELS,
    alerts: [alert("b", 30 * 60_000, ["e1"]), alert("a", 5 * 60_000, ["e1"], null, 7 * 60_000)],
    evidence: EVIDENCE,
    span_ms: H,
  });
  assert.equal(r.scenarios[0]?.time_to_detect_ms, 7 * 60_000);
  assert.deepEqual(r.scenarios[0]?.detectors, ["a", "b"]);
});

test("no alerts: nothing detected, precision undefined, and minimums fail rather than pass on nothing", () => {
  const r = score({ labels: LABELS, alerts: [], evidence: new Map(), span_ms: 24 * H });
  assert.equal(r.totals.detected, 0);
  assert.equal(r.totals.recall, 0);
  assert.equal(r.totals.precision, null);
  assert.equal(r.totals.false_per_day, 0);
  assert.deepEqual(r.detectors, []);
  const unmet = unmetMinimums(r, { minRecall: 0.1, minPrecision: 0.5, maxFalsePerDay: 0 });
  assert.equal(unmet.length, 2);
  assert.match(unmet[0] as string, /recall 0\.0% is below --min-recall 10\.0%/);
  assert.match(unmet[1] as string, /precision undefined \(no alerts\)/);
  assert.match(reportText(r, ruleTitles(r)), /_No alerts were raised._/);
});

test("minimums: met ones are silent, unmet ones are named; required scenarios must be detected or stay quiet", () => {
  const r = score({
    labels: LABELS,
    alerts: [alert("inj", 60_000, ["e1"]), alert("inj", 6 * H + 1, ["e3"])],
    evidence: EVIDENCE,
    span_ms: 24 * H,
  });
  assert.deepEqual(unmetMinimums(r, { minRecall: 0.25, minPrecision: 0.5, maxFalsePerDay: 1 }), []);
  assert.deepEqual(unmetMinimums(r, { minRecall: 0.3, require: ["prompt-injection"] }), [
    "recall 25.0% is below --min-recall 30.0%",
  ]);
  assert.deepEqual(unmetMinimums(r, { maxFalsePerDay: 0.5, require: ["slo-burn", "benign-security-chat", "nope"] }), [
    "1.0 false alerts per simulated day exceed --max-false-per-day 0.5",
    "required scenario slo-burn was not detected",
    "benign scenario benign-security-chat raised 1 alert(s)",
    "required scenario nope is not in the labels",
  ]);
});

test("the table shows every scenario, missed ones and false alarms marked", () => {
  const r = score({
    labels: LABELS,
    alerts: [alert("inj", 60_000, ["e1"]), alert("inj", 6 * H + 1, ["e3"])],
    evidence: EVIDENCE,
    span_ms: 24 * H,
  });
  const text = reportText(r, ruleTitles(r));
  for (const l of LABELS) assert.ok(text.includes(`\`${l.scenario}\``), l.scenario);
  assert.match(text, /`slo-burn` +\| incident \| \*\*missed\*\*/);
  assert.match(text, /`benign-security-chat` \| benign +\| \*\*false alarm\*\*/);
  assert.match(text, /`prompt-injection` +\| attack +\| detected +\| 1m 00s/);
  assert.match(text, /\| Rule inj +\| 2 +\| 1 +\| 1 +\| 1 +\| 50% +\| 25% +\| 1\.0 /);
  assert.equal(duration(3_725_000), "1h 02m");
  assert.equal(duration(59_400), "59s");
});
