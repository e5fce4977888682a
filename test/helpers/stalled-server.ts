// Test helper: a server over a runtime whose write queue holds a batch that does not commit until released, so every
// ingest path meets a full queue on demand.
import { buildServer, type ServerHandle } from "../../src/api/server.js";
import type { WriteBatch } from "../../src/core/batch.js";
import { createRegistry } from "../../src/parsers/registry.js";
import { IngestService } from "../../src/pipeline/ingest.js";
import { compileRedaction } from "../../src/pipeline/redact.js";
import { BatchWriter } from "../../src/pipeline/writer.js";
import type { Runtime } from "../../src/services/runtime.js";

export interface StalledServer {
  readonly busy: ServerHandle;
  /** Lets the held batch commit and waits for it. */
  release(): Promise<void>;
}

/** A server sharing `rt`'s store, with a 5-row write queue already full (a 10-row batch waiting on a stalled sink). */
export function stalledServer(rt: Runtime): StalledServer {
  const gates: (() => void)[] = [];
  const slowSink = { write: (_b: readonly WriteBatch[]) => new Promise<void>((r) => gates.push(r)) };
  const writer = new BatchWriter(slowSink, { maxQueueRows: 5, maxBatchRows: 100 }, rt.metrics);
  const ingest = new IngestService(writer, rt.store, rt.metrics, {
    limits: rt.limits,
    keepRaw: true,
    timeZone: "UTC",
    sourceTimeZones: {},
    formats: createRegistry(),
    redaction: compileRedaction(rt.config.redaction),
  });
  const busy = buildServer({ ...rt, writer, ingest }, { logger: false });
  const held = writer.submit({
    events: [],
    deadLetters: [],
    checkpoints: Array(10).fill({ fileId: "f", path: "p", offset: 0, fingerprint: "" }),
  });
  return {
    busy,
    async release() {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      for (const g of gates) g();
      await held;
    },
  };
}
