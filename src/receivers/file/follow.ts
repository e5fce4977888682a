// Tails files like a log shipper: polls for growth, survives rotation, truncation and restarts without loss or repeats.
import { stat } from "node:fs/promises";
import type { FileCheckpoint } from "../../core/batch.js";
import type { IngestItem } from "../../pipeline/body.js";
import type { IngestTarget } from "../../pipeline/ingest.js";
import { expandPatterns, rotatedSiblings } from "./discover.js";
import { fileIdOf } from "./fingerprint.js";
import { type CommitBatch, type ReadLimits, TrackedFile } from "./tracked-file.js";

export interface FollowReply {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: readonly { line: number; code: string; message: string }[];
}

/** Where followed lines go. `send` resolves once lines and checkpoint are durable, committed together. */
export interface FollowSink {
  send(items: readonly IngestItem[], target: IngestTarget, checkpoint: FileCheckpoint): Promise<FollowReply>;
  checkpoints(): Promise<FileCheckpoint[]>;
}

export interface FollowOptions {
  /** Files or globs; globs are expanded again on every poll so new files are picked up. */
  readonly patterns: readonly string[];
  readonly sink: FollowSink;
  /**
   * Called with the watched path the lines belong to: lines drained from a rotated `app.log.1` keep `app.log`'s
   * target, so one log keeps one source across rotations.
   */
  readonly target: (path: string) => IngestTarget;
  /** Aborting stops the follower after the batch in flight is committed. */
  readonly signal: AbortSignal;
  readonly pollMs?: number;
  readonly onBatch?: (path: string, reply: FollowReply) => void;
  /** One-line notices (send failures, truncations); stderr by default. */
  readonly log?: (message: string) => void;
  /** Batch and read sizes; the defaults suit production, tests shrink them to exercise batch boundaries. */
  readonly limits?: Partial<ReadLimits>;
}

const DEFAULT_POLL_MS = 250;
const DEFAULT_LIMITS: ReadLimits = {
  maxLines: 5000,
  maxBytes: 4 * 1024 * 1024,
  chunkBytes: 1024 * 1024,
  // Above the default `limits.max_line_bytes` (1 MiB), so the pipeline still reports such a line as too long.
  maxLineBytes: 4 * 1024 * 1024,
};
/** Longest wait between attempts while the sink keeps failing. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Follows the files matching `patterns` until `signal` aborts. Each batch commits with the checkpoint just after its
 * last line, so a restart resumes exactly there. Line numbers (`IngestItem.line`) count from where this session
 * started reading each file, 1-based: after a resume, line 1 is the first line after the checkpoint.
 */
export async function follow(options: FollowOptions): Promise<void> {
  const follower = new Follower(options);
  try {
    await follower.run();
  } finally {
    await follower.close();
  }
}

/** The sink refused or could not be reached; the batch was not committed as far as we know. */
class SinkFailure extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot send lines from ${path}: ${messageOf(cause)}`);
  }
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");
}

/** Resolves after `ms`, or at once when the signal aborts, so a stop never waits out a poll interval. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

class Follower {
  private readonly pollMs: number;
  private readonly limits: ReadLimits;
  private readonly log: (message: string) => void;
  /** Checkpoints by file id: what the sink had at start plus every commit since, where a re-opened file resumes. */
  private readonly saved = new Map<string, FileCheckpoint>();
  /** Files being followed, by the path they are watched under. */
  private readonly live = new Map<string, TrackedFile>();
  /** Files rotated away, read to their end before anything newer under the same watched path. */
  private retiring: TrackedFile[] = [];
  /** False until the sink's checkpoints are loaded, and again after a failed send (it may have committed). */
  private synced = false;
  /** Rotated generations are looked for once, at start; afterwards rotation is seen as it happens. */
  private started = false;
  private failures = 0;

  constructor(private readonly options: FollowOptions) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.log = options.log ?? ((m) => process.stderr.write(`inferwatch follow: ${m}\n`));
  }

  async run(): Promise<void> {
    const { signal } = this.options;
    while (!signal.aborted) {
      let wait = this.pollMs;
      try {
        await this.cycle();
        this.failures = 0;
      } catch (e) {
        if (e instanceof SinkFailure) this.synced = false;
        this.failures++;
        wait = Math.min(MAX_BACKOFF_MS, this.pollMs * 2 ** this.failures);
        if (!signal.aborted) this.log(`${messageOf(e)}; retrying in ${Math.ceil(wait / 1000)}s`);
      }
      await sleep(wait, signal);
    }
  }

  private async cycle(): Promise<void> {
    if (!this.synced) {
      await this.sync();
      this.synced = true;
    }
    const paths = await expandPatterns(this.options.patterns);
    if (!this.started) await this.adoptRotatedSiblings(paths);
    await this.discover(paths);
    this.started = true;
    await this.drainRetiring();
    await this.readLive();
  }

  /** Loads the sink's checkpoints and moves open files up to them (a failed send may have been committed). */
  private async sync(): Promise<void> {
    let list: FileCheckpoint[];
    try {
      list = await this.options.sink.checkpoints();
    } catch (e) {
      throw new Error(`cannot load checkpoints: ${messageOf(e)}`);
    }
    this.saved.clear();
    for (const c of list) this.saved.set(c.fileId, c);
    for (const f of this.tracked()) {
      const c = this.saved.get(f.fileId);
      if (c) await f.adopt(c);
    }
  }

  private tracked(): TrackedFile[] {
    return [...this.retiring, ...this.live.values()];
  }

  private readonly commit: CommitBatch = async (file, items, checkpoint) => {
    let reply: FollowReply;
    try {
      reply = await this.options.sink.send(items, this.options.target(file.source), checkpoint);
    } catch (e) {
      throw new SinkFailure(file.path, e);
    }
    this.saved.set(checkpoint.fileId, checkpoint);
    try {
      this.options.onBatch?.(file.path, reply);
    } catch (e) {
      // The batch is committed: a failing observer must not make it look unsent and be sent again.
      this.log(`progress callback failed: ${messageOf(e)}`);
    }
  };

  /**
   * Rotation while we were down: a generation beside a watched file (`app.log.1`, `app.log-2026...`) that we had
   * read part-way is finished first, oldest first, so its tail is neither lost nor read twice.
   */
  private async adoptRotatedSiblings(paths: readonly string[]): Promise<void> {
    const watched = new Set(paths);
    const watchedIds = new Set<string>();
    for (const p of paths) {
      const st = await stat(p).catch(() => null);
      if (st) watchedIds.add(fileIdOf(st));
    }
    const found: { file: TrackedFile; mtime: number }[] = [];
    for (const p of paths) {
      for (const sibling of await rotatedSiblings(p)) {
        if (watched.has(sibling)) continue;
        const file = await TrackedFile.open(sibling, p, this.saved, "checkpoint-only").catch(() => null);
        if (!file) continue;
        if (watchedIds.has(file.fileId) || found.some((f) => f.file.fileId === file.fileId)) {
          await file.close();
          continue;
        }
        found.push({ file, mtime: await file.mtimeMs().catch(() => 0) });
        this.log(`resuming rotated ${sibling} at byte ${file.offset}`);
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    this.retiring.push(...found.map((f) => f.file));
  }

  /** Matches what the patterns name now against what we follow: unchanged, moved, rotated away, or new. */
  private async discover(paths: readonly string[]): Promise<void> {
    const found = new Map<string, string>();
    for (const p of paths) {
      const st = await stat(p).catch(() => null);
      // A missing path is normal: not created yet, or between the two steps of a rotation.
      if (st?.isFile()) found.set(p, fileIdOf(st));
      // Only at start: later, a path missing for a moment is just a rotation in progress.
      else if (!this.started) this.log(`waiting for ${p} to appear`);
    }
    const changed: TrackedFile[] = [];
    for (const [path, file] of this.live) {
      if (found.get(path) === file.fileId) continue;
      this.live.delete(path);
      changed.push(file);
    }
    const pathOfId = new Map([...found].map(([p, id]) => [id, p]));
    for (const file of changed) {
      const moved = pathOfId.get(file.fileId);
      if (moved !== undefined && !this.live.has(moved)) {
        // Renamed to another watched name (e.g. a glob matching `app.log*`): keep following, nothing to finish.
        file.path = moved;
        this.live.set(moved, file);
      } else {
        this.retiring.push(file);
      }
    }
    for (const [path, id] of found) {
      if (!this.live.has(path) && !this.isTracked(id)) await this.start(path);
    }
  }

  private isTracked(fileId: string): boolean {
    return this.tracked().some((f) => f.fileId === fileId);
  }

  private async start(path: string): Promise<void> {
    let file: TrackedFile | null;
    try {
      file = await TrackedFile.open(path, path, this.saved);
    } catch (e) {
      this.log(`cannot open ${path}: ${messageOf(e)}`);
      return;
    }
    if (!file) return;
    // The path may have been rotated between stat and open; the next poll sorts it out.
    if (this.isTracked(file.fileId)) {
      await file.close();
      return;
    }
    this.live.set(path, file);
  }

  /** Finishes rotated-away files: to EOF through the still-open descriptor, partial last line included. */
  private async drainRetiring(): Promise<void> {
    for (const file of [...this.retiring]) {
      try {
        if (!(await file.read(this.commit, this.limits, this.options.signal, true))) return;
      } catch (e) {
        if (e instanceof SinkFailure) throw e;
        this.log(`cannot finish reading rotated ${file.path}: ${messageOf(e)}`);
      }
      this.retiring = this.retiring.filter((f) => f !== file);
      await file.close();
    }
  }

  private async readLive(): Promise<void> {
    for (const [path, file] of this.live) {
      if (this.options.signal.aborted) return;
      // Order within a log: the older generation must be finished before the new file is read.
      if (this.retiring.some((r) => r.source === file.source)) continue;
      try {
        if (await file.restartIfReplaced()) this.log(`${path} was truncated; reading it again from the start`);
        if (!(await file.read(this.commit, this.limits, this.options.signal, false))) return;
      } catch (e) {
        if (e instanceof SinkFailure) throw e;
        // Dropped and found again on the next poll, resuming from its last checkpoint.
        this.log(`cannot read ${path}: ${messageOf(e)}`);
        this.live.delete(path);
        await file.close();
      }
    }
  }

  async close(): Promise<void> {
    const files = this.tracked();
    this.live.clear();
    this.retiring = [];
    await Promise.all(files.map((f) => f.close()));
  }
}
