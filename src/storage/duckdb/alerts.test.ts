// The alerts table against a real DuckDB file: round trip of every column, filters, keyset pages, KQL over alerts.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, test } from "node:test";
import { tempDir } from "../../../test/helpers/process.js";
import type { AlertRow } from "../../core/alert-row.js";
import { newEventId } from "../../core/ids.js";
import { compile } from "../../query/compile.js";
import { DuckDBStore } from "./store.js";

let dir: string;
let store: DuckDBStore;

function alert(over: Partial<AlertRow>): AlertRow {
  return {
    alert_id: newEventId(),
    created_at: 1_700_000_100_000,
    rule_id: "r1",
    rule_title: "Rule one",
    rule_level: "high",
    rule_status: "test",
    rule_author: "O'Brien",
    rule_tags: ["attack.t1110", "atlas.t0051"],
    rule_techniques: [{ tag: "attack.t1110", framework: "attack", id: "T1110", name: "Brute Force" }],
    alert_type: "match",
    group_key: null,
    first_seen: 1_700_000_000_000,
    last_seen: 1_700_000_000_000,
    count: 1,
    value: null,
    evidence_event_ids: ["e1"],
    mode: "live",
    ...over,
  };
}

before(async () => {
  dir = tempDir();
  store = await DuckDBStore.open(dir);
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("alerts round-trip every column, including lists, JSON and quotes", async () => {
  const a = alert({
    rule_id: "round",
    alert_type: "event_count",
    group_key: { user_id: "bob'; DROP TABLE alerts;--", n: 3 },
    count: 12,
    value: 12.5,
    evidence_event_ids: ["a", "b", "c"],
    mode: "shadow",
  });
  await store.writeAlerts([a]);
  const page = await store.listAlerts({ ruleId: "round", limit: 10 });
  assert.deepEqual(page.alerts, [a]);
  assert.equal(page.nextCursor, null);
  const none = await store.listAlerts({ ruleId: "round'", limit: 10 });
  assert.deepEqual(none.alerts, []);
});

test("filters on time, rule, level and mode; pages follow last_seen descending without gaps or repeats", async () => {
  const rows: AlertRow[] = [];
  for (let i = 0; i < 25; i++) {
    rows.push(
      alert({
        rule_id: i % 2 === 0 ? "even" : "odd",
        rule_level: i % 5 === 0 ? "critical" : "low",
        mode: i % 3 === 0 ? "shadow" : "live",
        // Pairs share a last_seen so the cursor's tie-break on alert_id is exercised.
        last_seen: 1_800_000_000_000 + Math.floor(i / 2) * 1000,
        first_seen: 1_800_000_000_000,
      }),
    );
  }
  await store.writeAlerts(rows);
  const base = { since: 1_800_000_000_000 };
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 10; n++) {
    const page = await store.listAlerts({ ...base, limit: 4, ...(cursor ? { cursor } : {}) });
    seen.push(...page.alerts.map((a) => a.alert_id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const expected = [...rows]
    .sort((x, y) => y.last_seen - x.last_seen || (y.alert_id < x.alert_id ? -1 : 1))
    .map((a) => a.alert_id);
  assert.deepEqual(seen, expected);

  const count = async (f: Record<string, unknown>): Promise<number> =>
    (await store.listAlerts({ ...base, limit: 100, ...f })).alerts.length;
  assert.equal(await count({ ruleId: "even" }), 13);
  assert.equal(await count({ level: "critical" }), 5);
  assert.equal(await count({ mode: "shadow" }), 9);
  assert.equal(await count({ mode: "shadow", ruleId: "odd" }), 4);
  assert.equal(await count({ until: 1_800_000_000_000 + 3000 }), 6);
  assert.equal(await count({ since: 1_800_000_000_000 + 12_000 }), 1);
});

test("a forged or damaged cursor is refused with a clear error", async () => {
  for (const cursor of ["%%%", Buffer.from('{"x":1}').toString("base64url"), "a".repeat(500)]) {
    await assert.rejects(store.listAlerts({ limit: 5, cursor }), (e: Error & { code?: string }) => {
      assert.equal(e.code, "invalid_parameter");
      assert.match(e.message, /cursor/);
      return true;
    });
  }
});

test("a batch whose alert id repeats commits nothing", async () => {
  const a = alert({ rule_id: "dup" });
  await assert.rejects(store.writeAlerts([alert({ rule_id: "dup" }), a, a]));
  assert.equal((await store.listAlerts({ ruleId: "dup", limit: 10 })).alerts.length, 0);
});

test("KQL reads the alerts table", async () => {
  await store.writeAlerts([alert({ rule_id: "kql", rule_level: "medium", count: 7 })]);
  const c = compile("alerts | where rule_id == 'kql' | project rule_title, rule_author, count, mode");
  const r = await store.query(c.sql, { maxRows: 10, timeoutMs: 10_000, params: c.params });
  assert.deepEqual(r.rows, [["Rule one", "O'Brien", 7, "live"]]);
});
