// The streaming Sigma engine: rules compiled once, indexed by the literals they need, run per event; matches feed the
// correlation engine and come out as alert records.
import { type AlertRecord, alertBase, eventId, eventTime } from "./alert.js";
import { CorrelationEngine, type CorrelationOptions } from "./correlation.js";
import type { Anchor } from "./detection.js";
import { EventView, type SigmaRecord } from "./event-view.js";
import { type Getter, makeGetter } from "./field-map.js";
import { SigmaRuleError } from "./issues.js";
import { type DetectionRule, type LoadOptions, loadRules, type RuleSet, type RuleSource } from "./ruleset.js";

export interface EngineOptions extends LoadOptions, CorrelationOptions {}

/** Anchors with more values than this are not worth a bucket lookup per value; the rule is scanned instead. */
const MAX_ANCHOR_VALUES = 4096;

interface FieldIndex {
  readonly getter: Getter;
  /** Exact anchors: lower-cased value → rules. */
  readonly buckets: Map<string, DetectionRule[]>;
  /** Substring anchors: code of a literal's first three characters → rules. */
  readonly grams: Map<number, DetectionRule[]>;
  /** Every rule with a substring anchor here (checked directly when the value is too long to scan). */
  readonly subRules: DetectionRule[];
  /** Low byte of the first character of every indexed trigram: most positions are skipped without a map lookup. */
  readonly firstChars: Uint8Array;
}

/** Values longer than this are not scanned for trigrams; their field's substring-anchored rules are all checked. */
const MAX_GRAM_SCAN = 4096;

function gramAt(s: string, i: number): number {
  return (s.charCodeAt(i) * 65_536 + s.charCodeAt(i + 1)) * 65_536 + s.charCodeAt(i + 2);
}

const NO_ALERTS: readonly AlertRecord[] = Object.freeze([]);
/** Event-time granularity at which unrelated events close ended correlation windows. */
const TICK_MS = 1000;

function push<K>(m: Map<K, DetectionRule[]>, k: K, r: DetectionRule): void {
  const list = m.get(k);
  if (list) {
    if (!list.includes(r)) list.push(r);
  } else m.set(k, [r]);
}

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
  /** Per-rule stamp of the last event that checked it, so a rule reached by several trigrams is checked once. */
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly hasCorrelations: boolean;
  private nextTick = Number.NEGATIVE_INFINITY;

  /** Compiles rule texts; throws SigmaRuleError listing every problem when any rule is invalid. */
  static fromSources(sources: readonly RuleSource[], opts: EngineOptions = {}): SigmaEngine {
    const { set, issues } = loadRules(sources, opts);
    if (issues.length > 0) throw new SigmaRuleError(issues);
    return new SigmaEngine(set, opts);
  }

  constructor(rules: RuleSet, opts: CorrelationOptions = {}) {
    this.rules = rules;
    this.correlations = new CorrelationEngine(rules.correlations, opts);
    this.hasCorrelations = rules.correlations.length > 0;
    const quiet = new Set<string>();
    const loud = new Set<string>();
    for (const c of rules.correlations) for (const id of c.rules) (c.generate ? loud : quiet).add(id);
    this.emits = new Set(rules.detections.map((d) => d.meta.id).filter((id) => !quiet.has(id) || loud.has(id)));
    // How many rules share each anchor value: the engine indexes each rule under its least shared anchor.
    const share = new Map<string, number>();
    const keyOfAnchor = (a: Anchor, v: string) => `${a.field}\u0000${a.kind}\u0000${v}`;
    for (const rule of rules.detections) {
      for (const a of rule.detection.anchors)
        for (const v of new Set(a.values)) {
          const k = keyOfAnchor(a, v);
          share.set(k, (share.get(k) ?? 0) + 1);
        }
    }
    const cost = (a: Anchor) => {
      let worst = 0;
      for (const v of a.values) worst = Math.max(worst, share.get(keyOfAnchor(a, v)) ?? 0);
      // substring anchors cost a scan of the value; more values mean more buckets to fill
      return worst * (a.kind === "sub" ? 2 : 1) + a.values.length / 1000;
    };
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
      const best = anchors.reduce((a, b) => (cost(b) < cost(a) ? b : a));
      let ix = this.index.get(best.field);
      if (!ix) {
        ix = {
          getter: makeGetter(best.field),
          buckets: new Map(),
          grams: new Map(),
          subRules: [],
          firstChars: new Uint8Array(256),
        };
        this.index.set(best.field, ix);
      }
      if (best.kind === "eq") {
        for (const v of new Set(best.values)) push(ix.buckets, v, rule);
      } else {
        ix.subRules.push(rule);
        for (const v of best.values) ix.firstChars[v.charCodeAt(0) & 255] = 1;
        for (const g of new Set(best.values.map((v) => gramAt(v, 0)))) push(ix.grams, g, rule);
      }
    }
    this.seen = new Int32Array(rules.detections.length);
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

  private nextStamp(): number {
    if (this.stamp >= 0x7fffffff) {
      this.stamp = 0;
      this.seen.fill(0);
    }
    return ++this.stamp;
  }

  private checkOnce(
    r: DetectionRule,
    view: EventView,
    kind: string | undefined,
    out: DetectionRule[],
    stamp: number,
  ): void {
    if (this.seen[r.index] === stamp) return;
    this.seen[r.index] = stamp;
    this.check(r, view, kind, out);
  }

  /** Checks the rules one field value can reach through the exact and trigram indexes; returns the event's stamp. */
  private probe(
    ix: FieldIndex,
    e: unknown,
    view: EventView,
    kind: string | undefined,
    out: DetectionRule[],
    stamp: number,
  ): number {
    const k = keyOf(e);
    if (k === undefined) return stamp;
    const list = ix.buckets.get(k);
    if (list) {
      if (stamp === 0) stamp = this.nextStamp();
      for (let i = 0; i < list.length; i++) this.checkOnce(list[i] as DetectionRule, view, kind, out, stamp);
    }
    if (ix.subRules.length === 0 || k.length < 3) return stamp;
    if (stamp === 0) stamp = this.nextStamp();
    if (k.length > MAX_GRAM_SCAN) {
      for (const r of ix.subRules) this.checkOnce(r, view, kind, out, stamp);
      return stamp;
    }
    const first = ix.firstChars;
    for (let p = 0; p + 3 <= k.length; p++) {
      if (first[k.charCodeAt(p) & 255] === 0) continue;
      const g = ix.grams.get(gramAt(k, p));
      if (g) for (let i = 0; i < g.length; i++) this.checkOnce(g[i] as DetectionRule, view, kind, out, stamp);
    }
    return stamp;
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
    let stamp = 0;
    for (const ix of this.index.values()) {
      const x = ix.getter(view);
      if (x === undefined || x === null) continue;
      if (!Array.isArray(x)) {
        stamp = this.probe(ix, x, view, kind, out, stamp);
        continue;
      }
      for (const e of x) stamp = this.probe(ix, e, view, kind, out, stamp);
    }
    return out;
  }

  /** Runs every rule on one event; returns the alerts it raises (single-event matches and completed correlations). */
  process(ev: SigmaRecord, now = Date.now()): readonly AlertRecord[] {
    const view = new EventView(ev);
    const matched = this.matchView(view);
    let ticked: readonly AlertRecord[] = NO_ALERTS;
    if (this.hasCorrelations) {
      // every event moves event time on (about once a second of event time), closing windows that ended
      const t = eventTime(ev, now);
      if (t >= this.nextTick) {
        this.nextTick = t + TICK_MS;
        ticked = this.correlations.advance(t);
      }
    }
    if (matched.length === 0) return ticked;
    const time = eventTime(ev, now);
    const id = eventId(ev);
    const out: AlertRecord[] = [...ticked];
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

  /** Counters for metrics: rule counts, how rules are reached, and correlation state. */
  stats(): {
    rules: number;
    correlations: number;
    indexedRules: number;
    scannedRules: number;
    groups: number;
    evictedGroups: number;
  } {
    const scanned = new Set([...this.scanAll, ...[...this.scanByKind.values()].flat()]).size;
    return {
      rules: this.rules.detections.length,
      correlations: this.rules.correlations.length,
      indexedRules: this.rules.detections.length - scanned,
      scannedRules: scanned,
      groups: this.correlations.groups,
      evictedGroups: this.correlations.evicted,
    };
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
