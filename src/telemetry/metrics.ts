// Prometheus metrics of one InferWatch process. Label values that come from users (source names) are capped so a
// hostile client cannot grow the registry without bound.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const MAX_LABEL_VALUES = 200;
const OTHER = "_other";

/** Keeps at most MAX_LABEL_VALUES distinct values per label; later ones are counted under `_other`. */
class LabelCap {
  private readonly seen = new Set<string>();
  cap(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= MAX_LABEL_VALUES) return OTHER;
    this.seen.add(value);
    return value;
  }
}

export class Metrics {
  readonly registry = new Registry();
  private readonly sources = new LabelCap();

  readonly eventsAccepted = new Counter({
    name: "inferwatch_events_accepted_total",
    help: "Events stored, by source and format.",
    labelNames: ["source", "format"] as const,
    registers: [this.registry],
  });
  readonly eventsRejected = new Counter({
    name: "inferwatch_events_rejected_total",
    help: "Lines rejected (and dead-lettered), by source, format and reason code.",
    labelNames: ["source", "format", "reason"] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: "inferwatch_dead_letters_total",
    help: "Lines written to the dead-letter table.",
    registers: [this.registry],
  });
  readonly batchRows = new Histogram({
    name: "inferwatch_write_batch_rows",
    help: "Rows (events and dead letters) per committed write transaction.",
    buckets: [1, 10, 100, 1000, 5000, 10_000, 50_000, 100_000],
    registers: [this.registry],
  });
  readonly batchSeconds = new Histogram({
    name: "inferwatch_write_batch_seconds",
    help: "Time to append and commit one write transaction.",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly writeFailures = new Counter({
    name: "inferwatch_write_failures_total",
    help: "Write transactions that failed and were rolled back.",
    registers: [this.registry],
  });
  readonly queueRows = new Gauge({
    name: "inferwatch_write_queue_rows",
    help: "Rows waiting in the write queue.",
    registers: [this.registry],
  });
  readonly queueCapacityRows = new Gauge({
    name: "inferwatch_write_queue_capacity_rows",
    help: "Rows the write queue holds before ingest answers 429.",
    registers: [this.registry],
  });
  readonly overloads = new Counter({
    name: "inferwatch_ingest_overloaded_total",
    help: "Ingest requests refused with 429 because the write queue was full.",
    registers: [this.registry],
  });
  readonly retentionDeleted = new Counter({
    name: "inferwatch_retention_rows_total",
    help: "Rows removed (or raw text cleared) by retention, by data class.",
    labelNames: ["class"] as const,
    registers: [this.registry],
  });
  readonly receiverRequests = new Counter({
    name: "inferwatch_receiver_requests_total",
    help: "Requests (or syslog messages) received by a shipper-protocol receiver, by receiver and outcome (ok, rejected, unauthorized, overloaded, error).",
    labelNames: ["receiver", "outcome"] as const,
    registers: [this.registry],
  });
  readonly receiverEvents = new Counter({
    name: "inferwatch_receiver_events_total",
    help: "Events stored through a shipper-protocol receiver, by receiver.",
    labelNames: ["receiver"] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: "inferwatch_" });
      // prom-client's default set includes gauges named `*_total` (nodejs_active_handles_total and friends), which
      // `promtool check metrics` rejects because the suffix is reserved for counters. Each is the sum of a gauge
      // kept under the same name without `_total`, so dropping them loses nothing.
      for (const m of this.registry.getMetricsAsArray()) {
        if (m.name.endsWith("_total") && !(m instanceof Counter)) this.registry.removeSingleMetric(m.name);
      }
    }
  }

  source(name: string): string {
    return this.sources.cap(name);
  }
}
