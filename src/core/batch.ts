// What one ingest step hands to storage: events, dead letters and bookkeeping that must commit atomically with them.
import type { InferEvent } from "./fields.js";

/** A line that could not become an event, kept with the reason so nothing is silently dropped. */
export interface DeadLetter {
  readonly receivedAt: number;
  readonly sourceId: string;
  readonly format: string;
  /** 1-based line (or array element) number within its request or file; null when unknown. */
  readonly line: number | null;
  readonly reasonCode: string;
  readonly reason: string;
  /** The original text, cut to `limits.max_line_bytes` when longer (then `rawTruncated`). */
  readonly raw: string;
  readonly rawTruncated: boolean;
}

/** Position reached in a tailed file; committed with the events read before it, so a restart neither loses nor repeats. */
export interface FileCheckpoint {
  /** Stable identity of the file: `host:dev:inode`. */
  readonly fileId: string;
  readonly path: string;
  readonly offset: number;
  /** Hash of the file's first bytes, to notice an inode reused by a different file. */
  readonly fingerprint: string;
}

/** The response recorded under an idempotency key, so a retried request is answered without storing twice. */
export interface IdempotencyRecord {
  readonly key: string;
  readonly response: string;
}

export interface WriteBatch {
  readonly events: readonly InferEvent[];
  readonly deadLetters: readonly DeadLetter[];
  readonly idempotency?: IdempotencyRecord;
  readonly checkpoints?: readonly FileCheckpoint[];
}
