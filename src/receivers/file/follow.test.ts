// Unit tests of the file follower against an in-memory sink: growth, rotation, truncation, restarts and aborts.
import assert from "node:assert/strict";
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { FileCheckpoint } from "../../core/batch.js";
import type { IngestItem } from "../../pipeline/body.js";
import type { IngestTarget } from "../../pipeline/ingest.js";
import { rotatedSiblings } from "./discover.js";
import { fileIdOf, fingerprintOf, readHead } from "./fingerprint.js";
import { type FollowOptions, type FollowReply, type FollowSink, follow } from "./follow.js";

interface Sent {
  readonly texts: string[];
  readonly lines: number[];
  readonly source: string;
  readonly checkpoint: FileCheckpoint;
}

/** Commits like the real sinks: lines and checkpoint together, and `checkpoints()` returns what was committed. */
class MemorySink implements FollowSink {
  readonly batches: Sent[] = [];
  readonly committed = new Map<string, FileCheckpoint>();
  /** Sends to refuse before committing, as an unreachable server would. */
  failBefore = 0;
  /** Sends to commit and then fail, as a server whose reply was lost would. */
  failAfter = 0;
  /** When set, each send waits for it: lets a test act while a batch is in flight. */
  gate: Promise<void> | null = null;
  onSend: (() => void) | null = null;

  async send(items: readonly IngestItem[], target: IngestTarget, checkpoint: FileCheckpoint): Promise<FollowReply> {
    this.onSend?.();
    if (this.gate) await this.gate;
    if (this.failBefore > 0) {
      this.failBefore--;
      throw new Error("server unreachable");
    }
    this.batches.push({
      texts: items.map((i) => i.text),
      lines: items.map((i) => i.line),
      source: target.sourceId,
      checkpoint,
    });
    this.committed.set(checkpoint.fileId, checkpoint);
    if (this.failAfter > 0) {
      this.failAfter--;
      throw new Error("reply lost");
    }
    return { accepted: items.length, rejected: 0, errors: [] };
  }

  async checkpoints(): Promise<FileCheckpoint[]> {
    return [...this.committed.values()];
  }

  texts(): string[] {
    return this.batches.flatMap((b) => b.texts);
  }
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "iw-follow-"));
  dirs.push(d);
  return d;
}

interface Running {
  readonly done: Promise<void>;
  readonly logs: string[];
  stop(): Promise<void>;
}

function start(patterns: string[], sink: MemorySink, extra: Partial<FollowOptions> = {}): Running {
  const controller = new AbortController();
  const logs: string[] = [];
  const done = follow({
    patterns,
    sink,
    target: (path) => ({ format: "json", sourceId: path }),
    signal: controller.signal,
    pollMs: 10,
    log: (m) => logs.push(m),
    ...extra,
  });
  return {
    done,
    logs,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

/** Polls until `check` holds; the timeout is a safety net, not a timing assertion. */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function lines(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
}

function nl(texts: readonly string[]): string {
  return texts.map((t) => `${t}\n`).join("");
}

function assertNoDuplicates(sink: MemorySink): void {
  const texts = sink.texts();
  assert.equal(new Set(texts).size, texts.length, "a line was sent twice");
}

test("a growing file is sent line by line; a partial line waits for its newline", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, "one\n\n  \ntw");
  const sink = new MemorySink();
  const run = start([file], sink);
  try {
    await until(() => sink.texts().length === 1, "the first line");
    assert.deepEqual(sink.texts(), ["one"]);
    // Blank lines are covered by the checkpoint; the partial line is not.
    assert.equal(sink.batches[0]?.checkpoint.offset, "one\n\n  \n".length);
    appendFileSync(file, "o\nthree\n");
    await until(() => sink.texts().length === 3, "the completed lines");
    assert.deepEqual(sink.texts(), ["one", "two", "three"]);
    assert.deepEqual(
      sink.batches.flatMap((b) => b.lines),
      [1, 4, 5],
    );
    assert.equal(sink.batches.at(-1)?.checkpoint.offset, statSync(file).size);
    assert.equal(sink.batches.at(-1)?.source, file);
  } finally {
    await run.stop();
  }
});

test("batches respect the line and byte limits and each checkpoint ends just after its last line", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  const written = lines("line", 200).map((l, i) => (i % 17 === 0 ? `${l}-${"x".repeat(40)}` : l));
  writeFileSync(file, nl(written).replace("line-50\n", "line-50\n\n\n"));
  const sink = new MemorySink();
  const run = start([file], sink, { limits: { maxLines: 7, maxBytes: 64, chunkBytes: 13 } });
  try {
    await until(() => sink.texts().length === written.length, "all lines");
    assert.deepEqual(sink.texts(), written);
    const content = statSync(file).size;
    let previous = 0;
    let sentSoFar = 0;
    const bytes = readFileSync(file);
    for (const b of sink.batches) {
      assert.ok(b.texts.length <= 7, "too many lines in one batch");
      assert.ok(b.checkpoint.offset > previous, "checkpoints must move forward");
      sentSoFar += b.texts.length;
      const upTo = bytes.subarray(0, b.checkpoint.offset).toString();
      assert.ok(upTo.endsWith("\n"));
      assert.equal(upTo.split("\n").filter((l) => l !== "").length, sentSoFar);
      previous = b.checkpoint.offset;
    }
    assert.equal(previous, content);
  } finally {
    await run.stop();
  }
});

test("rotation by rename: the old file is read to its end through the open descriptor, then the new one", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(lines("old", 3)));
  const sink = new MemorySink();
  const run = start([file], sink);
  try {
    await until(() => sink.texts().length === 3, "the first lines");
    // Written just before the rename, with no chance for a poll in between.
    appendFileSync(file, "old-4\nold-5-partial");
    renameSync(file, `${file}.1`);
    writeFileSync(file, nl(lines("new", 2)));
    await until(() => sink.texts().length === 7, "everything");
    assert.deepEqual(sink.texts(), ["old-1", "old-2", "old-3", "old-4", "old-5-partial", "new-1", "new-2"]);
    // Both generations keep the watched file's source.
    assert.deepEqual(new Set(sink.batches.map((b) => b.source)), new Set([file]));
    const ids = new Set(sink.batches.map((b) => b.checkpoint.fileId));
    assert.equal(ids.size, 2);
  } finally {
    await run.stop();
  }
  assertNoDuplicates(sink);
});

test("copytruncate: a truncated file is read again from the start", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(lines("before", 4)));
  const sink = new MemorySink();
  const run = start([file], sink);
  try {
    await until(() => sink.texts().length === 4, "the first lines");
    copyFileSync(file, `${file}.1`);
    writeFileSync(file, "");
    await until(() => run.logs.some((l) => l.includes("truncated")), "the truncation to be noticed");
    appendFileSync(file, nl(["after-1"]));
    await until(() => sink.texts().length === 5, "the line after truncation");
    assert.deepEqual(sink.texts().slice(4), ["after-1"]);
    assert.equal(sink.batches.at(-1)?.checkpoint.offset, "after-1\n".length);
    // Truncated and rewritten past the old size between two polls: the changed first bytes give it away.
    writeFileSync(file, nl(["rewritten-first-line-that-is-longer", "rewritten-2"]));
    await until(() => sink.texts().length === 7, "the rewritten lines");
    assert.deepEqual(sink.texts().slice(5), ["rewritten-first-line-that-is-longer", "rewritten-2"]);
    assert.equal(sink.batches.at(-1)?.lines[0], 1);
  } finally {
    await run.stop();
  }
});

test("a restart resumes exactly at the committed checkpoint, numbering lines from there", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  const first = lines("a", 10);
  writeFileSync(file, nl(first));
  const sink = new MemorySink();
  const one = start([file], sink);
  await until(() => sink.texts().length === 10, "the first session");
  await one.stop();
  // While stopped: more lines, one left incomplete.
  appendFileSync(file, `${nl(lines("b", 5))}b-6`);
  const two = start([file], sink);
  try {
    await until(() => sink.texts().length === 15, "the second session");
    appendFileSync(file, "-done\n");
    await until(() => sink.texts().length === 16, "the completed line");
    assert.deepEqual(sink.texts(), [...first, ...lines("b", 5), "b-6-done"]);
    assert.deepEqual(sink.batches.at(-1)?.lines, [6]);
    assert.equal(sink.batches.find((b) => b.texts[0] === "b-1")?.lines[0], 1);
  } finally {
    await two.stop();
  }
  assertNoDuplicates(sink);
});

test("a checkpoint whose fingerprint does not match (inode reused) is ignored and the file read from 0", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(lines("fresh", 3)));
  const sink = new MemorySink();
  const fileId = fileIdOf(statSync(file));
  sink.committed.set(fileId, { fileId, path: file, offset: 6, fingerprint: fingerprintOf(Buffer.from("other!"), 6) });
  const run = start([file], sink);
  try {
    await until(() => sink.texts().length === 3, "the lines");
    assert.deepEqual(sink.texts(), lines("fresh", 3));
  } finally {
    await run.stop();
  }
});

test("rotated while down: the part-read generation is drained from its checkpoint before the new file", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(lines("gen1", 5)));
  writeFileSync(`${file}.2`, nl(lines("ancient", 3)));
  const sink = new MemorySink();
  const one = start([file], sink);
  await until(() => sink.texts().length === 5, "the first session");
  await one.stop();
  appendFileSync(file, `${nl(lines("gen1-late", 3))}gen1-partial`);
  renameSync(file, `${file}.1`);
  // A compressed copy with the same bytes and inode-less history must be ignored.
  copyFileSync(`${file}.1`, `${file}.1.gz`);
  writeFileSync(file, nl(lines("gen2", 4)));
  const two = start([file], sink);
  try {
    await until(() => sink.texts().length === 5 + 4 + 4, "the drained and the new lines");
    assert.deepEqual(sink.texts(), [
      ...lines("gen1", 5),
      ...lines("gen1-late", 3),
      "gen1-partial",
      ...lines("gen2", 4),
    ]);
    assert.ok(two.logs.some((l) => l.includes("resuming rotated")));
  } finally {
    await two.stop();
  }
  assertNoDuplicates(sink);
});

test("an over-long line is sent cut short and the rest of it skipped, keeping memory bounded", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, `short\n${"x".repeat(300)}`);
  const sink = new MemorySink();
  const run = start([file], sink, { limits: { maxLineBytes: 50, chunkBytes: 16 } });
  try {
    await until(() => sink.texts().length === 1, "the short line");
    // Still inside the long line: nothing after "short" may be committed, or a restart would resume mid-line.
    appendFileSync(file, `${"y".repeat(100)}\nafter\n`);
    await until(() => sink.texts().length === 3, "the rest");
    const [first, long, last] = sink.texts();
    assert.equal(first, "short");
    assert.ok(long?.startsWith("xxxx") && long.length >= 50 && long.length < 300, `cut line of ${long?.length}`);
    assert.equal(last, "after");
    assert.deepEqual(
      sink.batches.flatMap((b) => b.lines),
      [1, 2, 3],
    );
    assert.equal(sink.batches.at(-1)?.checkpoint.offset, statSync(file).size);
    assert.ok(sink.batches.every((b) => b.checkpoint.offset === 6 || b.checkpoint.offset === statSync(file).size));
  } finally {
    await run.stop();
  }
});

test("a file that does not exist yet is read from its start once it appears", async () => {
  const dir = tempDir();
  const file = join(dir, "later.log");
  const sink = new MemorySink();
  const run = start([file], sink);
  try {
    await until(() => run.logs.some((l) => l.includes("waiting for")), "the waiting notice");
    writeFileSync(file, nl(["l-1", "l-2"]));
    await until(() => sink.texts().length === 2, "the lines");
    assert.deepEqual(sink.texts(), ["l-1", "l-2"]);
  } finally {
    await run.stop();
  }
});

test("globs are expanded on every poll, so files created later are followed", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "a.log"), nl(["a-1"]));
  writeFileSync(join(dir, "ignored.txt"), nl(["nope"]));
  const sink = new MemorySink();
  const run = start([join(dir, "*.log")], sink);
  try {
    await until(() => sink.texts().length === 1, "the first file");
    writeFileSync(join(dir, "b.log"), nl(["b-1", "b-2"]));
    await until(() => sink.texts().length === 3, "the new file");
    assert.deepEqual(sink.texts().sort(), ["a-1", "b-1", "b-2"]);
  } finally {
    await run.stop();
  }
});

test("abort lets the batch in flight commit, then returns without sending more", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(lines("x", 10)));
  const sink = new MemorySink();
  let release: () => void = () => undefined;
  sink.gate = new Promise((r) => {
    release = r;
  });
  let calls = 0;
  sink.onSend = () => calls++;
  const controller = new AbortController();
  const done = follow({
    patterns: [file],
    sink,
    target: () => ({ format: "json", sourceId: "x" }),
    signal: controller.signal,
    pollMs: 10,
    limits: { maxLines: 3 },
    log: () => undefined,
  });
  await until(() => calls === 1, "the first send");
  controller.abort();
  release();
  await done;
  assert.equal(calls, 1);
  assert.deepEqual(sink.texts(), lines("x", 3));
  // The rest is read by the next session, from the committed checkpoint.
  sink.gate = null;
  const next = start([file], sink);
  try {
    await until(() => sink.texts().length === 10, "the rest");
    assert.deepEqual(sink.texts(), lines("x", 10));
  } finally {
    await next.stop();
  }
});

test("a failing sink is retried without losing or repeating lines, even when a reply was lost", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(lines("r", 9)));
  const sink = new MemorySink();
  sink.failBefore = 2;
  sink.failAfter = 1;
  const run = start([file], sink, { limits: { maxLines: 4 } });
  try {
    await until(() => sink.texts().length === 9, "all lines");
    appendFileSync(file, nl(["r-10"]));
    await until(() => sink.texts().length === 10, "the next line");
    assert.deepEqual(sink.texts(), lines("r", 10));
    assert.ok(run.logs.some((l) => l.includes("server unreachable") && l.includes("retrying")));
    assert.ok(run.logs.every((l) => !l.includes("\n")));
  } finally {
    await run.stop();
  }
});

test("abort while the sink keeps failing returns promptly and cleanly", async () => {
  const dir = tempDir();
  const file = join(dir, "app.log");
  writeFileSync(file, nl(["z-1"]));
  const sink = new MemorySink();
  sink.failBefore = Number.POSITIVE_INFINITY;
  const run = start([file], sink);
  await until(() => run.logs.length > 0, "a failure notice");
  await run.stop();
  assert.deepEqual(sink.texts(), []);
});

test("rotated siblings are the watched name followed by . - or _, never compressed", async () => {
  const dir = tempDir();
  for (const n of ["app.log", "app.log.1", "app.log-2026", "app.log_x", "app.log.2.gz", "app.logger", "other.log"]) {
    writeFileSync(join(dir, n), "");
  }
  const found = (await rotatedSiblings(join(dir, "app.log"))).map((p) => p.slice(dir.length + 1)).sort();
  assert.deepEqual(found, ["app.log-2026", "app.log.1", "app.log_x"]);
});

test("the fingerprint covers at most the first 256 bytes, so it is stable as the file grows", async () => {
  const dir = tempDir();
  const file = join(dir, "f");
  writeFileSync(file, "x".repeat(300));
  const fh = await open(file, "r");
  try {
    const head = await readHead(fh);
    assert.equal(head.length, 256);
    assert.equal(fingerprintOf(head, 300), fingerprintOf(head, 1_000_000));
    assert.notEqual(fingerprintOf(head, 10), fingerprintOf(head, 11));
  } finally {
    await fh.close();
  }
});
