// Stores the actions of an Elasticsearch `_bulk` request through the ingest pipeline and builds the bulk reply.
import { InferWatchError } from "../../core/errors.js";
import { newEventId } from "../../core/ids.js";
import type { IngestItem } from "../../pipeline/body.js";
import { checkSourceName, type IngestResult, type IngestTarget } from "../../pipeline/ingest.js";
import { documentItem, type LineRecognizer } from "../documents.js";
import type { BulkAction, BulkOp } from "./bulk.js";

/** What the bulk handler needs of the pipeline (IngestService and the write queue provide it). */
export interface BulkIngest extends LineRecognizer {
  ingestItems(items: readonly IngestItem[], target: IngestTarget): Promise<IngestResult>;
  /** The write queue has no room: answer 429 per action instead of parsing. */
  isFull(): boolean;
}

export interface ItemError {
  readonly type: string;
  readonly reason: string;
}

/** One entry of the reply's `items`, keyed by the action's op. */
export type BulkItem = Record<string, Record<string, unknown>>;

export interface BulkReply {
  readonly took: number;
  readonly errors: boolean;
  readonly items: BulkItem[];
}

export interface BulkOutcome {
  readonly reply: BulkReply;
  /** Events stored (what the receiver metrics count). */
  readonly stored: number;
  /** Actions refused with 429 because the write queue was full. */
  readonly overloaded: number;
}

/** Format recorded for documents that no parser recognized (stored as they are). */
export const ES_FORMAT = "elasticsearch";

let seqNo = 0;

function okItem(op: BulkOp, index: string, id: string): BulkItem {
  return {
    [op]: {
      _index: index,
      _id: id,
      _version: 1,
      result: "created",
      _shards: { total: 1, successful: 1, failed: 0 },
      _seq_no: seqNo++,
      _primary_term: 1,
      status: 201,
    },
  };
}

function errorItem(a: BulkAction, status: number, error: ItemError): BulkItem {
  return { [a.op]: { _index: a.index ?? null, _id: a.id ?? null, status, error } };
}

function sourceProblem(index: string): string | null {
  try {
    checkSourceName(index);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Ingests the actions, one pipeline call per index (the index is the events' source), in body order. Each action
 * gets its own status: 201 stored, 400 for a document the pipeline rejected (it is dead-lettered) or that
 * Elasticsearch would refuse too, 429 when the write queue is full (nothing of that index group was stored, so a
 * client retrying its 429 items stores each document exactly once), 503 for a storage failure.
 */
export async function handleBulk(actions: readonly BulkAction[], ingest: BulkIngest): Promise<BulkOutcome> {
  const started = Date.now();
  const items: (BulkItem | undefined)[] = new Array(actions.length);
  const groups = new Map<string, number[]>();
  actions.forEach((a, i) => {
    if (a.error) {
      items[i] = errorItem(a, a.error.status, { type: a.error.type, reason: a.error.reason });
      return;
    }
    const index = a.index as string;
    const problem = sourceProblem(index);
    if (problem) {
      items[i] = errorItem(a, 400, {
        type: "invalid_index_name_exception",
        reason: `Invalid index name [${index.slice(0, 140)}]: ${problem}`,
      });
      return;
    }
    const group = groups.get(index) ?? [];
    group.push(i);
    groups.set(index, group);
  });
  let stored = 0;
  let overloaded = 0;
  for (const [index, members] of groups) {
    // A document without `_id` gets its event id as `_id`, so the reply names the stored event.
    const ids = members.map((i) => actions[i]?.id ?? newEventId());
    const refuse = (status: number, error: ItemError): void => {
      members.forEach((i) => {
        items[i] = errorItem(actions[i] as BulkAction, status, error);
      });
    };
    if (ingest.isFull()) {
      refuse(429, {
        type: "es_rejected_execution_exception",
        reason: "InferWatch's write queue is full; retry shortly",
      });
      overloaded += members.length;
      continue;
    }
    const receivedAt = Date.now();
    const batch = members.map((i, k) => {
      const a = actions[i] as BulkAction;
      if (a.rejection) return { line: a.line, text: a.text, rejection: a.rejection };
      // The `_id` becomes the event id, so a document a client re-sent after a lost reply can be recognized.
      const extra = { event_id: ids[k] };
      return documentItem(a.doc ?? {}, a.line, a.text, { recognizer: ingest, format: ES_FORMAT, extra, receivedAt });
    });
    let result: IngestResult;
    try {
      result = await ingest.ingestItems(batch, { sourceId: index, format: "auto" });
    } catch (e) {
      if (e instanceof InferWatchError && e.code === "overloaded") {
        refuse(429, { type: "es_rejected_execution_exception", reason: e.message });
        overloaded += members.length;
        continue;
      }
      const reason = e instanceof InferWatchError ? e.message : "storage failed; see the InferWatch log";
      refuse(503, { type: "unavailable_shards_exception", reason });
      continue;
    }
    stored += result.accepted;
    const rejected = new Map(result.errors.map((err) => [err.line, err]));
    members.forEach((i, k) => {
      const a = actions[i] as BulkAction;
      const err = rejected.get(a.line);
      items[i] = err
        ? errorItem(a, 400, {
            type: "document_parsing_exception",
            reason: `${err.code}: ${err.message} (dead-lettered)`,
          })
        : okItem(a.op, index, ids[k] as string);
    });
  }
  const all = items as BulkItem[];
  const errors = all.some((item) => {
    const body = Object.values(item)[0];
    return typeof body?.status === "number" && body.status >= 300;
  });
  return { reply: { took: Date.now() - started, errors, items: all }, stored, overloaded };
}
