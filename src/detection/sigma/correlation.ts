// Streaming Sigma correlations: per-group sliding windows for every correlation type, bounded in memory (LRU eviction).
import { type AlertRecord, alertBase, MAX_EVIDENCE } from "./alert.js";
import type { EventView } from "./event-view.js";
import { type Getter, makeGetter } from "./field-map.js";
import type { CorrelationCondition, CorrelationRule } from "./ruleset.js";

export interface CorrelationOptions {
  /** Most group states held at once across all correlations; the least recently updated is evicted beyond it. */
  readonly maxGroups?: number;
  /** Most events remembered per group for value_sum/value_avg/value_percentile (oldest dropped beyond it). */
  readonly maxEntriesPerGroup?: number;
  /** Called with the number of group states evicted for lack of room (wire to a metric). */
  readonly onEvict?: (n: number) => void;
}

export const DEFAULT_MAX_GROUPS = 100_000;
export const DEFAULT_MAX_ENTRIES_PER_GROUP = 10_000;

interface Compiled {
  readonly rule: CorrelationRule;
  /** rule id → getters of the group-by fields (aliases resolved per rule). */
  readonly groupGetters: ReadonlyMap<string, readonly Getter[]>;
  readonly fieldGetters: ReadonlyMap<string, Getter>;
  /** True when the condition has a lower bound: it is checked on every event; otherwise when the window closes. */
  readonly eager: boolean;
  /** How many entries a sliding count needs at most to decide the condition. */
  readonly cap: number;
}

// Shared empty containers for the state parts a correlation type never writes (saves memory per group).
const NO_SEEN: Map<string, number> = new Map();
const NO_STARTS: (number | undefined)[] = [];
// replaced (never written) by the first push
const NO_TIMES: number[] = [];
const NO_IDS: (string | undefined)[] = [];
const NO_VALS: (number | string)[] = [];

interface State {
  readonly c: Compiled;
  /** Group-by values, in group-by order (the alert's group object is built only when it fires). */
  readonly parts: readonly unknown[];
  /** Sliding entries (time-ordered): event times, ids, and values (numbers or text, by type). */
  times: number[];
  ids: (string | undefined)[];
  vals: (number | string)[];
  head: number;
  sum: number;
  /** value_count: value → last time; temporal: rule id → last time. */
  seen: Map<string, number>;
  /** temporal_ordered: latest start time of a chain that completed steps 0..k. */
  starts: (number | undefined)[];
  windowStart: number;
  /** Time of the latest event fed to this group. */
  last: number;
  total: number;
}

function holds(c: CorrelationCondition, x: number): boolean {
  if (c.gt !== undefined && !(x > c.gt)) return false;
  if (c.gte !== undefined && !(x >= c.gte)) return false;
  if (c.lt !== undefined && !(x < c.lt)) return false;
  if (c.lte !== undefined && !(x <= c.lte)) return false;
  if (c.eq !== undefined && x !== c.eq) return false;
  if (c.neq !== undefined && x === c.neq) return false;
  return true;
}

function keyPart(x: unknown): unknown {
  if (x === undefined) return null;
  if (typeof x === "string") return x;
  if (typeof x === "number" || typeof x === "boolean" || x === null) return x;
  return JSON.stringify(x);
}

function groupOf(st: State): Record<string, unknown> {
  const group: Record<string, unknown> = {};
  st.c.rule.groupBy.forEach((g, i) => {
    group[g] = st.parts[i];
  });
  return group;
}

export class CorrelationEngine {
  private readonly byRule = new Map<string, Compiled[]>();
  private readonly states = new Map<string, State>();
  private readonly maxGroups: number;
  private readonly maxEntries: number;
  private readonly onEvict: ((n: number) => void) | undefined;
  private watermark = Number.NEGATIVE_INFINITY;
  evicted = 0;

  constructor(rules: readonly CorrelationRule[], opts: CorrelationOptions = {}) {
    this.maxGroups = opts.maxGroups ?? DEFAULT_MAX_GROUPS;
    this.maxEntries = opts.maxEntriesPerGroup ?? DEFAULT_MAX_ENTRIES_PER_GROUP;
    this.onEvict = opts.onEvict;
    for (const rule of rules) {
      const groupGetters = new Map<string, Getter[]>();
      const fieldGetters = new Map<string, Getter>();
      for (const id of rule.rules) {
        const pick = (name: string) => makeGetter(rule.aliases.get(name)?.get(id) ?? name);
        groupGetters.set(id, rule.groupBy.map(pick));
        if (rule.field) fieldGetters.set(id, pick(rule.field));
      }
      const c = rule.condition;
      const eager =
        rule.type !== "value_percentile" && (c.gt !== undefined || c.gte !== undefined || c.eq !== undefined);
      const bound = Math.max(c.gt ?? 0, c.gte ?? 0, c.eq ?? 0, c.lt ?? 0, c.lte ?? 0, c.neq ?? 0);
      const compiled: Compiled = { rule, groupGetters, fieldGetters, eager, cap: Math.min(bound + 2, this.maxEntries) };
      for (const id of rule.rules) {
        const list = this.byRule.get(id) ?? [];
        if (!list.includes(compiled)) list.push(compiled);
        this.byRule.set(id, list);
      }
    }
  }

  /** Rule ids some correlation listens to. */
  referencedRules(): ReadonlySet<string> {
    return new Set(this.byRule.keys());
  }

  /** Group states currently held. */
  get groups(): number {
    return this.states.size;
  }

  /** Feeds one match of detection rule `ruleId`; returns the correlations it completes. */
  onMatch(ruleId: string, view: EventView, time: number, id: string | undefined): AlertRecord[] {
    const cs = this.byRule.get(ruleId);
    if (!cs) return [];
    const out = time > this.watermark ? this.advance(time) : [];
    for (const c of cs) {
      const getters = c.groupGetters.get(ruleId) as readonly Getter[];
      const parts = getters.map((g) => keyPart(g(view)));
      const key = `${c.rule.meta.id}\u0000${JSON.stringify(parts)}`;
      let st = this.states.get(key);
      if (st) {
        // keep the map in least-recently-updated order
        this.states.delete(key);
        if (!c.eager && time >= st.windowStart + c.rule.timespanMs) {
          // A tumbling window that ended before this event and that advance() has not reached yet (it looks at a
          // bounded number of the oldest states): judge it now, then this event opens the next window.
          out.push(...this.close(st));
          st = undefined;
        }
      }
      if (!st) {
        const type = c.rule.type;
        st = {
          c,
          parts,
          times: NO_TIMES,
          ids: NO_IDS,
          vals: NO_VALS,
          head: 0,
          sum: 0,
          seen: type === "value_count" || type === "temporal" ? new Map() : NO_SEEN,
          starts: type === "temporal_ordered" ? [] : NO_STARTS,
          windowStart: time,
          last: time,
          total: 0,
        };
      }
      if (time > st.last) st.last = time;
      this.states.set(key, st);
      const fired = this.update(st, ruleId, view, time, id);
      if (fired) {
        out.push(fired);
        this.states.delete(key); // a fired group starts afresh
      }
    }
    if (this.states.size > this.maxGroups) {
      let n = 0;
      for (const k of this.states.keys()) {
        if (this.states.size <= this.maxGroups) break;
        this.states.delete(k);
        n++;
      }
      this.evicted += n;
      this.onEvict?.(n);
    }
    return out;
  }

  /** Moves event time forward: closes lazy windows that ended (lt/lte-only conditions, value_percentile). */
  advance(now: number): AlertRecord[] {
    if (now > this.watermark) this.watermark = now;
    const out: AlertRecord[] = [];
    let looked = 0;
    for (const [k, st] of this.states) {
      // states are in update order; a bounded look at the oldest keeps this O(1) amortized per event
      if (looked++ >= 64) break;
      // sliding (eager) windows are idle once their latest event left the window; tumbling ones when they end
      const end = (st.c.eager ? st.last : st.windowStart) + st.c.rule.timespanMs;
      if (end > this.watermark) {
        if (st.c.eager) continue;
        break;
      }
      if (!st.c.eager) out.push(...this.close(st));
      this.states.delete(k);
    }
    return out;
  }

  /** Closes every open window (end of input, shutdown): lazy conditions are evaluated. */
  flush(): AlertRecord[] {
    const out: AlertRecord[] = [];
    for (const st of this.states.values()) if (!st.c.eager) out.push(...this.close(st));
    this.states.clear();
    return out;
  }

  private prune(st: State, time: number): void {
    const from = time - st.c.rule.timespanMs;
    while (st.head < st.times.length && (st.times[st.head] as number) < from) {
      const v = st.vals[st.head];
      if (typeof v === "number") st.sum -= v;
      st.head++;
    }
    if (st.head > 1024 && st.head * 2 > st.times.length) {
      st.times = st.times.slice(st.head);
      st.ids = st.ids.slice(st.head);
      st.vals = st.vals.slice(st.head);
      st.head = 0;
    }
  }

  private push(st: State, time: number, id: string | undefined, val: number | string | undefined, cap: number): void {
    if (st.times.length === 0) {
      // most groups of a high-cardinality key see one event: exact-size literals instead of push's growth reserve
      st.times = [time];
      st.ids = [id];
      if (val !== undefined) st.vals = [val];
    } else {
      st.times.push(time);
      st.ids.push(id);
      // only value_* types carry values (always, so `vals` stays aligned with `times`)
      if (val !== undefined) st.vals.push(val);
    }
    if (typeof val === "number") st.sum += val;
    st.total++;
    while (st.times.length - st.head > cap) {
      const v = st.vals[st.head];
      if (typeof v === "number" && !Number.isNaN(v)) st.sum -= v;
      st.head++;
    }
  }

  private alert(
    st: State,
    value: number,
    count: number,
    first: number,
    last: number,
    ids: (string | undefined)[],
    group: Record<string, unknown> = groupOf(st),
  ): AlertRecord {
    const evidence = ids.filter((x): x is string => x !== undefined);
    return {
      ...alertBase(st.c.rule.meta),
      alert_type: st.c.rule.type,
      group_key: group,
      first_seen: first,
      last_seen: last,
      count,
      value,
      evidence_event_ids: evidence.slice(-MAX_EVIDENCE),
    };
  }

  private update(
    st: State,
    ruleId: string,
    view: EventView,
    time: number,
    id: string | undefined,
  ): AlertRecord | undefined {
    const { rule, eager } = st.c;
    const span = rule.timespanMs;
    const cond = rule.condition;
    switch (rule.type) {
      case "event_count": {
        if (eager) this.prune(st, time);
        this.push(st, time, id, undefined, st.c.cap);
        const n = st.times.length - st.head;
        if (eager && holds(cond, n))
          return this.alert(st, n, n, st.times[st.head] as number, time, st.ids.slice(st.head));
        return undefined;
      }
      case "value_count": {
        const raw = st.c.fieldGetters.get(ruleId)?.(view);
        if (raw === undefined || raw === null) return undefined;
        const v = typeof raw === "string" ? raw : JSON.stringify(raw);
        if (eager) {
          const from = time - span;
          for (const [k, t] of st.seen) {
            if (t >= from) break;
            st.seen.delete(k);
          }
          this.prune(st, time);
        }
        st.seen.delete(v);
        st.seen.set(v, time);
        while (st.seen.size > st.c.cap) st.seen.delete(st.seen.keys().next().value as string);
        this.push(st, time, id, undefined, MAX_EVIDENCE);
        const n = st.seen.size;
        if (eager && holds(cond, n))
          return this.alert(st, n, st.total, st.times[st.head] as number, time, st.ids.slice(st.head));
        return undefined;
      }
      case "value_sum":
      case "value_avg":
      case "value_percentile": {
        const raw = st.c.fieldGetters.get(ruleId)?.(view);
        let val: number | string | undefined;
        if (rule.type === "value_percentile") {
          if (raw === undefined || raw === null) return undefined;
          val = typeof raw === "string" ? raw : JSON.stringify(raw);
        } else {
          const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() ? Number(raw) : Number.NaN;
          if (!Number.isFinite(n)) return undefined; // non-numeric values do not enter sums or averages
          val = n;
        }
        if (eager) this.prune(st, time);
        this.push(st, time, id, val, this.maxEntries);
        if (!eager) return undefined;
        const n = st.times.length - st.head;
        const agg = rule.type === "value_sum" ? st.sum : st.sum / n;
        if (holds(cond, agg)) return this.alert(st, agg, n, st.times[st.head] as number, time, st.ids.slice(st.head));
        return undefined;
      }
      case "temporal": {
        const from = time - span;
        for (const [k, t] of [...st.seen]) if (t < from) st.seen.delete(k);
        st.seen.set(ruleId, time);
        this.prune(st, time);
        this.push(st, time, id, undefined, MAX_EVIDENCE);
        const n = st.seen.size;
        if (holds(cond, n))
          return this.alert(st, n, st.times.length - st.head, st.times[st.head] as number, time, st.ids.slice(st.head));
        return undefined;
      }
      case "temporal_ordered": {
        const steps = rule.rules;
        let fired = false;
        // a rule may appear at several steps; walk backwards so one event advances a chain by one step only
        for (let j = steps.length - 1; j >= 0; j--) {
          if (steps[j] !== ruleId) continue;
          if (j === 0) st.starts[0] = time;
          else {
            const s = st.starts[j - 1];
            if (s !== undefined && time - s <= span) st.starts[j] = Math.max(st.starts[j] ?? s, s);
          }
          if (j === steps.length - 1 && st.starts[j] !== undefined) fired = true;
        }
        this.prune(st, time);
        this.push(st, time, id, undefined, MAX_EVIDENCE);
        if (fired) {
          const start = st.starts[steps.length - 1] as number;
          return this.alert(st, steps.length, st.times.length - st.head, start, time, st.ids.slice(st.head));
        }
        return undefined;
      }
    }
  }

  /** Evaluates a lazy (window-close) condition. */
  private close(st: State): AlertRecord[] {
    const { rule } = st.c;
    const n = st.times.length - st.head;
    if (n === 0) return [];
    const first = st.times[st.head] as number;
    const last = st.times[st.times.length - 1] as number;
    const ids = st.ids.slice(st.head);
    const cond = rule.condition;
    switch (rule.type) {
      case "event_count":
        return holds(cond, st.total) ? [this.alert(st, st.total, st.total, first, last, ids)] : [];
      case "value_count":
        return holds(cond, st.seen.size) ? [this.alert(st, st.seen.size, st.total, first, last, ids)] : [];
      case "value_sum":
      case "value_avg": {
        const agg = rule.type === "value_sum" ? st.sum : st.sum / n;
        return holds(cond, agg) ? [this.alert(st, agg, n, first, last, ids)] : [];
      }
      case "value_percentile": {
        // share (in percent) of the group's events in the window that carry each value; rare values fire
        const counts = new Map<string, number>();
        for (let i = st.head; i < st.vals.length; i++) {
          const v = String(st.vals[i]);
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        const out: AlertRecord[] = [];
        for (const [v, c] of counts) {
          const pct = (100 * c) / n;
          if (!holds(cond, pct)) continue;
          const vIds = ids.filter((_, i) => String(st.vals[st.head + i]) === v);
          out.push(this.alert(st, pct, c, first, last, vIds, { ...groupOf(st), [rule.field as string]: v }));
        }
        return out;
      }
      default:
        return [];
    }
  }
}
