// Streaming detection for one process: compiles the rules once, runs every committed event batch through them off the
// ingest path (bounded queue), stores the alerts, applies rule modes, and reloads rule files without a restart.
import { setImmediate as yieldToIo } from "node:timers/promises";
import type { AlertMode, AlertRow } from "../core/alert-row.js";
import type { WriteBatch } from "../core/batch.js";
import { InferWatchError } from "../core/errors.js";
import type { InferEvent } from "../core/fields.js";
import { newEventId } from "../core/ids.js";
import type { AlertRecord } from "../detection/sigma/alert.js";
import { SigmaEngine } from "../detection/sigma/engine.js";
import { EventView, type SigmaRecord } from "../detection/sigma/event-view.js";
import { readRuleSources } from "../detection/sigma/files.js";
import { formatIssue, type RuleIssue } from "../detection/sigma/issues.js";
import { loadRules, type RuleMeta, type RuleSet } from "../detection/sigma/ruleset.js";
import type { DetectionMetrics } from "../telemetry/detection-metrics.js";
import { RuleWatcher } from "./rule-files.js";

export type RuleMode = "enabled" | "disabled" | "shadow";
export const RULE_MODES: readonly RuleMode[] = ["enabled", "disabled", "shadow"];

export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly kind: "detection" | "correlation" | "filter";
  readonly level: string;
  readonly status: string | null;
  /** Credited wherever the rule is shown (SigmaHQ rules are DRL 1.1). */
  readonly author: string | null;
  /** null for filters, which raise no alerts of their own. */
  readonly mode: RuleMode | null;
  readonly file: string;
  readonly line: number;
}

export interface ReloadResult {
  readonly ok: boolean;
  readonly rules: number;
  readonly correlations: number;
  readonly filters: number;
  /** Problems that made the reload keep the previous rules (`file:line:col: message`). */
  readonly issues: readonly string[];
}

/** Where alerts go; `EventStore` satisfies it. */
export interface AlertSink {
  writeAlerts(alerts: readonly AlertRow[]): Promise<void>;
}

/** The logger calls detection makes (pino's signature). */
export interface DetectionLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DetectionOptions {
  /** Rule files and directories, built-in ones included. */
  readonly rulePaths: readonly string[];
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
  readonly maxGroups: number;
  readonly queueMaxEvents: number;
  /** Modes from the configuration; rules not named are `enabled`. */
  readonly modes: Readonly<Record<string, RuleMode>>;
  readonly watch: boolean;
  readonly debounceMs: number;
}

/** Events run per turn of the event loop: small enough that ingest requests are served between turns. */
const SLICE_EVENTS = 2000;
/** With a live stream (event time near the clock), idle correlation windows are closed by the clock after this. */
const IDLE_GRACE_MS = 60_000;
const TICK_MS = 1000;

interface Queued {
  readonly events: readonly InferEvent[];
  readonly committedAt: number;
  offset: number;
}

export class DetectionService {
  private engine: SigmaEngine;
  private readonly modes = new Map<string, RuleMode>();
  private readonly queue: Queued[] = [];
  private queued = 0;
  private running: Promise<void> | null = null;
  private reloading: Promise<ReloadResult> = Promise.resolve({
    ok: true,
    rules: 0,
    correlations: 0,
    filters: 0,
    issues: [],
  });
  private readonly watcher: RuleWatcher | null;
  private readonly ticker: NodeJS.Timeout;
  private closed = false;
  /** Latest event time seen: tells a live stream (close idle windows by the clock) from a replay (do not). */
  private maxEventTime = Number.NEGATIVE_INFINITY;
  /** Rules whose failure was already logged since the last load (each failure is still counted). */
  private readonly loggedFailures = new Set<string>();
  private lastDropLog = 0;

  /** Loads the rules; refuses to start (rules_invalid, every file:line problem listed) when any is broken. */
  static open(sink: AlertSink, metrics: DetectionMetrics, log: DetectionLog, opts: DetectionOptions): DetectionService {
    const { set, issues } = readAndLoad(opts);
    if (issues.length > 0) {
      metrics.loadErrors.inc(issues.length);
      throw new InferWatchError(
        "rules_invalid",
        `detection rules have ${issues.length} problem(s); fix them or remove the path from detection.rules_paths:\n${issues.join("\n")}`,
      );
    }
    return new DetectionService(sink, metrics, log, opts, set);
  }

  private constructor(
    private readonly sink: AlertSink,
    private readonly metrics: DetectionMetrics,
    private readonly log: DetectionLog,
    private readonly opts: DetectionOptions,
    set: RuleSet,
  ) {
    for (const [id, mode] of Object.entries(opts.modes)) this.modes.set(id, mode);
    this.engine = this.build(set);
    this.warnUnknownModes();
    this.watcher = opts.watch
      ? new RuleWatcher(
          opts.rulePaths,
          opts.debounceMs,
          () => void this.reload(),
          (message) => log.warn({}, message),
        )
      : null;
    this.ticker = setInterval(() => void this.tick(), TICK_MS);
    this.ticker.unref();
  }

  private build(set: RuleSet): SigmaEngine {
    const engine = new SigmaEngine(set, {
      maxGroups: this.opts.maxGroups,
      onEvict: (n) => this.metrics.evictions.inc(n),
    });
    this.metrics.rules.set({ kind: "detection" }, set.detections.length);
    this.metrics.rules.set({ kind: "correlation" }, set.correlations.length);
    this.metrics.rules.set({ kind: "filter" }, set.filters.length);
    this.loggedFailures.clear();
    return engine;
  }

  private warnUnknownModes(): void {
    const known = new Set(this.ruleMetas().map((m) => m.id));
    for (const id of Object.keys(this.opts.modes)) {
      if (!known.has(id))
        this.log.warn({ rule: id }, `detection.rule_modes names rule ${id}, which no rule file holds`);
    }
  }

  private ruleMetas(): RuleMeta[] {
    const s = this.engine.rules;
    return [...s.detections.map((r) => r.meta), ...s.correlations.map((r) => r.meta)];
  }

  /** Takes the events of committed batches; never blocks and never throws (ingest calls it after each commit). */
  submit(batches: readonly WriteBatch[]): void {
    if (this.closed) return;
    let n = 0;
    for (const b of batches) n += b.events.length;
    if (n === 0) return;
    if (this.queued > 0 && this.queued + n > this.opts.queueMaxEvents) {
      this.metrics.dropped.inc(n);
      const now = Date.now();
      if (now - this.lastDropLog > 10_000) {
        this.lastDropLog = now;
        this.log.warn(
          { queued: this.queued, dropped: n },
          "detection queue full (detection.queue_max_events): events stored but not run through the rules",
        );
      }
      return;
    }
    const committedAt = Date.now();
    for (const b of batches) {
      if (b.events.length > 0) this.queue.push({ events: b.events, committedAt, offset: 0 });
    }
    this.queued += n;
    this.metrics.queue.set(this.queued);
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      // Each slice runs in its own turn so ingest requests (and their commits) go on between slices.
      await yieldToIo();
      const item = this.queue[0] as Queued;
      const slice = item.events.slice(item.offset, item.offset + SLICE_EVENTS);
      item.offset += slice.length;
      try {
        const alerts = this.run(slice);
        if (alerts.length > 0) await this.store(alerts);
      } catch (e) {
        // Rule failures are handled per event in run(); this is a bug elsewhere: report it, never crash the process.
        this.metrics.ruleErrors.inc({ rule: "_service" });
        this.log.error({ err: (e as Error).message, events: slice.length }, "detection failed on a slice of events");
      }
      this.queued -= slice.length;
      this.metrics.queue.set(this.queued);
      if (item.offset >= item.events.length) {
        this.queue.shift();
        this.metrics.lag.observe((Date.now() - item.committedAt) / 1000);
      }
    }
  }

  /** Runs events through the current engine; a rule that throws is counted and logged, the event goes on. */
  private run(events: readonly InferEvent[]): AlertRow[] {
    const engine = this.engine;
    const now = Date.now();
    const out: AlertRow[] = [];
    for (const ev of events) {
      if (ev.timestamp > this.maxEventTime) this.maxEventTime = ev.timestamp;
      let records: readonly AlertRecord[];
      try {
        records = engine.process(ev as unknown as SigmaRecord, now);
      } catch (e) {
        this.blame(engine, ev, e);
        continue;
      }
      this.collect(records, now, out);
    }
    this.metrics.events.inc(events.length);
    const stats = engine.stats();
    this.metrics.groups.set(stats.groups);
    return out;
  }

  private collect(records: readonly AlertRecord[], now: number, out: AlertRow[]): void {
    for (const r of records) {
      if (r.alert_type === "match") this.metrics.matches.inc({ rule: this.metrics.rule(r.rule_id) });
      const mode = this.modeOf(r.rule_id);
      if (mode === "disabled") continue;
      const alertMode: AlertMode = mode === "shadow" ? "shadow" : "live";
      out.push({ ...r, alert_id: newEventId(), created_at: now, mode: alertMode });
    }
  }

  /** Finds which rule(s) failed on the event by running each alone; the correlation engine otherwise. */
  private blame(engine: SigmaEngine, ev: InferEvent, err: unknown): void {
    const view = new EventView(ev as unknown as SigmaRecord);
    const culprits: string[] = [];
    for (const r of engine.rules.detections) {
      try {
        r.detection.test(view);
        for (const f of r.filters) f.test(view);
      } catch {
        culprits.push(r.meta.id);
      }
    }
    if (culprits.length === 0) culprits.push("_correlation");
    for (const id of culprits) {
      this.metrics.ruleErrors.inc({ rule: this.metrics.rule(id) });
      if (!this.loggedFailures.has(id)) {
        this.loggedFailures.add(id);
        this.log.error(
          { rule: id, event_id: ev.event_id, err: (err as Error).message },
          `detection rule ${id} failed on an event; it is skipped for that event (logged once per rule until the next reload)`,
        );
      }
    }
  }

  private async store(alerts: AlertRow[]): Promise<void> {
    try {
      await this.sink.writeAlerts(alerts);
      for (const a of alerts) {
        this.metrics.alerts.inc({ rule: this.metrics.rule(a.rule_id), level: a.rule_level, mode: a.mode });
      }
    } catch (e) {
      this.metrics.alertWriteFailures.inc();
      this.log.error({ err: (e as Error).message, alerts: alerts.length }, "storing alerts failed; they are lost");
    }
  }

  /** With a live stream, closes correlation windows that ended while no event came (lazy conditions fire then). */
  private async tick(): Promise<void> {
    if (this.closed || this.running || this.queue.length > 0) return;
    const now = Date.now();
    // A replay of old logs is left alone: its windows close as its own event time moves on.
    if (now - this.maxEventTime > IDLE_GRACE_MS) return;
    const out: AlertRow[] = [];
    try {
      this.collect(this.engine.advance(now - IDLE_GRACE_MS), now, out);
    } catch (e) {
      this.metrics.ruleErrors.inc({ rule: "_correlation" });
      this.log.error({ err: (e as Error).message }, "closing idle correlation windows failed");
      return;
    }
    if (out.length > 0) await this.store(out);
  }

  modeOf(id: string): RuleMode {
    return this.modes.get(id) ?? "enabled";
  }

  /** Every loaded rule with its mode and source file. */
  rules(): RuleInfo[] {
    const s = this.engine.rules;
    const info = (kind: RuleInfo["kind"], m: RuleMeta): RuleInfo => ({
      id: m.id,
      title: m.title,
      kind,
      level: m.level,
      status: m.status ?? null,
      author: m.author ?? null,
      mode: kind === "filter" ? null : this.modeOf(m.id),
      file: m.file,
      line: m.line,
    });
    return [
      ...s.detections.map((r) => info("detection", r.meta)),
      ...s.correlations.map((r) => info("correlation", r.meta)),
      ...s.filters.map((r) => info("filter", r.meta)),
    ];
  }

  /** Sets a rule's mode until restart (or until the configuration is reloaded by a restart). */
  setMode(id: string, mode: RuleMode): RuleInfo {
    const rule = this.rules().find((r) => r.id === id);
    if (!rule) throw new InferWatchError("not_found", `no rule with id ${id} is loaded (GET /api/v1/rules lists them)`);
    if (rule.kind === "filter") {
      throw new InferWatchError(
        "invalid_parameter",
        `${id} is a filter: filters raise no alerts and have no mode (disable the rule it applies to instead)`,
      );
    }
    this.modes.set(id, mode);
    this.log.info({ rule: id, mode }, `rule ${id} set to ${mode}`);
    return { ...rule, mode };
  }

  /** Re-reads the rule files; a broken file keeps the previous rules in force. Reloads never overlap. */
  reload(): Promise<ReloadResult> {
    this.reloading = this.reloading.then(
      () => this.reloadNow(),
      () => this.reloadNow(),
    );
    return this.reloading;
  }

  private reloadNow(): ReloadResult {
    if (this.closed) return { ok: false, rules: 0, correlations: 0, filters: 0, issues: ["detection is stopping"] };
    let loaded: { set: RuleSet; issues: string[] };
    try {
      loaded = readAndLoad(this.opts);
    } catch (e) {
      // An unexpected loader failure is a rejected reload like any other, never a crash of the server.
      loaded = { set: this.engine.rules, issues: [`loading rules failed: ${(e as Error).message}`] };
    }
    const { set, issues } = loaded;
    this.watcher?.sync();
    if (issues.length > 0) {
      this.metrics.loadErrors.inc(issues.length);
      this.metrics.reloads.inc({ outcome: "rejected" });
      for (const i of issues) this.log.error({ issue: i }, `rule reload rejected, previous rules kept: ${i}`);
      const s = this.engine.rules;
      return {
        ok: false,
        rules: s.detections.length,
        correlations: s.correlations.length,
        filters: s.filters.length,
        issues,
      };
    }
    // Correlation state starts afresh: windows of the old rules cannot be carried into recompiled ones.
    this.engine = this.build(set);
    this.metrics.reloads.inc({ outcome: "ok" });
    this.warnUnknownModes();
    const result = {
      ok: true,
      rules: set.detections.length,
      correlations: set.correlations.length,
      filters: set.filters.length,
      issues: [],
    };
    this.log.info(result, "detection rules reloaded");
    return result;
  }

  /** Resolves once every event queued so far has been run and its alerts stored. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops watching and ticking, then finishes the queued events. Correlation state is in memory and ends here. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    clearInterval(this.ticker);
    await this.drain();
    await this.reloading.catch(() => undefined);
  }
}

/** Reads and compiles the rule files; file-system failures (a path gone, unreadable) are issues like any other. */
function readAndLoad(opts: DetectionOptions): { set: RuleSet; issues: string[] } {
  let sources: ReturnType<typeof readRuleSources>;
  try {
    sources = readRuleSources(opts.rulePaths);
  } catch (e) {
    return {
      set: { detections: [], correlations: [], filters: [] },
      issues: [`reading rule files: ${(e as Error).message}`],
    };
  }
  const { set, issues } = loadRules(sources, { placeholders: opts.placeholders });
  return { set, issues: issues.map((i: RuleIssue) => formatIssue(i)) };
}
