// `inferwatch simulate`: generates platform telemetry with labeled incidents to files, stdout or a running server.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import { simulate } from "../../sim/engine.js";
import { SCENARIOS, selectScenarios } from "../../sim/scenarios/index.js";
import { ServerClient } from "../client.js";
import { directorySink, pump, type SimSink, serverSink, stdoutSink, writeManifest } from "../sim-output.js";

interface SimulateFlags {
  seed: string;
  start: string;
  duration: string;
  speed?: string;
  rate?: string;
  load: string;
  scenario?: string;
  list?: boolean;
  labels?: string;
  as: string;
  out?: string;
  server?: string;
  json?: boolean;
}

const DEFAULT_START = "2026-11-22T00:00:00Z";
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longest simulation: a week of platform traffic is already millions of lines. */
const MAX_DURATION = 7 * 86_400_000;

/** `90s`, `30m`, `4h`, `2d` (or a bare number of seconds) in milliseconds. */
export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m)
    throw new InferWatchError(
      "invalid_parameter",
      `--duration must look like 90s, 30m, 4h or 2d, got ${JSON.stringify(v)}`,
    );
  const ms = Number(m[1]) * (UNITS[m[2] ?? "s"] as number);
  if (ms < 1000 || ms > MAX_DURATION) {
    throw new InferWatchError("invalid_parameter", `--duration must be between 1s and 7d, got ${JSON.stringify(v)}`);
  }
  return Math.round(ms);
}

function positive(name: string, v: string | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw new InferWatchError(
      "invalid_parameter",
      `${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

function seedOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new InferWatchError(
      "invalid_parameter",
      `--seed must be an integer from 0 to 4294967295, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

/** An ISO time, or `now` (whole seconds; live demos want current times, and give up byte-identical output). */
function startOf(v: string): number {
  if (v === "now") return Math.floor(Date.now() / 1000) * 1000;
  const t = Date.parse(v);
  if (!/^\d{4}-\d\d-\d\dT/.test(v) || Number.isNaN(t)) {
    throw new InferWatchError(
      "invalid_parameter",
      `--start must be an ISO 8601 time such as ${DEFAULT_START}, or now; got ${JSON.stringify(v)}`,
    );
  }
  return t;
}

function listScenarios(): void {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  const lines = SCENARIOS.map(
    (s) => `${s.name.padEnd(width)}  ${s.kind.padEnd(8)}  ${(s.atlas?.id ?? "-").padEnd(13)}  ${s.description}`,
  );
  process.stdout.write(`${"name".padEnd(width)}  kind      atlas          what it injects\n${lines.join("\n")}\n`);
}

/** Runs a file-system action, turning its failure into a one-line error that names the flag and the path. */
function writable<T>(flag: string, path: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InferWatchError("invalid_parameter", `${flag} ${JSON.stringify(path)}: cannot write there (${reason})`);
  }
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("generate AI-platform telemetry in real formats with labeled attacks and incidents")
    .option("--seed <n>", "random seed: the same seed and options give byte-identical output", "1")
    .option("--start <time>", "simulated start time (ISO 8601, or now)", DEFAULT_START)
    .option("--duration <d>", "simulated duration: 90s, 30m, 4h, 2d", "4h")
    .option("--speed <x>", "simulated time runs x times faster than real time (streaming to stdout or --server)")
    .option("--rate <n>", "send at most n events per second (streaming)")
    .option("--load <x>", "multiplies the baseline traffic (1 = ~30 requests per simulated second at peak)", "1")
    .option("--scenario <names>", "inject scenarios: all, or names separated by commas (see --list)")
    .option("--list", "list the scenarios and exit")
    .option("--labels <file>", "write the ground truth (one JSON label per scenario) to this JSONL file")
    .option("--as <kind>", "real (each stream in its own format) or normalized (InferWatch's json events)", "real")
    .option("--out <dir>", "write files into this directory (see docs/simulator.md for the layout)")
    .option("--server <url>", "send to a running server, e.g. http://127.0.0.1:7080")
    .option("--json", "print a machine-readable summary on stdout")
    .addHelpText(
      "after",
      `
Without --out or --server the lines go to stdout, all streams interleaved in time order.
Examples:
  inferwatch simulate --list
  inferwatch simulate --seed 7 --duration 4h --scenario all --out sim/ --labels sim/labels.jsonl
  inferwatch ingest --format auto 'sim/*/*'
  inferwatch simulate --scenario prompt-injection,brute-force --speed 60 --server http://127.0.0.1:7080`,
    )
    .action(async (flags: SimulateFlags) => {
      if (flags.list) {
        listScenarios();
        return;
      }
      if (flags.as !== "real" && flags.as !== "normalized") {
        throw new InferWatchError(
          "invalid_parameter",
          `--as must be real or normalized, got ${JSON.stringify(flags.as)}`,
        );
      }
      if (flags.out && flags.server) throw new InferWatchError("invalid_parameter", "give --out or --server, not both");
      if (flags.out && (flags.speed !== undefined || flags.rate !== undefined)) {
        throw new InferWatchError(
          "invalid_parameter",
          "--speed and --rate pace streaming (stdout or --server); files are written as fast as they are generated",
        );
      }
      const seed = seedOf(flags.seed);
      const start = startOf(flags.start);
      const durationMs = parseDuration(flags.duration);
      const speed = positive("--speed", flags.speed, 1e6);
      const rate = positive("--rate", flags.rate, 1e7);
      const load = positive("--load", flags.load, 1000) ?? 1;
      const scenarios = selectScenarios(flags.scenario);
      const normalized = flags.as === "normalized";
      const sim = simulate({ seed, start, durationMs, scenarios, load });
      if (flags.labels) {
        const text = sim.labels.map((l) => `${JSON.stringify(l)}\n`).join("");
        writable("--labels", flags.labels, () => writeFileSync(flags.labels as string, text));
      }

      const out = flags.out;
      const sink: SimSink = out
        ? writable("--out", out, () => directorySink(out, normalized))
        : flags.server
          ? serverSink(new ServerClient(flags.server), normalized)
          : stdoutSink();
      const began = performance.now();
      const events = await pump(sim, start, sink, {
        normalized,
        ...(flags.out ? {} : { ...(speed === undefined ? {} : { speed }), ...(rate === undefined ? {} : { rate }) }),
      });
      const end = start + durationMs;
      const summary = await sink.close(end);
      const seconds = (performance.now() - began) / 1000;
      const report = {
        seed,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        as: flags.as,
        scenarios: scenarios.map((s) => s.name),
        events,
        seconds: Math.round(seconds * 100) / 100,
        events_per_second: Math.round(events / Math.max(seconds, 0.001)),
        ...summary,
      };
      if (flags.out) writeManifest(flags.out, { ...report, seconds: undefined, events_per_second: undefined });
      if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else if (flags.out || flags.server) {
        const sent =
          summary.accepted === undefined ? "" : ` (server accepted ${summary.accepted}, rejected ${summary.rejected})`;
        process.stderr.write(
          `simulated ${events.toLocaleString("en-US")} events in ${report.seconds}s across ${summary.streams.length} streams${sent}\n`,
        );
      }
      if (summary.rejected) process.exitCode = 3;
    });
}
