// Ingest benchmark: one NDJSON file via HTTP, via `inferwatch ingest`, and via DuckDB read_ndjson as the reference.
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  type ChildOptions,
  type CpuSeconds,
  queryRows,
  ROOT,
  type RunningServer,
  runCli,
  sampleCpu,
  startServer,
} from "./child.js";
import { GENERATOR_VERSION, generateEvents, intFlag, isEntry } from "./generate.js";
import { formatProfileSummary, summarizeProfile } from "./profile.js";

const OUT_DIR = join(ROOT, "bench", ".out");
const MIB = 2 ** 20;
const DAY_MS = 86_400_000;
const PATHS = ["http", "file", "ref"] as const;
type PathName = (typeof PATHS)[number];

export interface IngestBenchOptions {
  readonly events: number;
  readonly seed: number;
  /** Bytes per HTTP request (cut at a line end). */
  readonly batchBytes: number;
  /** HTTP requests in flight at once. */
  readonly concurrency: number;
  readonly only: readonly PathName[];
  /** Write CPU profiles of the server and CLI children and print where their time went. */
  readonly profile: boolean;
  /** Keep the temporary data directories for inspection. */
  readonly keep: boolean;
  /** InferWatch YAML config given to the server and the CLI, to compare settings (keep_raw, batch sizes...). */
  readonly config: string | null;
}

export interface PathResult {
  readonly path: PathName;
  readonly label: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly mibPerSecond: number;
  /** Throughput relative to read_ndjson; null when the reference was not run. */
  readonly ratio: number | null;
  /** Path-specific figures (retries, shutdown time, store size...). */
  readonly details: Record<string, number | string>;
}

export interface IngestBenchReport {
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly platform: string;
    readonly duckdb: string;
    /** 1-minute load average before and after: other work on the machine skews every figure. */
    readonly loadBefore: number;
    readonly loadAfter: number;
  };
  readonly input: { readonly file: string; readonly events: number; readonly bytes: number; readonly seed: number };
  readonly results: readonly PathResult[];
}

interface InputFile {
  readonly path: string;
  readonly events: number;
  readonly bytes: number;
  readonly seed: number;
}

interface InputMeta {
  readonly generator: number;
  readonly events: number;
  readonly seed: number;
  readonly endMs: number;
  readonly bytes: number;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * Reuses the cached file when its metadata says this generator made it with the same size and seed, less than a day
 * ago: events then stay within the last two days, and a new file costs a few seconds at most once a day. The anchor
 * is recorded, so `generate --end` reproduces the exact bytes.
 */
export async function ensureInput(events: number, seed: number): Promise<InputFile> {
  const path = join(OUT_DIR, `events-${events}-seed${seed}.ndjson`);
  const metaPath = `${path}.meta.json`;
  const wanted = { generator: GENERATOR_VERSION, events, seed, endMs: Math.floor(Date.now() / 60_000) * 60_000 };
  if (existsSync(path) && existsSync(metaPath)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, "utf8")) as InputMeta;
      const same =
        meta.generator === wanted.generator &&
        meta.events === events &&
        meta.seed === seed &&
        wanted.endMs - meta.endMs < DAY_MS &&
        meta.bytes === statSync(path).size;
      if (same) {
        log(`input: reusing ${relative(ROOT, path)}`);
        return { path, events, bytes: meta.bytes, seed };
      }
    } catch {
      // unreadable metadata: regenerate below
    }
  }
  log(`input: generating ${events.toLocaleString("en-US")} events (seed ${seed})...`);
  // Written under a temporary name so an interrupted run never leaves a truncated file that looks complete.
  const partial = `${path}.partial`;
  const r = await generateEvents({ path: partial, events, seed, endMs: wanted.endMs });
  renameSync(partial, path);
  writeFileSync(metaPath, `${JSON.stringify({ ...wanted, bytes: r.bytes } satisfies InputMeta)}\n`);
  log(`input: wrote ${(r.bytes / MIB).toFixed(1)} MiB in ${r.seconds.toFixed(1)}s`);
  return { path, events, bytes: r.bytes, seed };
}

/** Yields request bodies of about `maxBytes`, each ending at a line end, reading the file as a stream. */
async function* ndjsonBodies(path: string, maxBytes: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: MIB }) as AsyncIterable<Buffer>) {
    parts.push(chunk);
    size += chunk.length;
    if (size < maxBytes) continue;
    const buf = Buffer.concat(parts, size);
    const cut = buf.lastIndexOf(0x0a) + 1;
    if (cut === 0) {
      parts = [buf];
      continue;
    }
    yield buf.subarray(0, cut);
    // Copied so the next body does not pin this one's memory.
    const rest = Buffer.from(buf.subarray(cut));
    parts = rest.length > 0 ? [rest] : [];
    size = rest.length;
  }
  if (size > 0) yield Buffer.concat(parts, size);
}

interface PostOutcome {
  readonly accepted: number;
  readonly rejected: number;
  readonly retries: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** POSTs one body, retrying on 429/503 after the server's Retry-After. */
async function postBatch(url: string, body: Buffer): Promise<PostOutcome> {
  let retries = 0;
  for (;;) {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body });
    if (res.status === 429 || res.status === 503) {
      await res.arrayBuffer();
      if (++retries > 600) throw new Error(`server still busy after ${retries} retries`);
      const after = Number(res.headers.get("retry-after") ?? "1");
      await sleep(Math.max(50, (Number.isFinite(after) ? after : 1) * 1000));
      continue;
    }
    const text = await res.text();
    if (res.status !== 200) throw new Error(`ingest answered HTTP ${res.status}: ${text.slice(0, 300)}`);
    const reply = JSON.parse(text) as { accepted?: unknown; rejected?: unknown };
    if (typeof reply.accepted !== "number" || typeof reply.rejected !== "number") {
      throw new Error(`unexpected ingest reply: ${text.slice(0, 300)}`);
    }
    return { accepted: reply.accepted, rejected: reply.rejected, retries };
  }
}

/** Sizes of every file under `dir`, for the store size on disk. */
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** How children run: nothing inherited that would change their config, and a CPU profile when asked. */
function childOptions(profileDir: string | null): ChildOptions {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("INFERWATCH_")) env[k] = v;
  // Info level: the readiness line the server start waits for is logged at info.
  env.INFERWATCH_LOG_LEVEL = "info";
  return { env, nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] };
}

function configArgs(options: IngestBenchOptions): string[] {
  return options.config === null ? [] : ["--config", options.config];
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

interface Measured {
  readonly events: number;
  readonly seconds: number;
  readonly details: Record<string, number | string>;
}

async function benchHttp(input: InputFile, options: IngestBenchOptions, profileDir: string | null): Promise<Measured> {
  const dataDir = tempDir("iw-bench-http-");
  let server: RunningServer | undefined;
  try {
    server = await startServer(dataDir, childOptions(profileDir), configArgs(options));
    const url = `${server.url}/api/v1/ingest?source=bench`;
    let accepted = 0;
    let rejected = 0;
    let retries = 0;
    let requests = 0;
    let started = 0;
    const serverCpu = sampleCpu(server.child.pid);
    const clientCpu = process.cpuUsage();
    const inFlight = new Set<Promise<void>>();
    for await (const body of ndjsonBodies(input.path, options.batchBytes)) {
      if (requests++ === 0) started = performance.now();
      const p = postBatch(url, body).then((r) => {
        accepted += r.accepted;
        rejected += r.rejected;
        retries += r.retries;
      });
      inFlight.add(p);
      // Handled here so a failure is reported once, by the race or the final wait, never as unhandled.
      p.then(
        () => inFlight.delete(p),
        () => undefined,
      );
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    const cpu = serverCpu.stop();
    const client = process.cpuUsage(clientCpu);
    const stored = Number((await queryRows(server.url, "SELECT count(*) FROM events"))[0]?.[0]);
    if (accepted !== input.events || rejected !== 0 || stored !== input.events) {
      throw new Error(
        `HTTP: expected ${input.events} accepted, got ${accepted} (rejected ${rejected}, stored ${stored})`,
      );
    }
    const stopStarted = performance.now();
    const code = await server.stop();
    server = undefined;
    if (code !== 0) throw new Error(`server exited with ${code} after SIGTERM`);
    return {
      events: accepted,
      seconds,
      details: {
        requests,
        retries_429: retries,
        ...cpuDetails("server_", cpu, seconds),
        bench_client_cpu_s: round((client.user + client.system) / 1e6, 1),
        shutdown_seconds: round((performance.now() - stopStarted) / 1000, 2),
        store_mib: round(dirBytes(dataDir) / MIB, 1),
      },
    };
  } finally {
    if (server) await server.kill();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`http: data kept in ${dataDir}`);
  }
}

interface CliSummary {
  accepted: number;
  rejected: number;
  seconds: number;
}

async function benchFile(input: InputFile, options: IngestBenchOptions, profileDir: string | null): Promise<Measured> {
  const dataDir = tempDir("iw-bench-file-");
  let sampler: { stop(): CpuSeconds | null } | undefined;
  try {
    const started = performance.now();
    const out = await runCli(
      ["ingest", "--data", dataDir, "--json", "--source", "bench", ...configArgs(options), input.path],
      childOptions(profileDir),
      (child) => {
        sampler = sampleCpu(child.pid);
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = sampler?.stop() ?? null;
    const summary = JSON.parse(out.trim().split("\n").pop() ?? "{}") as Partial<CliSummary>;
    if (summary.accepted !== input.events || summary.rejected !== 0) {
      throw new Error(
        `file: expected ${input.events} accepted, got ${summary.accepted} (rejected ${summary.rejected})`,
      );
    }
    return {
      events: summary.accepted,
      seconds,
      details: {
        self_reported_seconds: summary.seconds ?? Number.NaN,
        ...cpuDetails("", cpu, seconds),
        store_mib: round(dirBytes(dataDir) / MIB, 1),
      },
    };
  } finally {
    sampler?.stop();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`file: data kept in ${dataDir}`);
  }
}

async function benchReference(input: InputFile, options: IngestBenchOptions): Promise<Measured> {
  const dataDir = tempDir("iw-bench-ref-");
  try {
    const instance = await DuckDBInstance.create(join(dataDir, "reference.duckdb"));
    const conn = await instance.connect();
    try {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await conn.run("CREATE TABLE t AS SELECT * FROM read_ndjson($1)", [input.path]);
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const rows = Number((await conn.runAndReadAll("SELECT count(*) FROM t")).getRows()[0]?.[0]);
      if (rows !== input.events) throw new Error(`read_ndjson: expected ${input.events} rows, got ${rows}`);
      const columns = (
        await conn.runAndReadAll("SELECT count(*) FROM duckdb_columns() WHERE table_name = 't'")
      ).getRows()[0]?.[0];
      return {
        events: rows,
        seconds,
        details: {
          columns: Number(columns),
          // In-process, so this is the bench process's CPU: DuckDB's threads with a quiet JS thread.
          cpu_s: round(cpuSeconds, 1),
          cores_busy: round(cpuSeconds / seconds, 2),
        },
      };
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  } finally {
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`ref: data kept in ${dataDir}`);
  }
}

/** CPU seconds of a child, split into its JS main thread and the rest (DuckDB workers mostly), and cores used. */
function cpuDetails(prefix: string, cpu: CpuSeconds | null, seconds: number): Record<string, number> {
  if (!cpu) return {};
  return {
    [`${prefix}cpu_s`]: round(cpu.total, 1),
    [`${prefix}main_thread_cpu_s`]: round(cpu.main, 1),
    [`${prefix}other_threads_cpu_s`]: round(cpu.total - cpu.main, 1),
    [`${prefix}cores_busy`]: round(cpu.total / seconds, 2),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    return String((await conn.runAndReadAll("SELECT version()")).getRows()[0]?.[0]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const LABELS: Record<PathName, string> = {
  http: "HTTP  POST /api/v1/ingest",
  file: "file  inferwatch ingest",
  ref: "ref   DuckDB read_ndjson",
};

export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchReport> {
  const input = await ensureInput(options.events, options.seed);
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? "unknown",
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    duckdb: await duckdbVersion(),
    loadBefore: round(loadavg()[0] ?? 0, 2),
    loadAfter: 0,
  };
  let profileRoot: string | null = null;
  if (options.profile) {
    profileRoot = join(OUT_DIR, "profiles", new Date().toISOString().replace(/[:.]/g, "-"));
    mkdirSync(profileRoot, { recursive: true });
  }
  const profileDir = (name: string): string | null => {
    if (!profileRoot) return null;
    const dir = join(profileRoot, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const measured = new Map<PathName, Measured>();
  for (const path of PATHS) {
    if (!options.only.includes(path)) continue;
    log(`${path}: running...`);
    const m =
      path === "http"
        ? await benchHttp(input, options, profileDir("http"))
        : path === "file"
          ? await benchFile(input, options, profileDir("file"))
          : await benchReference(input, options);
    log(`${path}: ${m.seconds.toFixed(2)}s`);
    measured.set(path, m);
  }
  const ref = measured.get("ref");
  const refRate = ref ? ref.events / ref.seconds : null;
  const results: PathResult[] = [];
  for (const [path, m] of measured) {
    const rate = m.events / m.seconds;
    results.push({
      path,
      label: LABELS[path],
      events: m.events,
      seconds: round(m.seconds, 2),
      eventsPerSecond: Math.round(rate),
      mibPerSecond: round(input.bytes / MIB / m.seconds, 1),
      ratio: refRate ? round(rate / refRate, 2) : null,
      details: m.details,
    });
  }
  if (profileRoot) {
    for (const name of ["http", "file"]) {
      const dir = join(profileRoot, name);
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
        log(`\nprofile of the ${name} child (${relative(ROOT, join(dir, file))}):`);
        log(formatProfileSummary(summarizeProfile(join(dir, file))));
      }
    }
  }
  return {
    machine: { ...machine, loadAfter: round(loadavg()[0] ?? 0, 2) },
    input: { file: relative(ROOT, input.path), events: input.events, bytes: input.bytes, seed: input.seed },
    results,
  };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

export function formatReport(r: IngestBenchReport): string {
  const n = (v: number): string => v.toLocaleString("en-US");
  const lines = [
    "InferWatch ingest benchmark",
    `machine: ${r.machine.cpus} x ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB RAM, ${r.machine.platform}, Node ${r.machine.node}, DuckDB ${r.machine.duckdb}`,
    `load:    1-minute load average ${r.machine.loadBefore} before, ${r.machine.loadAfter} after (${r.machine.cpus} CPUs)`,
    `input:   ${r.input.file}: ${n(r.input.events)} events, ${(r.input.bytes / MIB).toFixed(1)} MiB (${Math.round(r.input.bytes / r.input.events)} bytes/line), seed ${r.input.seed}`,
    "",
    `${pad("path", 28)}${pad("events", 12, true)}${pad("seconds", 10, true)}${pad("events/s", 12, true)}${pad("MiB/s", 9, true)}${pad("vs read_ndjson", 17, true)}`,
  ];
  for (const x of r.results) {
    lines.push(
      `${pad(x.label, 28)}${pad(n(x.events), 12, true)}${pad(x.seconds.toFixed(2), 10, true)}${pad(n(x.eventsPerSecond), 12, true)}${pad(x.mibPerSecond.toFixed(1), 9, true)}${pad(x.ratio === null ? "n/a" : `${x.ratio.toFixed(2)}x`, 17, true)}`,
    );
  }
  const ratios = r.results.filter((x) => x.path !== "ref" && x.ratio !== null);
  if (ratios.length > 0) {
    lines.push(
      "",
      ratios.map((x) => `${x.path === "http" ? "HTTP" : "file"} = ${x.ratio?.toFixed(2)}x read_ndjson`).join("; "),
    );
  }
  lines.push("");
  for (const x of r.results) {
    const d = Object.entries(x.details)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    lines.push(`${x.path}: ${d}`);
  }
  lines.push(
    "",
    "HTTP: first byte sent to last 200 (server already listening; client shares the CPUs); " +
      "file: whole `inferwatch ingest` process incl. start-up and final checkpoint; ref: in-process CREATE TABLE AS.",
  );
  return lines.join("\n");
}

export function parseIngestArgs(argv: readonly string[]): IngestBenchOptions & { json: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      events: { type: "string" },
      seed: { type: "string" },
      "batch-mib": { type: "string" },
      concurrency: { type: "string" },
      only: { type: "string" },
      profile: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      config: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const only = (values.only ?? PATHS.join(",")).split(",").map((s) => s.trim());
  for (const p of only) {
    if (!(PATHS as readonly string[]).includes(p)) throw new Error(`--only takes ${PATHS.join(",")}; got ${p}`);
  }
  return {
    events: intFlag("events", values.events, 1_000_000),
    seed: intFlag("seed", values.seed, 42),
    batchBytes: intFlag("batch-mib", values["batch-mib"], 4) * MIB,
    concurrency: intFlag("concurrency", values.concurrency, 3),
    only: only as PathName[],
    profile: values.profile,
    keep: values.keep,
    config: values.config === undefined ? null : resolve(values.config),
    json: values.json,
  };
}

/** Runs the benchmark from command-line arguments and prints the table (or JSON with --json). */
export async function ingestMain(argv: readonly string[]): Promise<IngestBenchReport> {
  const options = parseIngestArgs(argv);
  const report = await runIngestBench(options);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report;
}

if (isEntry(import.meta.url)) {
  ingestMain(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench:ingest: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
