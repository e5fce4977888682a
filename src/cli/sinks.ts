// Where `inferwatch ingest` sends lines: straight into the data directory, or to a running server.
import { createHash } from "node:crypto";
import type { FileCheckpoint } from "../core/batch.js";
import type { IngestItem } from "../pipeline/body.js";
import type { IngestTarget } from "../pipeline/ingest.js";
import type { Runtime } from "../services/runtime.js";
import type { ServerClient } from "./client.js";

export interface SinkReply {
  readonly accepted: number;
  readonly rejected: number;
  /** Line numbers are the file's own. */
  readonly errors: readonly { line: number; code: string; message: string }[];
}

/** Both sinks commit a checkpoint atomically with the lines read before it: in the store, locally or on the server. */
export interface LineSink {
  /** Resolves once the lines (and the checkpoint, if any) are durable. */
  send(items: readonly IngestItem[], target: IngestTarget, checkpoint?: FileCheckpoint): Promise<SinkReply>;
  /** Checkpoints committed so far, where a follower resumes. */
  checkpoints(): Promise<FileCheckpoint[]>;
  /**
   * One file sent in ordered batches through a single parse session, so multi-line records survive batch
   * boundaries. Only the in-process sink can: over HTTP each request is parsed on its own.
   */
  stream?(target: IngestTarget): { send(items: readonly IngestItem[]): Promise<SinkReply>; end(): Promise<SinkReply> };
}

/** In-process: the checkpoint commits in the same transaction as the events. */
export function directSink(rt: Runtime): LineSink {
  return {
    send: (items, target, checkpoint) => rt.ingest.ingestItems(items, target, checkpoint ? [checkpoint] : undefined),
    checkpoints: () => rt.store.loadCheckpoints(),
    stream: (target) => rt.ingest.openStream(target),
  };
}

/**
 * Over HTTP. The checkpoint travels with the batch and the server commits both together. A checkpointed batch's
 * idempotency key derives from the file and byte range, so a retry after a lost reply is not stored twice.
 */
export function serverSink(client: ServerClient): LineSink {
  return {
    async send(items, target, checkpoint) {
      const body = items.map((i) => i.text).join("\n");
      // The body is part of the key: a rewritten file with the same first bytes must not look like a retry.
      const key = checkpoint
        ? createHash("sha256")
            .update(`${checkpoint.fileId}|${checkpoint.fingerprint}|${checkpoint.offset}|`)
            .update(body)
            .digest("hex")
        : undefined;
      const reply = await client.ingest(
        body,
        {
          source: target.sourceId,
          format: target.format,
          ...(target.referenceTime === undefined ? {} : { referenceTime: target.referenceTime }),
          ...(checkpoint ? { checkpoint } : {}),
        },
        key,
      );
      // The server numbers lines within the request; map them back to the file's line numbers.
      const errors = reply.errors.map((e) => ({ ...e, line: items[e.line - 1]?.line ?? e.line }));
      return { accepted: reply.accepted, rejected: reply.rejected, errors };
    },
    checkpoints: () => client.checkpoints(),
  };
}
