// Streaming vs hunt: seeded events go through the real ingest path (the CLI) into DuckDB; the streaming engine reads the
// stored events in time order, `inferwatch hunt` compiles the same rules to SQL; both must raise identical alerts.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { AlertRecord } from "../src/detection/sigma/alert.js";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import { readRuleSources } from "../src/detection/sigma/files.js";
import { DuckDBStore } from "../src/storage/duckdb/store.js";
import { HUNT_START, huntRecords } from "./helpers/hunt-data.js";
import { ROOT, runCli, tempDir } from "./helpers/process.js";

const FIXTURE = join(ROOT, "test/fixtures/hunt/differential.yml");
const BUILTIN = join(ROOT, "rules");
const PLACEHOLDERS = { admins: ["admin", "ro*"] };

/** What must agree: everything but the rule metadata (which both copy from the same rule). */
function key(a: AlertRecord): string {
  return JSON.stringify([
    a.rule_id,
    a.alert_type,
    a.group_key,
    a.first_seen,
    a.last_seen,
    a.count,
    a.value === null ? null : Number(a.value.toPrecision(12)),
    a.evidence_event_ids,
  ]);
}

async function streamingAlerts(dataDir: string): Promise<AlertRecord[]> {
  const store = await DuckDBStore.open(dataDir, { threads: 1 });
  try {
    const r = await store.query("SELECT * FROM events ORDER BY timestamp, event_id", {
      maxRows: 1_000_000,
      timeoutMs: 60_000,
    });
    const engine = SigmaEngine.fromSources(readRuleSources([BUILTIN, FIXTURE]), { placeholders: PLACEHOLDERS });
    const out: AlertRecord[] = [];
    for (const row of r.rows) {
      // the shape of a normalized event (pipeline/normalize.ts): every column present, null when empty
      const ev: Record<string, unknown> = {};
      r.columns.forEach((c, i) => {
        ev[c.name] = row[i];
      });
      out.push(...engine.process(ev));
    }
    out.push(...engine.flush());
    return out;
  } finally {
    await store.close();
  }
}

// With `raw` kept, keyword searches also find attribute values in the original line; without it only the search
// inside `attributes` (json_leaves) can find them, so both settings are run.
for (const keepRaw of [true, false]) {
  test(`streaming and hunt raise identical alerts on the same stored events, correlations included (raw ${keepRaw ? "kept" : "not kept"})`, async () => {
    const dir = tempDir("iw-hunt-diff-");
    const data = join(dir, "data");
    const file = join(dir, "events.jsonl");
    const config = join(dir, "config.yml");
    writeFileSync(config, `ingest:\n  keep_raw: ${keepRaw}\n`);
    const records = huntRecords(4000, keepRaw ? 7 : 8);
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const ing = await runCli(["ingest", file, "--data", data, "--config", config]);
    assert.equal(ing.code, 0, ing.stderr);

    const last = records[records.length - 1]?.timestamp as number;
    const hunt = await runCli([
      "hunt",
      "--rule",
      BUILTIN,
      "--rule",
      FIXTURE,
      "--placeholder",
      `admins=${PLACEHOLDERS.admins.join(",")}`,
      "--since",
      new Date(HUNT_START - 60_000).toISOString(),
      "--until",
      new Date(last + 1).toISOString(),
      "--data",
      data,
      "--format",
      "json",
      "--config",
      config,
    ]);
    assert.equal(hunt.code, 0, hunt.stderr);
    const hunted = hunt.stdout
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as AlertRecord);
    const streamed = await streamingAlerts(data);

    // the data exercises every rule of the fixture and every correlation type
    const fired = new Set(streamed.map((a) => a.rule_id));
    const fixtureRules = readRuleSources([FIXTURE])[0]?.text.match(/^name: (mod_\w+|c_\w+)$/gm) ?? [];
    assert.ok(fixtureRules.length >= 25, "fixture rule names found");
    for (const line of fixtureRules) {
      const name = line.slice("name: ".length);
      assert.ok(fired.has(name), `rule ${name} fired in the streaming run`);
    }
    const types = new Set(streamed.map((a) => a.alert_type));
    for (const t of [
      "match",
      "event_count",
      "value_count",
      "temporal",
      "temporal_ordered",
      "value_sum",
      "value_avg",
      "value_percentile",
    ]) {
      assert.ok(types.has(t as AlertRecord["alert_type"]), `an alert of type ${t}`);
    }

    const a = streamed.map(key).sort();
    const b = hunted.map(key).sort();
    const onlyStream = a.filter((x) => !b.includes(x));
    const onlyHunt = b.filter((x) => !a.includes(x));
    assert.deepEqual(
      { onlyStream: onlyStream.slice(0, 5), onlyHunt: onlyHunt.slice(0, 5) },
      { onlyStream: [], onlyHunt: [] },
    );
    assert.equal(b.length, a.length);
    // the author is credited on every hunted alert
    assert.ok(hunted.every((x) => typeof x.rule_author === "string" && x.rule_author.length > 0));
  });
}
