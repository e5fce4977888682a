// Simulator benchmark: events/s generated, rendered in their real formats and written to files on one core,
// against a reference measured in the same run: writing the same lines, already built, to files the same way.
// Rates are given per wall-clock second and per CPU second of this process (user + system): on a shared machine
// the wall clock also counts the time other processes held the core.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { directorySink, pump } from "../src/cli/sim-output.js";
import { simulate } from "../src/sim/engine.js";
import { renderReal } from "../src/sim/render/index.js";
import { SCENARIOS } from "../src/sim/scenarios/index.js";

const MIB = 2 ** 20;
const START = Date.UTC(2026, 10, 22);

const { values } = parseArgs({
  options: {
    hours: { type: "string", default: "4" },
    load: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
  },
});
const durationMs = Number(values.hours) * 3_600_000;
const load = Number(values.load);
const rounds = Number(values.rounds);
const options = { seed: 1, start: START, durationMs, scenarios: SCENARIOS, load };

interface Timing {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T } & Timing> {
  const began = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - began) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function generateToFiles(dir: string): Promise<{ value: number } & Timing> {
  return timed(async () => {
    const sink = directorySink(dir, false);
    const events = await pump(simulate(options), START, sink, { normalized: false });
    await sink.close(START + durationMs);
    return events;
  });
}

/** The same lines, built beforehand, through the same file sink: the cost of the I/O alone. */
async function writePrebuilt(dir: string, lines: readonly { stream: never; text: string; n: number }[]) {
  return timed(async () => {
    const sink = directorySink(dir, false);
    for (const l of lines) sink.write(l.stream, l.text, l.n);
    await sink.close(START + durationMs);
  });
}

const prebuilt: { stream: never; text: string; n: number }[] = [];
let bytes = 0;
for (const tick of simulate(options).ticks()) {
  for (const e of tick.events) {
    const text = renderReal(e);
    bytes += Buffer.byteLength(text) + 1;
    prebuilt.push({ stream: e.stream as never, text, n: 1 });
  }
}

let events = 0;
let gen: Timing = { seconds: Number.POSITIVE_INFINITY, cpuSeconds: Number.POSITIVE_INFINITY };
let ref: Timing = { seconds: Number.POSITIVE_INFINITY, cpuSeconds: Number.POSITIVE_INFINITY };
const best = (a: Timing, b: Timing): Timing => ({
  seconds: Math.min(a.seconds, b.seconds),
  cpuSeconds: Math.min(a.cpuSeconds, b.cpuSeconds),
});
for (let r = 0; r < rounds; r++) {
  const dir = mkdtempSync(join(tmpdir(), "iw-bench-sim-"));
  try {
    const g = await generateToFiles(join(dir, "sim"));
    events = g.value;
    gen = best(gen, g);
    ref = best(ref, await writePrebuilt(join(dir, "ref"), prebuilt));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString("en-US");
const mibs = (s: number): string => (bytes / MIB / s).toFixed(1);
console.log(
  `simulate --scenario all, ${values.hours} h simulated at load ${load}: ${events.toLocaleString("en-US")} events, ${(bytes / MIB).toFixed(1)} MiB in 14 streams (best of ${rounds})`,
);
console.log(
  `generate + render + write: ${rate(events, gen.seconds)} events/s wall (${mibs(gen.seconds)} MiB/s), ${rate(events, gen.cpuSeconds)} events per CPU second`,
);
console.log(
  `reference (write the same pre-built lines): ${rate(prebuilt.length, ref.seconds)} events/s wall (${mibs(ref.seconds)} MiB/s), ${rate(prebuilt.length, ref.cpuSeconds)} events per CPU second`,
);
console.log(
  `ratio generate/reference: ${(ref.seconds / gen.seconds).toFixed(2)} wall, ${(ref.cpuSeconds / gen.cpuSeconds).toFixed(2)} CPU  (target: >= 100,000 events/s generated on one core)`,
);
