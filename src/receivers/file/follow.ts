// Tails files like a log shipper (see the follower helper's implementation notes in docs/ingest.md).
import type { FileCheckpoint } from "../../core/batch.js";
import type { IngestItem } from "../../pipeline/body.js";
import type { IngestTarget } from "../../pipeline/ingest.js";

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
  readonly target: (path: string) => IngestTarget;
  /** Aborting stops the follower after the batch in flight is committed. */
  readonly signal: AbortSignal;
  readonly pollMs?: number;
  readonly onBatch?: (path: string, reply: FollowReply) => void;
}

export async function follow(_options: FollowOptions): Promise<void> {
  throw new Error("not implemented yet");
}
