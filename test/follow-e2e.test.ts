// End to end: the real `inferwatch ingest --follow` survives kill -9, rotation while down and a server crash losslessly.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { CLI, ROOT, runCli, type ServerProcess, sqlRows, startServer, tempDir, waitFor } from "./helpers/process.js";

const TIMEOUT = 240_000;

interface FollowerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Events the follower reported as committed (from its --json lines), per file path. */
  accepted(file?: string): number;
  stderr(): string;
  stop(): Promise<number | null>;
  kill9(): Promise<number | null>;
}

/** Every child a test starts, so the finally block can kill whatever is still running. */
const children = new Set<ChildProcess>();

function startFollower(args: readonly string[]): FollowerProcess {
  const child = spawn(process.execPath, [CLI, "ingest", "--follow", "--json", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const perFile = new Map<string, number>();
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    let reply: { file: string; accepted: number };
    try {
      reply = JSON.parse(line) as { file: string; accepted: number };
    } catch {
      return; // not a batch report; the counts only matter for waiting
    }
    perFile.set(reply.file, (perFile.get(reply.file) ?? 0) + reply.accepted);
  });
  return {
    child,
    exited,
    accepted: (file) =>
      file === undefined ? [...perFile.values()].reduce((a, b) => a + b, 0) : (perFile.get(file) ?? 0),
    stderr: () => stderr,
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

async function cleanup(servers: readonly ServerProcess[], dir: string): Promise<void> {
  for (const s of servers) children.add(s.child);
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await gone;
    }
  }
  children.clear();
  rmSync(dir, { recursive: true, force: true });
}

/** Writes uniquely numbered events; `written` is the number of complete lines so far. */
class LogWriter {
  written = 0;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(public path: string) {}

  line(n: number): string {
    return `{"timestamp": 1763800000000, "request_id": "r-${n}", "model_name": "m"}\n`;
  }

  append(count: number): void {
    let text = "";
    for (let i = 0; i < count; i++) text += this.line(++this.written);
    appendFileSync(this.path, text);
  }

  /** Keeps appending small bursts in the background, like a live service, until `stop`. */
  startStreaming(): void {
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        this.append(7);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** An event with no newline: the last line of a file about to be rotated, which only a final flush can read. */
  appendUnterminated(): void {
    appendFileSync(this.path, this.line(++this.written).trimEnd());
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits like `waitFor`, and on timeout says what the follower reported, which is what one needs to see. */
async function waitOn<T>(
  follower: FollowerProcess,
  check: () => Promise<T> | T,
  what: string,
  timeoutMs?: number,
): Promise<T> {
  try {
    return await waitFor(check, what, timeoutMs);
  } catch (e) {
    const code = follower.child.exitCode ?? follower.child.signalCode;
    throw new Error(`${(e as Error).message}; follower exit: ${code}; its stderr: ${follower.stderr().slice(-2000)}`);
  }
}

async function countDirect(data: string): Promise<{ n: number; d: number; dead: number }> {
  const sql =
    "select (select count(*) from events) as n, (select count(distinct request_id) from events) as d, (select count(*) from dead_letters) as dead";
  const r = await runCli(["query", "--data", data, "--sql", sql, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const row = JSON.parse(r.stdout.trim().split("\n")[0] as string) as { n: number; d: number; dead: number };
  return { n: Number(row.n), d: Number(row.d), dead: Number(row.dead) };
}

async function countServer(url: string): Promise<{ n: number; d: number }> {
  const rows = await sqlRows(url, "select count(*), count(distinct request_id) from events");
  const [n, d] = rows[0] ?? [];
  return { n: Number(n), d: Number(d) };
}

test("direct mode: kill -9, rotation while down and restarts store every line exactly once", {
  timeout: TIMEOUT,
}, async () => {
  const dir = tempDir("iw-follow-direct-");
  const data = join(dir, "data");
  const log = join(dir, "app.log");
  const writer = new LogWriter(log);
  try {
    writer.append(50);
    const first = startFollower(["--data", data, log]);
    writer.startStreaming();
    await waitOn(first, () => first.accepted() >= 200, "the first follower to commit some lines");
    // Crash while lines keep coming.
    await first.kill9();
    await writer.stop();
    writer.append(40);
    // Rotated while nobody follows: the old generation's tail must still be read, and only once.
    renameSync(log, `${log}.1`);
    writer.append(25);

    const second = startFollower(["--data", data, log]);
    // The new app.log is read only after app.log.1 is drained, so its 25 lines mean everything is in.
    await waitOn(second, () => second.accepted(log) >= 25, "the second follower to reach the new file");
    assert.equal(await second.stop(), 0, second.stderr());
    assert.match(second.stderr(), /resuming rotated .*app\.log\.1/);

    // Rotation while running, with lines appended to the old file just before the rename.
    const third = startFollower(["--data", data, log]);
    writer.append(60);
    await waitOn(third, () => third.accepted() >= 60, "the third follower to read appended lines");
    writer.append(15);
    writer.appendUnterminated();
    renameSync(log, `${log}.2`);
    writeFileSync(log, "");
    writer.append(35);
    await waitOn(third, () => third.accepted() >= 60 + 16 + 35, "the third follower to read both generations");
    assert.equal(await third.stop(), 0, third.stderr());

    const counts = await countDirect(data);
    assert.deepEqual(counts, { n: writer.written, d: writer.written, dead: 0 });
  } finally {
    await writer.stop();
    await cleanup([], dir);
  }
});

test("server mode: follower and server crashes lose and repeat nothing", { timeout: TIMEOUT }, async () => {
  const dir = tempDir("iw-follow-server-");
  const data = join(dir, "data");
  const log = join(dir, "app.log");
  const writer = new LogWriter(log);
  const servers: ServerProcess[] = [];
  try {
    const server1 = await startServer(data);
    servers.push(server1);
    writer.append(50);
    const first = startFollower(["--server", server1.url, log]);
    writer.startStreaming();
    await waitOn(first, async () => (await countServer(server1.url)).n >= 200, "some lines on the server");
    // The follower dies mid-stream; while it is down the file gets more lines, an unterminated last one, and rotates.
    await first.kill9();
    await writer.stop();
    writer.append(40);
    writer.appendUnterminated();
    renameSync(log, `${log}.1`);
    writer.append(25);

    const second = startFollower(["--server", server1.url, log]);
    await waitOn(
      second,
      async () => (await countServer(server1.url)).n >= writer.written,
      "all lines after the restart",
    );
    assert.deepEqual(await countServer(server1.url), { n: writer.written, d: writer.written });

    // Now the server dies mid-stream. It comes back on the same data directory but a new port.
    writer.startStreaming();
    const before = (await countServer(server1.url)).n;
    await waitOn(second, async () => (await countServer(server1.url)).n > before + 100, "the follower to keep sending");
    await server1.kill9();
    await sleep(200);
    const server2 = await startServer(data);
    servers.push(server2);
    // The old follower is stuck retrying the dead address; a follower is restarted with the new one.
    await second.kill9();
    const third = startFollower(["--server", server2.url, log]);
    await sleep(500);
    await writer.stop();
    writer.append(20);
    await waitOn(
      third,
      async () => (await countServer(server2.url)).n >= writer.written,
      "all lines on the restarted server",
      120_000,
    );
    assert.equal(await third.stop(), 0, third.stderr());
    assert.deepEqual(await countServer(server2.url), { n: writer.written, d: writer.written });
    const dead = await sqlRows(server2.url, "select count(*) from dead_letters");
    assert.equal(Number(dead[0]?.[0]), 0);
  } finally {
    await writer.stop();
    await cleanup(servers, dir);
  }
});
