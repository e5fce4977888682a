// Simulator benchmark: events/s generated, rendered in their real formats and written to files on one core,
// against a reference measured in the same run: writing the same lines, already built, to files the same way.
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

async function generateToFiles(dir: string): Promise<{ events: number; seconds: number }> {
  const began = performance.now();
  const sink = directorySink(dir, false);
  const events = await pump(simulate(options), START, sink, { normalized: false });
  await sink.close(START + durationMs);
  return { events, seconds: (performance.now() - began) / 1000 };
}

/** The same lines, built beforehand, through the same file sink: the cost of the I/O alone. */
async function writePrebuilt(dir: string, lines: readonly { stream: never; text: string; n: number }[]) {
  const began = performance.now();
  const sink = directorySink(dir, false);
  for (const l of lines) sink.write(l.stream, l.text, l.n);
  await sink.close(START + durationMs);
  return (performance.now() - began) / 1000;
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

let best = { events: 0, seconds: Number.POSITIVE_INFINITY };
let reference = Number.POSITIVE_INFINITY;
for (let r = 0; r < rounds; r++) {
  const dir = mkdtempSync(join(tmpdir(), "iw-bench-sim-"));
  try {
    const g = await generateToFiles(join(dir, "sim"));
    if (g.seconds < best.seconds) best = g;
    reference = Math.min(reference, await writePrebuilt(join(dir, "ref"), prebuilt));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const eps = best.events / best.seconds;
const refEps = prebuilt.length / reference;
console.log(
  `simulate --scenario all, ${values.hours} h simulated at load ${load}: ${best.events.toLocaleString("en-US")} events, ${(bytes / MIB).toFixed(1)} MiB in 14 streams`,
);
console.log(
  `generate + render + write: ${Math.round(eps).toLocaleString("en-US")} events/s, ${(bytes / MIB / best.seconds).toFixed(1)} MiB/s (best of ${rounds})`,
);
console.log(
  `reference (write the same pre-built lines): ${Math.round(refEps).toLocaleString("en-US")} events/s, ${(bytes / MIB / reference).toFixed(1)} MiB/s`,
);
console.log(`ratio generate/reference: ${(eps / refEps).toFixed(2)}  (target: >= 100,000 events/s generated)`);
