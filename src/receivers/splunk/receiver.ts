// Stores a validated HEC request through the ingest pipeline in one all-or-nothing batch, and picks the reply.
import { InferWatchError } from "../../core/errors.js";
import type { IngestItem } from "../../pipeline/body.js";
import { checkSourceName, type IngestResult, type IngestTarget } from "../../pipeline/ingest.js";
import type { LineRecognizer } from "../documents.js";
import { HEC, type HecReply } from "./replies.js";

/** Source of HEC events that name no index. */
export const HEC_DEFAULT_SOURCE = "splunk";

export interface HecIngest extends LineRecognizer {
  ingestItems(items: readonly IngestItem[], target: IngestTarget): Promise<IngestResult>;
  isFull(): boolean;
}

export interface HecOutcome {
  readonly reply: HecReply & { readonly body: Record<string, unknown> };
  readonly stored: number;
  readonly outcome: "ok" | "rejected" | "overloaded" | "error";
}

/** Whether an index (the events' source) is a valid source name. */
export function validIndex(index: string | undefined): boolean {
  if (index === undefined) return true;
  try {
    checkSourceName(index);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ingests the items as one batch: either every event is committed (or dead-lettered, and counted in the reply's
 * `rejected`) or none is, so a client re-sending a refused batch stores each event exactly once. Under overload
 * the answer is Splunk's 503 "Server is busy" (code 9).
 */
export async function storeHec(items: readonly IngestItem[], ingest: HecIngest): Promise<HecOutcome> {
  if (items.length === 0) return { reply: HEC.noData, stored: 0, outcome: "rejected" };
  if (ingest.isFull()) return { reply: HEC.serverBusy, stored: 0, outcome: "overloaded" };
  let result: IngestResult;
  try {
    result = await ingest.ingestItems(items, { sourceId: HEC_DEFAULT_SOURCE, format: "auto" });
  } catch (e) {
    if (e instanceof InferWatchError && e.code === "overloaded")
      return { reply: HEC.serverBusy, stored: 0, outcome: "overloaded" };
    if (e instanceof InferWatchError && e.code === "unavailable")
      return { reply: HEC.serverBusy, stored: 0, outcome: "error" };
    throw e;
  }
  // Splunk's success body, plus what InferWatch rejected (dead-lettered) so a caller can see it; clients read `code`.
  const body = {
    ...HEC.success.body,
    accepted: result.accepted,
    rejected: result.rejected,
    ...(result.rejected > 0 ? { errors: result.errors.slice(0, 100) } : {}),
  };
  return { reply: { status: 200, body }, stored: result.accepted, outcome: result.rejected > 0 ? "rejected" : "ok" };
}
