// The demo's alert feed: new alerts only, oldest first, across pages; what an alert is about; the printed line.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AlertRow } from "../core/alert-row.js";
import { AlertFeed, alertLine, type ListAlerts, subjectKey } from "./alert-feed.js";

function row(id: string, lastSeen: number, group: Record<string, unknown> | null, evidence: string[] = []): AlertRow {
  return {
    alert_id: id,
    created_at: 0,
    rule_id: "r",
    rule_title: "Rule",
    rule_level: "high",
    rule_status: null,
    rule_author: null,
    rule_tags: [],
    rule_techniques: [],
    alert_type: group ? "event_count" : "match",
    group_key: group,
    first_seen: lastSeen,
    last_seen: lastSeen,
    count: evidence.length || 10,
    value: null,
    evidence_event_ids: evidence,
    mode: "live",
  };
}

/** A fake GET /api/v1/alerts over a list (newest last_seen first), two alerts per page. */
function pages(all: () => AlertRow[]): { list: ListAlerts; calls: number } {
  const state = { calls: 0, list: (async () => ({ alerts: [], next_cursor: null })) as ListAlerts };
  state.list = async (since, cursor) => {
    state.calls++;
    const sorted = all()
      .filter((a) => since === undefined || a.last_seen >= since)
      .sort((a, b) => b.last_seen - a.last_seen);
    const from = cursor ? Number(cursor) : 0;
    return { alerts: sorted.slice(from, from + 2), next_cursor: from + 2 < sorted.length ? String(from + 2) : null };
  };
  return state;
}

test("each poll hands over only new alerts, oldest first, across pages, looking back behind the newest", async () => {
  const store: AlertRow[] = [
    row("a", 1, { user_id: "u1" }),
    row("b", 2, { user_id: "u2" }),
    row("c", 3, { user_id: "u3" }),
  ];
  const fake = pages(() => store);
  const queries: string[] = [];
  const feed = new AlertFeed(
    fake.list,
    async (q) => {
      queries.push(q);
      return { columns: [], rows: [] };
    },
    10,
  );
  const first = await feed.poll();
  assert.deepEqual(
    first.alerts.map((a) => a.alert_id),
    ["a", "b", "c"],
  );
  assert.equal(first.more, false);
  assert.deepEqual(first.alerts[0]?.about, { user_id: "u1" });
  assert.deepEqual(queries, [], "correlation alerts need no evidence lookup");
  assert.deepEqual((await feed.poll()).alerts, []);
  // A late correlation with an older last_seen sorts behind the seen ones: found within the look-back.
  store.push(row("d", 4, { user_id: "u4" }), row("e", 0, { user_id: "u5" }));
  assert.deepEqual((await feed.poll()).alerts.map((a) => a.alert_id).sort(), ["d", "e"]);
  // The look-back is 10 ms behind the newest alert seen (40 once f is seen): g is older, so it is not read.
  store.push(row("f", 40, { user_id: "u6" }));
  assert.deepEqual(
    (await feed.poll()).alerts.map((a) => a.alert_id),
    ["f"],
  );
  store.push(row("g", 29, { user_id: "u7" }), row("h", 31, { user_id: "u8" }));
  assert.deepEqual(
    (await feed.poll()).alerts.map((a) => a.alert_id),
    ["h"],
  );
  assert.ok(fake.calls > 6, "pages were followed");
});

test("a single-event alert is described by its first evidence event's fields", async () => {
  const feed = new AlertFeed(
    async () => ({ alerts: [row("m", 5, null, ["ev-1", "ev-2"])], next_cursor: null }),
    async (q) => {
      assert.match(q, /event_id in \("ev-1"\)/);
      return {
        columns: [
          { name: "event_id" },
          { name: "model_name" },
          { name: "user_id" },
          { name: "client_ip" },
          { name: "k8s_pod" },
        ],
        rows: [["ev-1", "support-chatbot", "user-0666", null, null]],
      };
    },
    60_000,
  );
  const [a] = (await feed.poll()).alerts;
  assert.ok(a);
  assert.deepEqual(a.about, { model_name: "support-chatbot", user_id: "user-0666" });
  assert.equal(alertLine(a), "00:00:00  HIGH      Rule  model_name=support-chatbot user_id=user-0666  (2 events)");
  assert.equal(subjectKey(a), subjectKey({ ...a, alert_id: "other", last_seen: 99 }));
  assert.notEqual(subjectKey(a), subjectKey({ ...a, about: { user_id: "x" } }));
});
