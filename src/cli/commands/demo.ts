// `inferwatch demo`: a server on a fresh temporary data directory, simulated traffic with attacks streamed into it at
// accelerated time, and the alerts printed as they fire; stops after --duration or on Ctrl-C.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { buildServer } from "../../api/server.js";
import { InferWatchError } from "../../core/errors.js";
import type { RunKql } from "../../eval/source.js";
import { openRuntime } from "../../services/runtime.js";
import { simulate } from "../../sim/engine.js";
import { selectScenarios } from "../../sim/scenarios/index.js";
import { AlertFeed, alertLine, PAGE_LIMIT, subjectKey } from "../alert-feed.js";
import { ServerClient } from "../client.js";
import { type CommonFlags, configFromFlags, portFlag } from "../options.js";
import { pump, serverSink } from "../sim-output.js";
import { parseDuration } from "./simulate.js";

interface DemoFlags extends Pick<CommonFlags, "config"> {
  duration: string;
  speed: string;
  scenario: string;
  seed: string;
  load: string;
  port?: number;
  keep?: boolean;
  all?: boolean;
}

/** Attacks the built-in rules catch, the quickest first, so the first alert shows within seconds. */
export const DEMO_SCENARIOS = "prompt-injection,brute-force,latency-infra,credential-stuffing,jailbreak";
/** Simulated time a poll looks back behind the newest alert: streams are sent side by side and may lag a little. */
const LOOK_BACK_MS = 15 * 60_000;
/** How often the alerts are polled. */
const POLL_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function number(flag: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
    throw new InferWatchError(
      "invalid_parameter",
      `${flag} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

/** `+m:ss` of real time from the demo's start. */
function offset(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "see InferWatch catch attacks: a temporary server, simulated traffic with attacks, alerts as they fire",
    )
    .option("--duration <d>", "how long the demo runs in real time: 30s, 3m...", "3m")
    .option("--speed <x>", "simulated time runs x times faster than real time", "60")
    .option("--scenario <names>", "scenarios to inject, separated by commas (see simulate --list)", DEMO_SCENARIOS)
    .option("--seed <n>", "random seed", "1")
    .option("--load <x>", "multiplies the baseline traffic", "1")
    .option("--port <port>", "port of the demo server (default: a free one)", portFlag)
    .option("--keep", "keep the data directory at the end (to query it afterwards)")
    .option("--all", "print every alert (default: the first per rule and subject, repeats are counted)")
    .option("--config <file>", "YAML configuration file (its data_dir is ignored: the demo uses a fresh one)")
    .action(async (flags: DemoFlags) => {
      const realMs = parseDuration(flags.duration);
      const speed = number("--speed", flags.speed, 1, 10_000);
      const load = number("--load", flags.load, 0.01, 100);
      const seed = number("--seed", flags.seed, 0, 0xffffffff);
      if (!Number.isInteger(seed)) throw new InferWatchError("invalid_parameter", "--seed must be an integer");
      const simMs = realMs * speed;
      if (simMs > 7 * 86_400_000) {
        throw new InferWatchError("invalid_parameter", "--duration x --speed must stay within 7 simulated days");
      }
      const scenarios = selectScenarios(flags.scenario);
      const dataDir = mkdtempSync(join(tmpdir(), "inferwatch-demo-"));
      const config = configFromFlags(
        { data: dataDir, ...(flags.config ? { config: flags.config } : {}) },
        { "server.host": "127.0.0.1", "server.port": flags.port ?? 0 },
      );
      let rt: Awaited<ReturnType<typeof openRuntime>>;
      try {
        rt = await openRuntime(config, { detection: true });
      } catch (e) {
        rmSync(dataDir, { recursive: true, force: true });
        throw e;
      }
      const server = buildServer(rt, { logger: false });
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      let alerts = 0;
      let events = 0;
      try {
        const url = await server.app.listen({ host: "127.0.0.1", port: flags.port ?? 0 });
        const start = Math.floor(Date.now() / 1000) * 1000;
        const sim = simulate({ seed, start, durationMs: simMs, scenarios, load });
        out(`InferWatch demo: server ${url}, data in ${dataDir}${flags.keep ? "" : " (removed at the end)"}`);
        out(
          `Streaming simulated AI-platform traffic at ${speed}x for ${flags.duration}, with ${scenarios.length} incident(s) injected:`,
        );
        for (const l of sim.labels) {
          out(
            `  ${offset((l.start_ms - start) / speed).padStart(6)}  ${l.scenario}${l.atlas ? ` (${l.atlas.id} ${l.atlas.name})` : ""}`,
          );
        }
        out("Alerts as they fire (real time since start, simulated time, level, rule, about). Ctrl-C stops.");
        const began = Date.now();
        const repeats = new Map<string, { title: string; n: number }>();
        const client = new ServerClient(url);
        const run: RunKql = (query) => client.query({ query });
        const feed = new AlertFeed(
          (since, cursor) =>
            client.alerts({
              limit: PAGE_LIMIT,
              ...(since !== undefined ? { since } : {}),
              ...(cursor ? { cursor } : {}),
            }),
          run,
          LOOK_BACK_MS,
        );
        const show = async () => {
          const r = await feed.poll();
          for (const a of r.alerts) {
            const key = subjectKey(a);
            const seen = repeats.get(key);
            if (seen) seen.n++;
            else repeats.set(key, { title: a.rule_title, n: 1 });
            if (!seen || flags.all) out(`${offset(Date.now() - began).padStart(6)}  ${alertLine(a)}`);
          }
          if (r.more) out("... more alerts than one poll reads; see GET /api/v1/alerts");
          alerts += r.alerts.length;
        };
        let streaming = true;
        const poller = (async () => {
          while (streaming) {
            await sleep(POLL_MS);
            await show();
          }
        })();
        const sink = serverSink(client, false);
        try {
          events = await pump(sim, start, sink, { normalized: false, speed, signal: abort.signal });
        } finally {
          await sink.close(start + simMs);
          streaming = false;
          await poller;
        }
        await show();
        out(
          `${abort.signal.aborted ? "Stopped" : "Demo over"}: ${events.toLocaleString("en-US")} events sent, ${alerts} alert(s) raised.`,
        );
        const perRule = new Map<string, { alerts: number; subjects: number }>();
        for (const { title, n } of repeats.values()) {
          const p = perRule.get(title) ?? { alerts: 0, subjects: 0 };
          perRule.set(title, { alerts: p.alerts + n, subjects: p.subjects + 1 });
        }
        for (const [title, p] of perRule) {
          out(`  ${String(p.alerts).padStart(5)} x ${title} (${p.subjects} subject${p.subjects === 1 ? "" : "s"})`);
        }
        if (flags.keep) {
          out(`The data is kept in ${dataDir}; for example:`);
          out(`  inferwatch query --data ${dataDir} 'alerts | summarize count() by rule_title'`);
        }
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await server.shutdown();
        await rt.close();
        if (!flags.keep) rmSync(dataDir, { recursive: true, force: true });
      }
    });
}
