// `inferwatch ingest PATH...`: load files, globs, .gz and stdin into the data directory or a running server.
import { statSync } from "node:fs";
import type { Command } from "commander";
import { InferWatchError } from "../../core/errors.js";
import { checkSourceName } from "../../pipeline/ingest.js";
import { follow } from "../../receivers/file/follow.js";
import { openRuntime, type Runtime } from "../../services/runtime.js";
import { ServerClient } from "../client.js";
import { type CommonFlags, configFromFlags, dataOrServer } from "../options.js";
import { startProgress } from "../progress.js";
import { DEFAULT_BATCH, expandPaths, readLineBatches, sizeOf, sourceFor } from "../read-files.js";
import { directSink, type LineSink, type SinkReply, serverSink } from "../sinks.js";

interface IngestFlags extends CommonFlags {
  server?: string;
  format: string;
  source?: string;
  follow?: boolean;
  json?: boolean;
  strict?: boolean;
  progress?: boolean;
}

/** Most rejected lines printed in the summary; the dead-letter table has them all. */
const SHOWN_ERRORS = 20;
/** Batches in flight at once: enough to overlap parsing with committing. */
const IN_FLIGHT = 3;

interface Summary {
  files: number;
  accepted: number;
  rejected: number;
  bytes: number;
  seconds: number;
  events_per_second: number;
  errors: { file: string; line: number; code: string; message: string }[];
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("ingest files (globs, .gz, - for stdin) into the data directory or a running server")
    .argument("<paths...>", "files, globs or - (stdin)")
    .option("--format <name>", "input format, or auto to detect it line by line", "auto")
    .option("--source <name>", "source name recorded on each event (default: the file name)")
    .option("--data <dir>", "data directory to write directly (default ./data)")
    .option("--server <url>", "send to a running server instead, e.g. http://127.0.0.1:7080")
    .option("--follow", "keep reading as files grow, like a log shipper; survives rotation and restarts")
    .option("--json", "print a machine-readable JSON summary on stdout")
    .option("--strict", "exit with status 3 when any line was rejected")
    .option("--no-progress", "no progress bar even on a terminal")
    .option("--config <file>", "YAML configuration file")
    .addHelpText(
      "after",
      `
Bad lines never stop the run: each goes to the dead_letters table with its reason.
Examples:
  inferwatch ingest events.ndjson 'logs/*.jsonl.gz'
  cat events.ndjson | inferwatch ingest --server http://127.0.0.1:7080 --source gateway -
  inferwatch ingest --follow --server http://127.0.0.1:7080 /var/log/model/*.log`,
    )
    .action(async (args: string[], flags: IngestFlags) => {
      dataOrServer(flags);
      if (flags.follow && args.includes("-")) {
        throw new InferWatchError("invalid_parameter", "--follow reads files; stdin (-) cannot be followed");
      }
      // Fail fast on a bad source name, before opening anything (the format is checked by the store or server).
      if (flags.source !== undefined) checkSourceName(flags.source);
      let rt: Runtime | undefined;
      let sink: LineSink;
      // A follower retries on its own (reloading checkpoints first), so its client gives up sooner and a stop is prompt.
      if (flags.server) sink = serverSink(new ServerClient(flags.server, { maxAttempts: flags.follow ? 5 : 60 }));
      else {
        rt = await openRuntime(configFromFlags(flags), { detection: true });
        sink = directSink(rt);
      }
      try {
        if (flags.follow) await runFollow(args, flags, sink);
        else await runOnce(args, flags, sink, async () => rt?.close());
      } finally {
        await rt?.close();
      }
    });
}

/** `finish` flushes and closes the store, so the summary's time includes making everything durable. */
async function runOnce(args: string[], flags: IngestFlags, sink: LineSink, finish: () => Promise<void>): Promise<void> {
  const paths = await expandPaths(args);
  const started = performance.now();
  const total = paths.reduce((n, p) => n + sizeOf(p), 0);
  const progress = startProgress(total, Boolean(process.stderr.isTTY) && flags.progress !== false && !flags.json);
  const summary: Summary = {
    files: paths.length,
    accepted: 0,
    rejected: 0,
    bytes: 0,
    seconds: 0,
    events_per_second: 0,
    errors: [],
  };
  try {
    for (const path of paths) {
      const target = { format: flags.format, sourceId: flags.source ?? sourceFor(path), ...writtenAt(path) };
      const inFlight = new Set<Promise<void>>();
      const tally = (r: SinkReply): void => {
        summary.accepted += r.accepted;
        summary.rejected += r.rejected;
        progress.addEvents(r.accepted, r.rejected);
        for (const e of r.errors) if (summary.errors.length < SHOWN_ERRORS) summary.errors.push({ file: path, ...e });
      };
      const stream = sink.stream?.(target);
      for await (const items of readLineBatches(path, DEFAULT_BATCH, (n) => {
        summary.bytes += n;
        progress.addBytes(n);
      })) {
        const p: Promise<void> = (stream ? stream.send(items) : sink.send(items, target)).then(tally);
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p)).catch(() => undefined);
        if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      }
      if (stream) inFlight.add(stream.end().then(tally));
      await Promise.all(inFlight);
    }
  } finally {
    progress.stop();
  }
  await finish();
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  summary.events_per_second = Math.round((summary.accepted + summary.rejected) / Math.max(summary.seconds, 0.001));
  printSummary(summary, flags);
  if (flags.strict && summary.rejected > 0) process.exitCode = 3;
}

/** A file's modification time: when its lines were written, as far as a year-less format needs to know. */
function writtenAt(path: string): { referenceTime?: number } {
  if (path === "-") return {};
  try {
    return { referenceTime: statSync(path).mtimeMs };
  } catch {
    return {};
  }
}

function printSummary(s: Summary, flags: IngestFlags): void {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  const lines = [
    `ingested ${s.accepted.toLocaleString("en-US")} events from ${s.files} file${s.files === 1 ? "" : "s"} in ${s.seconds}s (${s.events_per_second.toLocaleString("en-US")} lines/s)`,
  ];
  if (s.rejected > 0) {
    lines.push(`rejected ${s.rejected.toLocaleString("en-US")} lines (all kept in the dead_letters table), e.g.:`);
    for (const e of s.errors.slice(0, 5)) lines.push(`  ${e.file}:${e.line}: ${e.code}: ${e.message}`);
  }
  process.stderr.write(`${lines.join("\n")}\n`);
}

async function runFollow(args: string[], flags: IngestFlags, sink: LineSink): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let accepted = 0;
  let rejected = 0;
  await follow({
    patterns: args,
    sink,
    target: (path) => ({ format: flags.format, sourceId: flags.source ?? sourceFor(path) }),
    signal: controller.signal,
    onBatch: (path, reply) => {
      accepted += reply.accepted;
      rejected += reply.rejected;
      if (flags.json) process.stdout.write(`${JSON.stringify({ file: path, ...reply })}\n`);
    },
  });
  if (!flags.json) process.stderr.write(`stopped following: ${accepted} events ingested, ${rejected} lines rejected\n`);
}
