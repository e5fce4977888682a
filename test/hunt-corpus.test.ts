// Streaming vs hunt on real rules: SigmaHQ's regression corpus (203 rules, ../shared/sigma, not redistributed), its
// Windows events stored through `inferwatch ingest`, every rule hunted and streamed over all of the events.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { AlertRecord } from "../src/detection/sigma/alert.js";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import { readRuleSources } from "../src/detection/sigma/files.js";
import { prepareHunt, runHunt } from "../src/services/hunt.js";
import { DuckDBStore } from "../src/storage/duckdb/store.js";
import { runCli, tempDir } from "./helpers/process.js";
import { CORPUS, corpusCases, corpusEvents } from "./sigma/corpus.js";

const key = (a: AlertRecord) =>
  JSON.stringify([a.rule_id, a.alert_type, a.first_seen, a.last_seen, a.count, a.evidence_event_ids]);

test("every SigmaHQ corpus rule compiles to a hunt, and hunts raise exactly the streaming engine's alerts", async () => {
  const cases = corpusCases();
  const fallback = Date.UTC(2025, 0, 1);
  const records: Record<string, unknown>[] = [];
  cases.forEach((c, ci) => {
    corpusEvents(c).forEach((ev, i) => {
      const t = typeof ev.TimeCreated_SystemTime === "string" ? Date.parse(ev.TimeCreated_SystemTime) : Number.NaN;
      records.push({ ...ev, timestamp: Number.isNaN(t) ? fallback + ci : t, event_id: `c${ci}-${i}` });
    });
  });
  const dir = tempDir("iw-hunt-corpus-");
  const data = join(dir, "data");
  writeFileSync(join(dir, "corpus.jsonl"), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const ing = await runCli(["ingest", join(dir, "corpus.jsonl"), "--data", data]);
  assert.equal(ing.code, 0, ing.stderr);
  assert.match(ing.stderr, new RegExp(`ingested ${records.length.toLocaleString("en-US")} events`));

  const sources = readRuleSources([join(CORPUS, "rules")]);
  assert.ok(sources.length >= 200);
  const store = await DuckDBStore.open(data, { threads: 1 });
  try {
    const prepared = prepareHunt({ sources, range: { sinceMs: 0, untilMs: Date.UTC(2100, 0, 1) } });
    assert.equal(prepared.plan.length, sources.length, "one query per rule");
    const hunted = (await runHunt(store, prepared, { maxMatches: 100_000, timeoutMs: 60_000, maxGroups: 100_000 }))
      .alerts;

    const r = await store.query("SELECT * FROM events ORDER BY timestamp, event_id", {
      maxRows: 1_000_000,
      timeoutMs: 60_000,
    });
    const engine = SigmaEngine.fromSources(sources);
    const streamed: AlertRecord[] = [];
    for (const row of r.rows) {
      const ev: Record<string, unknown> = {};
      r.columns.forEach((c, i) => {
        ev[c.name] = row[i];
      });
      streamed.push(...engine.process(ev));
    }
    streamed.push(...engine.flush());

    // most rules read Windows fields, which normalization keeps in `attributes`: they must still fire
    const fired = new Set(streamed.map((a) => a.rule_id));
    assert.ok(fired.size >= 195, `${fired.size} corpus rules fired`);
    const a = streamed.map(key).sort();
    const b = hunted.map(key).sort();
    assert.deepEqual(
      {
        onlyStream: a.filter((x) => !b.includes(x)).slice(0, 5),
        onlyHunt: b.filter((x) => !a.includes(x)).slice(0, 5),
      },
      { onlyStream: [], onlyHunt: [] },
    );
    assert.equal(b.length, a.length);
  } finally {
    await store.close();
  }
});
