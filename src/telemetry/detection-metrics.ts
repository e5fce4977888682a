// Prometheus metrics of streaming detection, registered on the process registry next to the core metrics.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

const MAX_RULE_LABELS = 2000;

/** Rule ids come from rule files (operator-controlled), still capped so a huge rule set cannot flood the registry. */
class RuleLabels {
  private readonly seen = new Set<string>();
  cap(id: string): string {
    if (this.seen.has(id)) return id;
    if (this.seen.size >= MAX_RULE_LABELS) return "_other";
    this.seen.add(id);
    return id;
  }
}

export class DetectionMetrics {
  private readonly labels = new RuleLabels();
  readonly alerts: Counter<"rule" | "level" | "mode">;
  readonly matches: Counter<"rule">;
  readonly events: Counter;
  readonly dropped: Counter;
  readonly ruleErrors: Counter<"rule">;
  readonly loadErrors: Counter;
  readonly reloads: Counter<"outcome">;
  readonly alertWriteFailures: Counter;
  readonly evictions: Counter;
  readonly groups: Gauge;
  readonly rules: Gauge<"kind">;
  readonly queue: Gauge;
  readonly lag: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.alerts = new Counter({
      name: "inferwatch_alerts_total",
      help: "Alerts stored, by rule id, level and mode (live or shadow).",
      labelNames: ["rule", "level", "mode"] as const,
      registers,
    });
    this.matches = new Counter({
      name: "inferwatch_detection_matches_total",
      help: "Events matched by a detection rule (including matches that only feed correlations), by rule id.",
      labelNames: ["rule"] as const,
      registers,
    });
    this.events = new Counter({
      name: "inferwatch_detection_events_total",
      help: "Committed events run through the detection rules.",
      registers,
    });
    this.dropped = new Counter({
      name: "inferwatch_detection_dropped_events_total",
      help: "Committed events that skipped detection because its queue (detection.queue_max_events) was full.",
      registers,
    });
    this.ruleErrors = new Counter({
      name: "inferwatch_detection_rule_errors_total",
      help: "Events on which a rule failed while matching (the event goes on to the other rules), by rule id.",
      labelNames: ["rule"] as const,
      registers,
    });
    this.loadErrors = new Counter({
      name: "inferwatch_detection_rule_load_errors_total",
      help: "Problems found in rule files at load or reload (each file:line issue counts once per attempt).",
      registers,
    });
    this.reloads = new Counter({
      name: "inferwatch_detection_reloads_total",
      help: "Rule reloads, by outcome: ok, or rejected (the previous rules stay in force).",
      labelNames: ["outcome"] as const,
      registers,
    });
    this.alertWriteFailures = new Counter({
      name: "inferwatch_detection_alert_write_failures_total",
      help: "Alert batches the store refused (logged with the error).",
      registers,
    });
    this.evictions = new Counter({
      name: "inferwatch_detection_evicted_groups_total",
      help: "Correlation group states evicted because detection.max_groups was reached.",
      registers,
    });
    this.groups = new Gauge({
      name: "inferwatch_detection_correlation_groups",
      help: "Correlation group states held in memory.",
      registers,
    });
    this.rules = new Gauge({
      name: "inferwatch_detection_rules",
      help: "Rules loaded, by kind (detection, correlation, filter).",
      labelNames: ["kind"] as const,
      registers,
    });
    this.queue = new Gauge({
      name: "inferwatch_detection_queue_events",
      help: "Committed events waiting for detection.",
      registers,
    });
    this.lag = new Histogram({
      name: "inferwatch_detection_lag_seconds",
      help: "Time from an event batch's commit to the end of its detection (alerts stored).",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
      registers,
    });
  }

  rule(id: string): string {
    return this.labels.cap(id);
  }
}
