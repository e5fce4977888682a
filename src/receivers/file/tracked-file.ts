// One followed file: an open descriptor, the committed position, and batching of new lines up to checkpoints.
import { type FileHandle, open } from "node:fs/promises";
import type { FileCheckpoint } from "../../core/batch.js";
import type { IngestItem } from "../../pipeline/body.js";
import { fileIdOf, fingerprintOf, HEAD_BYTES, readHead } from "./fingerprint.js";
import { type LineBatch, LineSplitter } from "./lines.js";

const NEWLINE = 0x0a;

export interface ReadLimits {
  /** Most lines in one batch. */
  readonly maxLines: number;
  /** Batch size at which it is sent (approximate: a single longer line still travels whole). */
  readonly maxBytes: number;
  /** Bytes read from the file at once. */
  readonly chunkBytes: number;
  /**
   * Longest line held whole. A longer one is sent cut at about this size (the pipeline turns it into a dead letter)
   * and the rest of it skipped, so a file without newlines cannot exhaust memory.
   */
  readonly maxLineBytes: number;
}

/** Commits lines with the checkpoint just after them; resolves once both are durable. */
export type CommitBatch = (
  file: TrackedFile,
  items: readonly IngestItem[],
  checkpoint: FileCheckpoint,
) => Promise<void>;

/** Lines read since the last commit. Blank lines only move the offset, so a batch of them holds no memory. */
class PendingBatch {
  readonly items: IngestItem[] = [];
  /** Bytes consumed since the last commit, blank lines included. */
  bytes = 0;
  /** Lines ended since the last commit, blank ones included, to keep line numbers right after a rewind. */
  lines = 0;

  add(part: LineBatch, lines: number): void {
    for (const item of part.items) this.items.push(item);
    this.bytes += part.bytes;
    this.lines += lines;
  }

  /** Leading blank lines do not count towards the size limit, or a run of them would force empty sends. */
  get weight(): number {
    return this.items.length === 0 ? 0 : this.bytes;
  }
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NEWLINE); i !== -1; i = buf.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/**
 * Where the next piece of `chunk` fed to the splitter ends: after at most `lineRoom` newlines and, while the batch
 * has room, within `byteRoom` bytes, so one chunk can fill a batch, be committed, and carry on into the next.
 */
function pieceEnd(chunk: Buffer, start: number, lineRoom: number, byteRoom: number): number {
  const byteEnd = byteRoom > 0 ? Math.min(chunk.length, start + byteRoom) : chunk.length;
  let end = start;
  for (let n = 0; n < lineRoom; n++) {
    const nl = chunk.indexOf(NEWLINE, end);
    if (nl === -1 || nl >= byteEnd) return byteEnd;
    end = nl + 1;
  }
  return end;
}

/** Where to start reading: a saved position is trusted only for the same content, judged by the fingerprint. */
function resumeOffset(saved: FileCheckpoint | undefined, head: Buffer, size: number): number {
  if (!saved || saved.offset > size) return 0;
  return fingerprintOf(head, saved.offset) === saved.fingerprint ? saved.offset : 0;
}

export class TrackedFile {
  /** Offset of the end of the last committed line. */
  private committed: number;
  /**
   * Number the next line after `committed` gets. Lines are numbered from where this follow session started reading
   * the file (1-based), not from the start of the file: after a resume the earlier lines are never read again.
   */
  private committedLine = 1;
  /** Offset of the next byte to read: `committed` + bytes in the pending batch and the splitter's partial line. */
  private readPos: number;
  private splitter = new LineSplitter(1);
  private batch = new PendingBatch();
  /** Inside an over-long line whose start was already cut off and queued: discard up to its newline. */
  private skipping = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly fileId: string,
    /** Where the file was found; it travels in checkpoints and progress reports. */
    public path: string,
    /** The watched path whose events these are (a rotated `app.log.1` still feeds `app.log`'s source). */
    readonly source: string,
    /** The first bytes of the file, for fingerprints and to notice it being rewritten. */
    private head: Buffer,
    start: number,
  ) {
    this.committed = start;
    this.readPos = start;
  }

  /** Opens `path`, resuming from its checkpoint in `saved` when that checkpoint belongs to this very content. */
  static async open(
    path: string,
    source: string,
    saved: ReadonlyMap<string, FileCheckpoint>,
    from?: "checkpoint-only",
  ): Promise<TrackedFile | null> {
    const fh = await open(path, "r");
    try {
      const stats = await fh.stat();
      if (!stats.isFile()) {
        await fh.close();
        return null;
      }
      const fileId = fileIdOf(stats);
      const head = await readHead(fh);
      const checkpoint = saved.get(fileId);
      const start = resumeOffset(checkpoint, head, stats.size);
      // A rotated generation is only worth reading when we were part-way through it.
      if (from === "checkpoint-only" && (start === 0 || start >= stats.size)) {
        await fh.close();
        return null;
      }
      return new TrackedFile(fh, fileId, path, source, head, start);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** The committed offset, where a restart would resume. */
  get offset(): number {
    return this.committed;
  }

  /** Modification time of the open file, to drain rotated generations oldest first. */
  async mtimeMs(): Promise<number> {
    return (await this.fh.stat()).mtimeMs;
  }

  /**
   * Reads what the file holds now and commits it in batches. With `final` (the file was rotated away and will not
   * grow), reads to EOF and commits the partial last line too. Returns false when aborted before the end; the
   * uncommitted rest is read again by whoever resumes from the checkpoint.
   */
  async read(commit: CommitBatch, limits: ReadLimits, signal: AbortSignal, final: boolean): Promise<boolean> {
    try {
      const stopAt = final ? Number.POSITIVE_INFINITY : (await this.fh.stat()).size;
      while (this.readPos < stopAt) {
        if (signal.aborted) return this.abandon();
        const want = Math.min(limits.chunkBytes, stopAt - this.readPos);
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await this.fh.read(buf, 0, want, this.readPos);
        if (bytesRead === 0) break;
        this.readPos += bytesRead;
        if (!(await this.consume(buf.subarray(0, bytesRead), commit, limits, signal))) return this.abandon();
      }
      if (final) this.endOfFile();
      // A batch of blank lines alone is not sent (a server refuses empty bodies); its bytes ride with the next line.
      // Nor is one ending inside an over-long line: a checkpoint there would resume mid-line and make junk of the rest.
      if (this.batch.items.length > 0 && !this.skipping) await this.commitPending(commit);
      return true;
    } catch (e) {
      // Whatever was read but not committed is read again on the next attempt, so nothing is skipped.
      this.rewind();
      throw e;
    }
  }

  /** Feeds one chunk through the splitter, committing each batch as it fills. False when aborted in between. */
  private async consume(chunk: Buffer, commit: CommitBatch, limits: ReadLimits, signal: AbortSignal): Promise<boolean> {
    for (let start = 0; start < chunk.length; ) {
      if (this.skipping) {
        start = this.skipRestOfLine(chunk, start);
        continue;
      }
      const lineRoom = limits.maxLines - this.batch.items.length;
      const byteRoom = limits.maxBytes - this.batch.weight - this.splitter.pendingBytes;
      const end = pieceEnd(chunk, start, lineRoom, byteRoom);
      const piece = chunk.subarray(start, end);
      const part = this.splitter.push(piece);
      this.batch.add(part, part.bytes > 0 ? countNewlines(piece) : 0);
      start = end;
      if (this.splitter.pendingBytes > limits.maxLineBytes) {
        // Lines before it need not wait for the long line's end, which may be far off.
        if (this.batch.items.length > 0) await this.commitPending(commit);
        if (signal.aborted) return false;
        this.cutLongLine();
      }
      if (this.isFull(limits)) {
        await this.commitPending(commit);
        if (signal.aborted) return false;
      }
    }
    return true;
  }

  private isFull(limits: ReadLimits): boolean {
    const { items } = this.batch;
    if (this.skipping) return false;
    return items.length >= limits.maxLines || (items.length > 0 && this.batch.bytes >= limits.maxBytes);
  }

  /** Queues the start of an over-long line as its own item and drops the rest of it as it arrives. */
  private cutLongLine(): void {
    this.batch.add(this.splitter.flush(), 1);
    this.skipping = true;
  }

  /** Consumes bytes of a cut line up to and including its newline; returns where the next line starts. */
  private skipRestOfLine(chunk: Buffer, start: number): number {
    const nl = chunk.indexOf(NEWLINE, start);
    const end = nl === -1 ? chunk.length : nl + 1;
    this.batch.bytes += end - start;
    if (nl !== -1) this.skipping = false;
    return end;
  }

  /** The file will not grow: its last line is complete even without a newline. */
  private endOfFile(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const last = this.splitter.flush();
    this.batch.add(last, last.bytes > 0 ? 1 : 0);
  }

  private async commitPending(commit: CommitBatch): Promise<void> {
    const offset = this.committed + this.batch.bytes;
    const checkpoint: FileCheckpoint = {
      fileId: this.fileId,
      path: this.path,
      offset,
      fingerprint: await this.fingerprintAt(offset),
    };
    await commit(this, this.batch.items, checkpoint);
    this.committed = offset;
    this.committedLine += this.batch.lines;
    this.batch = new PendingBatch();
  }

  private abandon(): false {
    this.rewind();
    return false;
  }

  /** Forgets everything read past the last commit, e.g. after a failed send, so it is read and sent again. */
  rewind(): void {
    this.readPos = this.committed;
    this.splitter = new LineSplitter(this.committedLine);
    this.batch = new PendingBatch();
    this.skipping = false;
  }

  /**
   * Moves forward to a checkpoint the sink holds beyond ours: a send that failed for us may still have been
   * committed (its reply was lost), and sending it again would store it twice.
   */
  async adopt(checkpoint: FileCheckpoint): Promise<void> {
    if (checkpoint.offset <= this.committed) return;
    if ((await this.fingerprintAt(checkpoint.offset)) !== checkpoint.fingerprint) return;
    this.committedLine += await this.newlinesBetween(this.committed, checkpoint.offset);
    this.committed = checkpoint.offset;
    this.rewind();
  }

  /**
   * True (and back to offset 0) when the file was truncated or rewritten in place since we read it: it is smaller
   * than what we read, or its first bytes changed (copytruncate followed by quick new writes).
   */
  async restartIfReplaced(): Promise<boolean> {
    const { size } = await this.fh.stat();
    let replaced = size < this.readPos;
    const known = Math.min(this.head.length, this.readPos);
    if (!replaced && known > 0) {
      const now = await readHead(this.fh);
      replaced = now.length < known || !now.subarray(0, known).equals(this.head.subarray(0, known));
    }
    // Bytes past what we read may not be final yet (a rewrite could change them); read them again when needed.
    this.head = this.head.subarray(0, replaced ? 0 : known);
    if (!replaced) return false;
    this.committed = 0;
    this.committedLine = 1;
    this.rewind();
    return true;
  }

  private async fingerprintAt(offset: number): Promise<string> {
    if (this.head.length < Math.min(HEAD_BYTES, offset)) this.head = await readHead(this.fh);
    return fingerprintOf(this.head, offset);
  }

  private async newlinesBetween(from: number, to: number): Promise<number> {
    let n = 0;
    const buf = Buffer.allocUnsafe(1024 * 1024);
    for (let pos = from; pos < to; ) {
      const { bytesRead } = await this.fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
      if (bytesRead === 0) break;
      n += countNewlines(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    return n;
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
