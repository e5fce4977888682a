// Wires one InferWatch process together: store, write queue, ingest service, metrics and retention schedule.

import { limitsOf } from "../config/load.js";
import type { Config } from "../config/schema.js";
import type { Limits } from "../core/limits.js";
import { customFormats } from "../parsers/mapping/format.js";
import { createRegistry } from "../parsers/registry.js";
import { IngestService } from "../pipeline/ingest.js";
import { compileRedaction } from "../pipeline/redact.js";
import { BatchWriter } from "../pipeline/writer.js";
import { DuckDBStore } from "../storage/duckdb/store.js";
import type { EventStore, RetentionPolicy, RetentionReport } from "../storage/store.js";
import { Metrics } from "../telemetry/metrics.js";

export interface Runtime {
  readonly config: Config;
  readonly limits: Limits;
  readonly store: EventStore;
  readonly writer: BatchWriter;
  readonly ingest: IngestService;
  readonly metrics: Metrics;
  /** Runs retention now and returns what it removed. */
  enforceRetention(): Promise<RetentionReport>;
  /** Flushes the write queue and closes the store. */
  close(): Promise<void>;
}

export function retentionPolicy(config: Config): RetentionPolicy {
  const r = config.retention;
  return { eventsDays: r.events_days, rawDays: r.raw_days, deadLettersDays: r.dead_letters_days };
}

export async function openRuntime(config: Config, options: { processMetrics?: boolean } = {}): Promise<Runtime> {
  const store = await DuckDBStore.open(config.data_dir, {
    ...(config.storage.memory_limit ? { memoryLimit: config.storage.memory_limit } : {}),
    ...(config.storage.threads ? { threads: config.storage.threads } : {}),
    checkpointThreshold: config.storage.checkpoint_threshold,
  });
  const metrics = new Metrics(options);
  const writer = new BatchWriter(
    store,
    { maxQueueRows: config.ingest.queue_max_rows, maxBatchRows: config.ingest.batch_max_rows },
    metrics,
  );
  const limits = limitsOf(config);
  const ingest = new IngestService(writer, store, metrics, {
    limits,
    keepRaw: config.ingest.keep_raw,
    timeZone: config.ingest.time_zone,
    sourceTimeZones: config.ingest.source_time_zones,
    formats: createRegistry(customFormats(config.formats.custom)),
    redaction: compileRedaction(config.redaction),
  });
  let closed = false;
  return {
    config,
    limits,
    store,
    writer,
    ingest,
    metrics,
    async enforceRetention() {
      const report = await store.applyRetention(retentionPolicy(config), Date.now());
      metrics.retentionDeleted.inc({ class: "events" }, report.eventsDeleted);
      metrics.retentionDeleted.inc({ class: "raw" }, report.rawCleared);
      metrics.retentionDeleted.inc({ class: "dead_letters" }, report.deadLettersDeleted);
      return report;
    },
    async close() {
      if (closed) return;
      closed = true;
      await writer.close();
      await store.close();
    },
  };
}
