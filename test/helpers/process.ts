// Test helpers: run the real `inferwatch` CLI and server as child processes, temp dirs, and polling waits.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (tests run from dist/test/...). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CLI = join(ROOT, "bin/inferwatch.js");

export function tempDir(prefix = "iw-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `inferwatch ARGS...` to completion. */
export function runCli(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM and wait (graceful). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait (crash). */
  kill9(): Promise<number | null>;
}

/** Starts `inferwatch serve` on a free port and resolves once it listens. */
export async function startServer(
  dataDir: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, "serve", "--data", dataDir, "--port", "0", ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, INFERWATCH_LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const m = /InferWatch listening on (http:\/\/[^"\s]+)/.exec(line);
      if (m) resolveUrl(m[1] as string);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
    // A safety net against a server that never comes up, not a timing assertion.
    setTimeout(() => reject(new Error(`server did not listen within 60 s: ${stderr}`)), 60_000).unref();
  });
  child.stdout?.resume();
  return {
    url,
    child,
    exited,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill9: () => {
      child.kill("SIGKILL");
      return exited;
    },
  };
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs` (a safety net, not a timing assertion). */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** POSTs a raw SQL query to a server and returns its rows. */
export async function sqlRows(url: string, sql: string): Promise<unknown[][]> {
  const res = await fetch(`${url}/api/v1/query`, { method: "POST", body: JSON.stringify({ sql }) });
  const body = (await res.json()) as { rows?: unknown[][]; error?: { message: string } };
  if (!res.ok || !body.rows) throw new Error(`query failed: ${body.error?.message ?? res.status}`);
  return body.rows;
}

/** A TCP port free on 127.0.0.1 right now (for daemons that must be told their port before they start). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
