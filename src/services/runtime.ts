// Wires one InferWatch process together: store, write queue, ingest service, metrics and retention schedule.

import { pino } from "pino";
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
import { DetectionMetrics } from "../telemetry/detection-metrics.js";
import { Metrics } from "../telemetry/metrics.js";
import { DetectionService } from "./detection.js";
import { BUILTIN_RULES_DIR } from "./rule-files.js";

export interface Runtime {
  readonly config: Config;
  readonly limits: Limits;
  readonly store: EventStore;
  readonly writer: BatchWriter;
  readonly ingest: IngestService;
  readonly metrics: Metrics;
  /** Streaming detection over committed events; null unless asked for (serve, in-process ingest) and enabled. */
  readonly detection: DetectionService | null;
  /** Runs retention now and returns what it removed. */
  enforceRetention(): Promise<RetentionReport>;
  /** Flushes the write queue and closes the store. */
  close(): Promise<void>;
}

export function retentionPolicy(config: Config): RetentionPolicy {
  const r = config.retention;
  return { eventsDays: r.events_days, rawDays: r.raw_days, deadLettersDays: r.dead_letters_days };
}

/** Starts streaming detection on the writer's commits (rules from the built-in directory and detection.rules_paths). */
export function startDetection(
  config: Config,
  store: EventStore,
  writer: BatchWriter,
  metrics: Metrics,
): DetectionService {
  const d = config.detection;
  // stderr: the in-process `ingest` command prints its JSON summary on stdout.
  const log = pino({ level: config.log.level }, pino.destination(2)).child({ component: "detection" });
  const service = DetectionService.open(store, new DetectionMetrics(metrics.registry), log, {
    rulePaths: [...(d.builtin_rules ? [BUILTIN_RULES_DIR] : []), ...d.rules_paths],
    placeholders: d.placeholders,
    maxGroups: d.max_groups,
    queueMaxEvents: d.queue_max_events,
    modes: d.rule_modes,
    watch: d.watch_rules,
    debounceMs: d.reload_debounce_ms,
  });
  writer.onCommitted((batches) => service.submit(batches));
  return service;
}

export async function openRuntime(
  config: Config,
  options: { processMetrics?: boolean; detection?: boolean } = {},
): Promise<Runtime> {
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
  let detection: DetectionService | null = null;
  if (options.detection && config.detection.enabled) {
    try {
      detection = startDetection(config, store, writer, metrics);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
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
    detection,
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
      // after the writer: the last commits' events still reach detection, and its alerts the store
      await detection?.close();
      await store.close();
    },
  };
}
