// Summarizes a V8 .cpuprofile (from node --cpu-prof): self and inclusive time per function, to see where ingest goes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isEntry } from "./generate.js";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionTime {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly idleMs: number;
  /** Main-thread time by ingest stage (idle included), largest first. */
  readonly stages: readonly FunctionTime[];
  /** Time with the function at the top of the stack. */
  readonly self: readonly FunctionTime[];
  /** Time with the function anywhere on the stack (counted once per sample even when recursive). */
  readonly inclusive: readonly FunctionTime[];
}

/** Shortens a script URL to something readable: repo-relative for our code, package-relative for dependencies. */
function shortUrl(url: string): string {
  if (url === "") return "";
  let path = url;
  if (url.startsWith("file://")) {
    try {
      path = fileURLToPath(url);
    } catch {
      // keep the URL as it is
    }
  }
  const nm = path.lastIndexOf("/node_modules/");
  if (nm !== -1) return path.slice(nm + "/node_modules/".length);
  const dist = path.lastIndexOf("/dist/");
  if (dist !== -1) return path.slice(dist + "/dist/".length);
  return path;
}

function frameKey(f: CallFrame): string {
  const where = shortUrl(f.url);
  const name = f.functionName || "(anonymous)";
  return where ? `${name} ${where}:${f.lineNumber + 1}` : name;
}

/**
 * Ingest stages, tried in order against each stack frame from the innermost outward; the first frame that matches
 * names the stage. Matching is by function name and script path, so a renamed function lands in "other".
 */
const STAGES: readonly (readonly [string, (f: CallFrame, where: string) => boolean])[] = [
  ["GC", (f) => f.functionName === "(garbage collector)"],
  ["idle (waiting: DuckDB threads, I/O)", (f) => f.functionName === "(idle)"],
  ["event ids (uuid v7)", (f, w) => f.functionName === "newEventId" || w.startsWith("uuid/")],
  ["JSON.parse of input lines", (f) => f.functionName === "parseJsonObject"],
  ["appender closeSync (native flush)", (f, w) => f.functionName === "closeSync" && w.includes("DuckDBAppender")],
  [
    "appender chunk building (node-api vectors)",
    (_f, w) =>
      w.includes("@duckdb/node-api/lib/vectors/") || w.includes("DuckDBDataChunk") || w.includes("duckdb/chunks"),
  ],
  ["appendDataChunk (native)", (f) => f.functionName === "appendDataChunk"],
  ["DuckDB SQL calls (main-thread part)", (_f, w) => w.startsWith("@duckdb/")],
  ["normalize", (f, w) => w.includes("pipeline/normalize") || w.includes("core/time") || f.functionName === "prepare"],
  [
    "line splitting and reading",
    (_f, w) =>
      w.includes("pipeline/body") || w.includes("receivers/file") || w.includes("read-files") || w.includes("api/body"),
  ],
  [
    "HTTP server (fastify, node:http)",
    (_f, w) => w.startsWith("fastify/") || w.includes("node:_http") || w.startsWith("@fastify/"),
  ],
  ["module loading and start-up", (_f, w) => w.startsWith("node:internal/modules")],
];

function stageOf(stack: readonly CallFrame[]): string {
  for (const f of stack) {
    const where = shortUrl(f.url);
    for (const [name, test] of STAGES) if (test(f, where)) return name;
  }
  return "other";
}

function toList(times: Map<string, number>, totalMs: number, top: number): FunctionTime[] {
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: Math.round((us / 1000 / totalMs) * 1000) / 10 }));
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const stages = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const stack: CallFrame[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (n) stack.push(n.callFrame);
    }
    const stage = stageOf(stack);
    stages.set(stage, (stages.get(stage) ?? 0) + us);
    const leaf = frameKey(node.callFrame);
    if (leaf === "(idle)") {
      idleUs += us;
      continue;
    }
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const seen = new Set<string>();
    for (const frame of stack) {
      const key = frameKey(frame);
      if (key === "(root)" || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const totalMs = totalUs / 1000;
  return {
    totalMs: Math.round(totalMs),
    idleMs: Math.round(idleUs / 1000),
    stages: toList(stages, totalMs, STAGES.length + 1),
    self: toList(self, totalMs, top),
    inclusive: toList(inclusive, totalMs, top),
  };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const row = (f: FunctionTime): string =>
    `  ${String(f.ms).padStart(7)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.name}`;
  return [
    `sampled ${s.totalMs} ms on the main thread, of which idle ${s.idleMs} ms`,
    "by stage:",
    ...s.stages.map(row),
    "self time:",
    ...s.self.map(row),
    "inclusive time:",
    ...s.inclusive.map(row),
  ].join("\n");
}

if (isEntry(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write("usage: node dist/bench/profile.js FILE.cpuprofile...\n");
    process.exitCode = 2;
  }
  for (const file of files) process.stdout.write(`${file}\n${formatProfileSummary(summarizeProfile(file, 40))}\n`);
}
