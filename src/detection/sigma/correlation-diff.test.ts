// Streaming correlations against a plain reference computed from the whole event list, on random data.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AlertRecord } from "./alert.js";
import { engineOf } from "./test-util.js";

type Ev = {
  event_kind: "auth";
  outcome: "failure";
  user_id: string;
  client_ip: string;
  bytes: number;
  timestamp: number;
};

function randomEvents(seed: number, n: number): Ev[] {
  let s = seed;
  const rnd = () => {
    s = (s * 48_271) % 2_147_483_647;
    return s / 2_147_483_647;
  };
  let t = 0;
  return Array.from({ length: n }, () => {
    t += Math.floor(rnd() * 20_000); // 0–20 s apart, so windows of 60 s hold a varying number of events
    return {
      event_kind: "auth",
      outcome: "failure",
      user_id: `u${Math.floor(rnd() * 4)}`,
      client_ip: `10.0.0.${Math.floor(rnd() * 6)}`,
      bytes: Math.floor(rnd() * 1000),
      timestamp: t,
    };
  });
}

/**
 * Reference semantics (docs/detection.md): per group, the events of the last `span` ms (inclusive) are the window;
 * when the aggregate meets the bound the correlation fires and the group starts afresh.
 */
function reference(
  events: readonly Ev[],
  span: number,
  fires: (window: readonly Ev[]) => boolean,
): [string, number, number][] {
  const windows = new Map<string, Ev[]>();
  const out: [string, number, number][] = [];
  for (const e of events) {
    const w = (windows.get(e.user_id) ?? []).filter((x) => x.timestamp >= e.timestamp - span);
    w.push(e);
    if (fires(w)) {
      out.push([e.user_id, e.timestamp, w.length]);
      windows.set(e.user_id, []);
    } else windows.set(e.user_id, w);
  }
  return out;
}

const base =
  "title: f\nname: f\nlogsource: {product: inferwatch, category: auth}\ndetection:\n  s: {outcome: failure}\n  condition: s\n";
const corr = (type: string, cond: string) =>
  `title: c\nname: c\ncorrelation:\n  type: ${type}\n  rules: [f]\n  group-by: [user_id]\n  timespan: 60s\n  condition: ${cond}\n`;

function stream(yaml: string, events: readonly Ev[], maxGroups?: number): [string, number, number][] {
  const e = engineOf([base, yaml], maxGroups ? { maxGroups } : {});
  const alerts: AlertRecord[] = [];
  for (const ev of events) alerts.push(...e.process(ev, 0));
  return alerts.map((a) => [String(a.group_key?.user_id), a.last_seen, a.count]);
}

test("event_count, value_count and value_sum agree with the reference on random streams", () => {
  for (const seed of [1, 7, 42, 1234, 99_991]) {
    const events = randomEvents(seed, 3000);
    const ec = stream(corr("event_count", "{gte: 5}"), events);
    assert.deepEqual(
      ec,
      reference(events, 60_000, (w) => w.length >= 5),
      `event_count seed ${seed}`,
    );
    assert.ok(ec.length > 10, `seed ${seed} should fire event_count often`);

    const vc = stream(corr("value_count", "{field: client_ip, gte: 4}"), events).map(([g, t]) => [g, t]);
    const vcRef = reference(events, 60_000, (w) => new Set(w.map((x) => x.client_ip)).size >= 4).map(([g, t]) => [
      g,
      t,
    ]);
    assert.deepEqual(vc, vcRef, `value_count seed ${seed}`);
    assert.ok(vc.length > 5);

    const vs = stream(corr("value_sum", "{field: bytes, gt: 2500}"), events);
    assert.deepEqual(
      vs,
      reference(events, 60_000, (w) => w.reduce((a, x) => a + x.bytes, 0) > 2500),
      `value_sum seed ${seed}`,
    );
    assert.ok(vs.length > 5);
  }
});
