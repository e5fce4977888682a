import assert from "node:assert/strict";
import { test } from "node:test";
import { engineOf, runAll } from "./test-util.js";

const MIN = 60_000;
const base = (name: string, sel: string) =>
  `title: ${name}\nname: ${name}\nlogsource: {product: inferwatch, category: auth}\ndetection:\n  s: {${sel}}\n  condition: s\n`;
const fail = base("login_failed", "outcome: failure");
const ok = base("login_ok", "outcome: success");

test("aliases give one group-by name different fields per rule", () => {
  const corr = `title: fail then success from the same address
name: fail_then_ok
correlation:
  type: temporal_ordered
  rules: [login_failed, login_ok]
  group-by: [ip]
  aliases:
    ip:
      login_failed: client_ip
      login_ok: attributes.peer
  timespan: 10m
`;
  const e = engineOf([fail, ok, corr]);
  const alerts = runAll(e, [
    { event_kind: "auth", outcome: "failure", client_ip: "1.2.3.4", timestamp: 0, event_id: "a" },
    {
      event_kind: "auth",
      outcome: "success",
      attributes: JSON.stringify({ peer: "1.2.3.4" }),
      timestamp: MIN,
      event_id: "b",
    },
  ]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0]?.group_key, { ip: "1.2.3.4" });
  assert.deepEqual(alerts[0]?.evidence_event_ids, ["a", "b"]);
  const other = runAll(engineOf([fail, ok, corr]), [
    { event_kind: "auth", outcome: "failure", client_ip: "1.2.3.4", timestamp: 0 },
    { event_kind: "auth", outcome: "success", attributes: JSON.stringify({ peer: "5.6.7.8" }), timestamp: MIN },
  ]);
  assert.equal(other.length, 0);
});

test("generate: true keeps the referenced rules' own alerts; the default makes them correlation-only", () => {
  const corr = (generate: boolean) =>
    `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 1m\n  condition: {gte: 2}\n  generate: ${generate}\n`;
  const events = [
    { event_kind: "auth", outcome: "failure", user_id: "u", timestamp: 0 },
    { event_kind: "auth", outcome: "failure", user_id: "u", timestamp: 1000 },
  ];
  const quiet = runAll(engineOf([fail, corr(false)]), events);
  assert.deepEqual(
    quiet.map((a) => a.alert_type),
    ["event_count"],
  );
  const loud = runAll(engineOf([fail, corr(true)]), events);
  assert.deepEqual(
    loud.map((a) => a.alert_type),
    ["match", "match", "event_count"],
  );
});

test("condition ranges: gte and lte together; upper-bound-only conditions are judged when the window closes", () => {
  const corr = (cond: string) =>
    `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 10m\n  condition: ${cond}\n`;
  const ev = (i: number, user = "u") => ({ event_kind: "auth", outcome: "failure", user_id: user, timestamp: i * MIN });
  // between 3 and 5: fires at the third event
  const range = runAll(engineOf([fail, corr("{gte: 3, lte: 5}")]), [ev(0), ev(1), ev(2)]);
  assert.equal(range.length, 1);
  assert.equal(range[0]?.count, 3);
  // fewer than 2 failures per user in 10 minutes: the lonely user fires on close, the busy one does not
  const e = engineOf([fail, corr("{lt: 2}")]);
  const during = [ev(0, "lonely"), ev(0, "busy"), ev(1, "busy")].flatMap((x) => e.process(x));
  assert.equal(during.length, 0);
  const closed = e.advance(11 * MIN);
  assert.deepEqual(
    closed.map((a) => a.group_key),
    [{ user_id: "lonely" }],
  );
});

test("correlation state is bounded: the least recently updated groups are evicted and counted", () => {
  const corr = `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 1h\n  condition: {gte: 2}\n`;
  const evicted: number[] = [];
  const e = engineOf([fail, corr], { maxGroups: 10, onEvict: (n) => evicted.push(n) });
  for (let i = 0; i < 25; i++) e.process({ event_kind: "auth", outcome: "failure", user_id: `u${i}`, timestamp: i });
  assert.equal(e.correlations.groups, 10);
  assert.equal(e.correlations.evicted, 15);
  assert.equal(
    evicted.reduce((a, b) => a + b, 0),
    15,
  );
  // u24 is still tracked (its second failure fires), u0 was evicted (its second failure starts afresh)
  assert.equal(e.process({ event_kind: "auth", outcome: "failure", user_id: "u24", timestamp: 100 }).length, 1);
  assert.equal(e.process({ event_kind: "auth", outcome: "failure", user_id: "u0", timestamp: 100 }).length, 0);
});

test("idle groups are dropped as event time moves on", () => {
  const corr = `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 1m\n  condition: {gte: 5}\n`;
  const e = engineOf([fail, corr]);
  for (let i = 0; i < 20; i++) e.process({ event_kind: "auth", outcome: "failure", user_id: `u${i}`, timestamp: 0 });
  assert.equal(e.correlations.groups, 20);
  e.advance(10 * MIN);
  assert.equal(e.correlations.groups, 0);
});

test("a fired group starts afresh: a sustained burst gives one alert per threshold crossing", () => {
  const corr = `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 1h\n  condition: {gte: 3}\n`;
  const alerts = runAll(
    engineOf([fail, corr]),
    Array.from({ length: 7 }, (_, i) => ({ event_kind: "auth", outcome: "failure", user_id: "u", timestamp: i })),
  );
  assert.equal(alerts.length, 2);
});

test("unrelated events move event time on and close ended windows", () => {
  const corr = `title: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 10m\n  condition: {lt: 2}\n`;
  const e = engineOf([fail, ok, corr]);
  assert.equal(e.process({ event_kind: "auth", outcome: "failure", user_id: "lonely", timestamp: 0 }).length, 0);
  assert.equal(e.process({ event_kind: "auth", outcome: "unknown", user_id: "x", timestamp: 5 * MIN }).length, 0);
  const closed = e.process({ event_kind: "inference", timestamp: 11 * MIN });
  assert.deepEqual(
    closed.map((a) => a.group_key),
    [{ user_id: "lonely" }],
  );
});

test("an ended tumbling window is judged when its group's next event arrives, even if advance() has not reached it", () => {
  // "fewer than 3 failures per user in an hour" (judged when the window closes). Group a's window [0, 60m) sits
  // behind group b's still-open window in update order, so advance() stops at b; a's late event must still close it.
  const corr =
    "title: few\nname: few\ncorrelation:\n  type: event_count\n  rules: [login_failed]\n  group-by: [user_id]\n  timespan: 1h\n  condition: {lt: 3}\n";
  const ev = (user: string, minutes: number, id: string) => ({
    event_kind: "auth",
    outcome: "failure",
    user_id: user,
    timestamp: minutes * MIN,
    event_id: id,
  });
  const alerts = runAll(engineOf([fail, corr]), [
    ev("a", 0, "a1"),
    ev("b", 10, "b1"),
    ev("a", 20, "a2"),
    ev("a", 61, "a3"),
  ]);
  const forA = alerts.filter((x) => (x.group_key as { user_id?: string }).user_id === "a");
  // a's first window (a1, a2) closes with 2 < 3 when a3 arrives; a3's own window closes at the end of input.
  assert.deepEqual(
    forA.map((x) => x.evidence_event_ids),
    [["a1", "a2"], ["a3"]],
  );
  assert.deepEqual(
    forA.map((x) => x.count),
    [2, 1],
  );
});
