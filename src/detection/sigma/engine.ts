// The streaming Sigma engine: rules compiled once, indexed by the literals they need, run per event; matches feed the
// correlation engine and come out as alert records.
import { type AlertRecord, alertBase, eventId, eventTime } from "./alert.js";
import { CorrelationEngine, type CorrelationOptions } from "./correlation.js";
import { EventView, type SigmaRecord } from "./event-view.js";
import { type Getter, makeGetter } from "./field-map.js";
import { SigmaRuleError } from "./issues.js";
import { type DetectionRule, type LoadOptions, loadRules, type RuleSet, type RuleSource } from "./ruleset.js";

export interface EngineOptions extends LoadOptions, CorrelationOptions {}

/** Anchors with more values than this are not worth a bucket lookup per value; the rule is scanned instead. */
const MAX_ANCHOR_VALUES = 4096;

interface FieldIndex {
  readonly getter: Getter;
  readonly buckets: Map<string, DetectionRule[]>;
}

const NO_ALERTS: readonly AlertRecord[] = Object.freeze([]);

function keyOf(x: unknown): string | undefined {
  if (typeof x === "string") return x.toLowerCase();
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return String(x);
  return undefined;
}

export class SigmaEngine {
  readonly rules: RuleSet;
  readonly correlations: CorrelationEngine;
  private readonly index = new Map<string, FieldIndex>();
  /** Rules with no usable anchor, by routed event kind ("" = every event). */
  private readonly scanByKind = new Map<string, DetectionRule[]>();
  private readonly scanAll: DetectionRule[] = [];
  /** Rules whose single-event matches become alerts (not only correlation input, see `generate`). */
  private readonly emits: ReadonlySet<string>;

  /** Compiles rule texts; throws SigmaRuleError listing every problem when any rule is invalid. */
  static fromSources(sources: readonly RuleSource[], opts: EngineOptions = {}): SigmaEngine {
    const { set, issues } = loadRules(sources, opts);
    if (issues.length > 0) throw new SigmaRuleError(issues);
    return new SigmaEngine(set, opts);
  }

  constructor(rules: RuleSet, opts: CorrelationOptions = {}) {
    this.rules = rules;
    this.correlations = new CorrelationEngine(rules.correlations, opts);
    const quiet = new Set<string>();
    const loud = new Set<string>();
    for (const c of rules.correlations) for (const id of c.rules) (c.generate ? loud : quiet).add(id);
    this.emits = new Set(rules.detections.map((d) => d.meta.id).filter((id) => !quiet.has(id) || loud.has(id)));
    for (const rule of rules.detections) {
      const anchors = rule.detection.anchors.filter((a) => a.values.length <= MAX_ANCHOR_VALUES);
      if (anchors.length === 0) {
        if (rule.eventKinds) {
          for (const k of rule.eventKinds) {
            const list = this.scanByKind.get(k) ?? [];
            list.push(rule);
            this.scanByKind.set(k, list);
          }
        } else this.scanAll.push(rule);
        continue;
      }
      const best = anchors.reduce((a, b) => (b.values.length < a.values.length ? b : a));
      let ix = this.index.get(best.field);
      if (!ix) {
        ix = { getter: makeGetter(best.field), buckets: new Map() };
        this.index.set(best.field, ix);
      }
      for (const v of new Set(best.values)) {
        const list = ix.buckets.get(v) ?? [];
        list.push(rule);
        ix.buckets.set(v, list);
      }
    }
  }

  /** Detection rules that match one event (filters applied), whether or not they emit alerts on their own. */
  match(ev: SigmaRecord): DetectionRule[] {
    return this.matchView(new EventView(ev));
  }

  private check(r: DetectionRule, view: EventView, kind: string | undefined, out: DetectionRule[]): void {
    if (r.eventKinds !== null && (kind === undefined || !r.eventKinds.has(kind))) return;
    if (!r.detection.test(view)) return;
    for (const f of r.filters) if (f.test(view)) return;
    out.push(r);
  }

  private matchView(view: EventView): DetectionRule[] {
    const out: DetectionRule[] = [];
    const kindRaw = view.ev.event_kind;
    const kind = typeof kindRaw === "string" ? kindRaw : undefined;
    for (const r of this.scanAll) this.check(r, view, kind, out);
    if (kind !== undefined) {
      const list = this.scanByKind.get(kind);
      if (list) for (const r of list) this.check(r, view, kind, out);
    }
    for (const ix of this.index.values()) {
      const x = ix.getter(view);
      if (x === undefined || x === null) continue;
      if (Array.isArray(x)) {
        const hit = new Set<DetectionRule>();
        for (const e of x) {
          const k = keyOf(e);
          const list = k === undefined ? undefined : ix.buckets.get(k);
          if (list) for (const r of list) hit.add(r);
        }
        for (const r of hit) this.check(r, view, kind, out);
        continue;
      }
      const k = keyOf(x);
      if (k === undefined) continue;
      const list = ix.buckets.get(k);
      if (list) for (let i = 0; i < list.length; i++) this.check(list[i] as DetectionRule, view, kind, out);
    }
    return out;
  }

  /** Runs every rule on one event; returns the alerts it raises (single-event matches and completed correlations). */
  process(ev: SigmaRecord, now = Date.now()): readonly AlertRecord[] {
    const view = new EventView(ev);
    const matched = this.matchView(view);
    if (matched.length === 0) return NO_ALERTS;
    const time = eventTime(ev, now);
    const id = eventId(ev);
    const out: AlertRecord[] = [];
    for (const r of matched) {
      if (this.emits.has(r.meta.id)) {
        out.push({
          ...alertBase(r.meta),
          alert_type: "match",
          group_key: null,
          first_seen: time,
          last_seen: time,
          count: 1,
          value: null,
          evidence_event_ids: id === undefined ? [] : [id],
        });
      }
      out.push(...this.correlations.onMatch(r.meta.id, view, time, id));
    }
    return out;
  }

  /** Advances event time without an event (a clock tick): closes windows that ended. */
  advance(now: number): AlertRecord[] {
    return this.correlations.advance(now);
  }

  /** End of input: closes every open correlation window. */
  flush(): AlertRecord[] {
    return this.correlations.flush();
  }
}
