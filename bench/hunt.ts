// Retro-hunt benchmark: N seeded events stored in DuckDB, then the built-in rules (and the differential test's rules)
// hunted over them, against the streaming engine processing the same stored events (the reference, same run).
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { InferEvent } from "../src/core/fields.js";
import { DEFAULT_LIMITS } from "../src/core/limits.js";
import { SigmaEngine } from "../src/detection/sigma/engine.js";
import { readRuleSources } from "../src/detection/sigma/files.js";
import { normalizeRecord } from "../src/pipeline/normalize.js";
import { prepareHunt, runHunt } from "../src/services/hunt.js";
import { DuckDBStore } from "../src/storage/duckdb/store.js";
import { HUNT_START, huntRecords } from "../test/helpers/hunt-data.js";
import { intFlag, isEntry } from "./generate.js";

const PLACEHOLDERS = { admins: ["admin", "ro*"] };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: "string" } } });
  const n = intFlag("events", values.events, 200_000);
  const dir = mkdtempSync(join(tmpdir(), "iw-bench-hunt-"));
  const store = await DuckDBStore.open(join(dir, "data"));
  try {
    const records = huntRecords(n, 3);
    const events: InferEvent[] = [];
    for (const r of records) {
      const x = normalizeRecord(r, JSON.stringify(r), {
        sourceId: "bench",
        sourceType: "json",
        observedAt: HUNT_START,
        limits: DEFAULT_LIMITS,
        keepRaw: true,
      });
      if (x.ok) events.push(x.event);
    }
    for (let i = 0; i < events.length; i += 50_000) {
      await store.write([{ events: events.slice(i, i + 50_000), deadLetters: [] }]);
    }
    const rows = await store.query("SELECT * FROM events ORDER BY timestamp, event_id", {
      maxRows: n + 1,
      timeoutMs: 600_000,
    });
    const records2 = rows.rows.map((row) => {
      const o: Record<string, unknown> = {};
      rows.columns.forEach((c, i) => {
        o[c.name] = row[i];
      });
      return o;
    });
    const root = process.cwd();
    const sets: [string, string[]][] = [
      ["built-in rules", [join(root, "rules")]],
      ["built-in + differential rules", [join(root, "rules"), join(root, "test/fixtures/hunt/differential.yml")]],
    ];
    console.log(
      `hunt benchmark: ${n.toLocaleString("en-US")} events, ${cpus().length} cores (load ${loadavg()[0]?.toFixed(1)})`,
    );
    for (const [name, paths] of sets) {
      const sources = readRuleSources(paths);
      let t = performance.now();
      const engine = SigmaEngine.fromSources(sources, { placeholders: PLACEHOLDERS });
      let streamed = 0;
      for (const ev of records2) streamed += engine.process(ev).length;
      streamed += engine.flush().length;
      const streamS = (performance.now() - t) / 1000;
      t = performance.now();
      const prepared = prepareHunt({
        sources,
        placeholders: PLACEHOLDERS,
        range: { sinceMs: HUNT_START - 60_000, untilMs: Date.UTC(2100, 0, 1) },
      });
      const r = await runHunt(store, prepared, { maxMatches: 10_000_000, timeoutMs: 600_000, maxGroups: 100_000 });
      const huntS = (performance.now() - t) / 1000;
      console.log(
        `${name}: hunt ${huntS.toFixed(2)} s (${Math.round(n / huntS).toLocaleString("en-US")} events/s, ${r.matches.toLocaleString("en-US")} matching rows, ${r.alerts.length.toLocaleString("en-US")} alerts); ` +
          `streaming reference ${streamS.toFixed(2)} s over rows already in memory (${streamed.toLocaleString("en-US")} alerts); hunt/stream time ratio ${(huntS / streamS).toFixed(2)}`,
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntry(import.meta.url)) await main();
