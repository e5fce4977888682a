// Detection cost in ingest: the same NDJSON file through in-process `inferwatch ingest` with streaming detection off
// and on (built-in rules), as events/s and the ratio of the two, measured in the same run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "./child.js";
import { generateEvents, intFlag, isEntry } from "./generate.js";

interface Run {
  readonly detection: boolean;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly alerts: number;
}

async function ingestOnce(file: string, events: number, config: string, dir: string, detection: boolean): Promise<Run> {
  const data = mkdtempSync(join(dir, "data-"));
  const started = performance.now();
  const out = await runCli(["ingest", "--data", data, "--json", "--source", "bench", "--config", config, file]);
  const seconds = (performance.now() - started) / 1000;
  const summary = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { accepted?: number };
  if (summary.accepted !== events) throw new Error(`expected ${events} accepted, got ${summary.accepted}`);
  const count = await runCli(["query", "--data", data, "--config", config, "--format", "csv", "alerts | count"]);
  const alerts = Number(count.trim().split("\n").pop());
  rmSync(data, { recursive: true, force: true });
  return { detection, seconds, eventsPerSecond: events / seconds, alerts };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: "string" }, rounds: { type: "string" }, seed: { type: "string" } },
  });
  const events = intFlag("events", values.events, 200_000);
  const rounds = intFlag("rounds", values.rounds, 2);
  const seed = intFlag("seed", values.seed, 42);
  const dir = mkdtempSync(join(tmpdir(), "iw-bench-detection-"));
  try {
    const file = join(dir, "events.ndjson");
    await generateEvents({ path: file, events, seed, endMs: Date.now() });
    const off = join(dir, "off.yaml");
    const on = join(dir, "on.yaml");
    writeFileSync(off, "log:\n  level: warn\ndetection:\n  enabled: false\n");
    writeFileSync(on, "log:\n  level: warn\ndetection:\n  enabled: true\n  watch_rules: false\n");
    const load = loadavg()[0] ?? 0;
    const runs: Run[] = [];
    // Alternate the order so drift in machine load touches both settings alike.
    for (let r = 0; r < rounds; r++) {
      for (const d of r % 2 === 0 ? [false, true] : [true, false]) {
        runs.push(await ingestOnce(file, events, d ? on : off, dir, d));
      }
    }
    const best = (d: boolean) => Math.max(...runs.filter((r) => r.detection === d).map((r) => r.eventsPerSecond));
    const offRate = best(false);
    const onRate = best(true);
    const alerts = runs.find((r) => r.detection)?.alerts ?? 0;
    process.stdout.write(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load ${load.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}\n` +
        `${events} events, best of ${rounds} in-process ingests each (wall time including the final drain):\n` +
        `  detection off: ${Math.round(offRate).toLocaleString("en")} events/s\n` +
        `  detection on:  ${Math.round(onRate).toLocaleString("en")} events/s (${alerts} alerts stored)\n` +
        `  ratio on/off:  ${(onRate / offRate).toFixed(3)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntry(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench detection: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
