// Runs the real `inferwatch` CLI and server as child processes for benchmarks, with node flags and a start-up timeout.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from dist/bench/). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = join(ROOT, "bin", "inferwatch.js");

export interface ChildOptions {
  /** Flags for node itself, before the script: Node 20 refuses --cpu-prof in NODE_OPTIONS. */
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, then wait: for cleanup after a failure. */
  kill(): Promise<number | null>;
}

const LISTENING = /InferWatch listening on (http:\/\/[^"\s]+)/;

/** Starts `inferwatch serve` on a free port; resolves once it logs that it listens. */
export async function startServer(
  dataDir: string,
  options: ChildOptions = {},
  extraArgs: readonly string[] = [],
  timeoutMs = 60_000,
): Promise<RunningServer> {
  const args = [...(options.nodeArgs ?? []), CLI, "serve", "--data", dataDir, "--port", "0", ...extraArgs];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code, signal) => r(code ?? (signal ? -1 : null))));
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (d: string) => {
    stderr += d;
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      lines.on("line", (line) => {
        const m = LISTENING.exec(line);
        if (m) resolveUrl(m[1] as string);
      });
      void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr.trim()}`)));
      timer = setTimeout(
        () => reject(new Error(`server did not log that it listens within ${timeoutMs} ms: ${stderr.trim()}`)),
        timeoutMs,
      );
    });
    return {
      url,
      child,
      stop: () => {
        child.kill("SIGTERM");
        return exited;
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        return exited;
      },
    };
  } catch (e) {
    child.kill("SIGKILL");
    await exited;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `inferwatch ARGS...` to completion; rejects with its stderr when it exits non-zero. */
export function runCli(
  args: readonly string[],
  options: ChildOptions = {},
  onSpawn?: (child: ChildProcess) => void,
): Promise<string> {
  return new Promise((resolveOut, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      cwd: ROOT,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    onSpawn?.(child);
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      out += d;
    });
    child.stderr.on("data", (d: string) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolveOut(out);
      else reject(new Error(`inferwatch ${args[0] ?? ""} exited with ${code}: ${err.trim()}`));
    });
  });
}

/** POSTs a SQL query to a running server and returns its rows. */
export async function queryRows(url: string, sql: string): Promise<unknown[][]> {
  const res = await fetch(`${url}/api/v1/query`, { method: "POST", body: JSON.stringify({ sql }) });
  const body = (await res.json()) as { rows?: unknown[][]; error?: { message: string } };
  if (!res.ok || !body.rows) throw new Error(`query failed: ${body.error?.message ?? res.status}`);
  return body.rows;
}

export interface CpuSeconds {
  /** All threads of the process: JS, DuckDB workers, libuv pool, GC helpers. */
  readonly total: number;
  /** The JS main thread alone. */
  readonly main: number;
}

/** Linux's USER_HZ, the unit of utime/stime in /proc; fixed at 100 on every mainstream architecture. */
const CLOCK_TICKS = 100;

function readTicks(file: string): number | null {
  try {
    // The command name (field 2) may contain spaces, so count fields from after its closing parenthesis.
    const stat = readFileSync(file, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Polls a child's CPU time from /proc while it runs (Linux only; null elsewhere) and returns what it used since the
 * sampler started. The last reading before exit is kept, so up to one interval at the very end is missed.
 */
export function sampleCpu(pid: number | undefined, intervalMs = 100): { stop(): CpuSeconds | null } {
  const read = (): CpuSeconds | null => {
    if (pid === undefined) return null;
    const total = readTicks(`/proc/${pid}/stat`);
    const main = readTicks(`/proc/${pid}/task/${pid}/stat`);
    return total === null || main === null ? null : { total, main };
  };
  const first = read();
  let last = first;
  const timer = setInterval(() => {
    last = read() ?? last;
  }, intervalMs);
  // A sampler left running after a failure must not keep the benchmark process alive.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      last = read() ?? last;
      if (!first || !last) return null;
      return { total: last.total - first.total, main: last.main - first.main };
    },
  };
}
