// A retro-hunt's plan: one query (IR) per detection rule that a hunt needs, selecting the rule's matches in a time
// range in event-time order; hunt-replay.ts turns the matches into the alerts the streaming engine would raise.

import { FIELD_BY_NAME } from "../../core/fields.js";
import { DEFAULT_CATALOG } from "../../query/catalog.js";
import type { IrColumn, IrExpr, IrRel } from "../../query/ir.js";
import { columnFor } from "./field-map.js";
import type { ItemOptions } from "./modifiers.js";
import type { DetectionRule, RuleSet } from "./ruleset.js";
import { and, ruleToIr } from "./to-ir.js";

export interface HuntRange {
  /** Inclusive lower bound of event time, ms since the epoch. */
  readonly sinceMs: number;
  /** Exclusive upper bound of event time. */
  readonly untilMs: number;
}

export interface RuleQuery {
  readonly rule: DetectionRule;
  /** The rule's single-event matches become alerts (see `generate`). */
  readonly emits: boolean;
  /** Some correlation listens to the rule: its matches carry whole rows (group-by and value fields are read there). */
  readonly feeds: boolean;
  readonly rel: IrRel;
}

const EVENTS = DEFAULT_CATALOG.get("events");

function column(name: string): IrExpr {
  const c = EVENTS?.columns.find((x) => x.name === name);
  return { k: "column", name, type: c?.type ?? "string" };
}

/** Which detection rules alert on their own: those no correlation uses, or used by one with `generate: true`. */
export function emittingRules(set: RuleSet): ReadonlySet<string> {
  const quiet = new Set<string>();
  const loud = new Set<string>();
  for (const c of set.correlations) for (const id of c.rules) (c.generate ? loud : quiet).add(id);
  return new Set(set.detections.map((d) => d.meta.id).filter((id) => !quiet.has(id) || loud.has(id)));
}

/**
 * The columns correlations read from a rule's matches: time, id, `attributes` (the field mapping falls back to it when
 * a column is null) and the columns the group-by and value fields resolve to, per the rule's aliases. Reading only
 * these keeps a hunt over millions of matches from decoding every prompt and raw line.
 */
export function columnsForCorrelations(set: RuleSet, ruleId: string): Set<string> {
  const out = new Set(["timestamp", "event_id", "attributes"]);
  for (const c of set.correlations) {
    if (!c.rules.includes(ruleId)) continue;
    for (const name of [...c.groupBy, ...(c.field ? [c.field] : [])]) {
      const field = c.aliases.get(name)?.get(ruleId) ?? name;
      const column = columnFor(field) ?? (FIELD_BY_NAME.has(field) ? field : undefined);
      // a name that maps to no column is read from `attributes`
      if (column !== undefined) out.add(column);
    }
  }
  return out;
}

/** One query per detection rule whose matches matter, in the rule set's order. */
export function planHunt(set: RuleSet, opts: ItemOptions, range: HuntRange): RuleQuery[] {
  if (!EVENTS) throw new Error("the query catalog has no events table");
  const emits = emittingRules(set);
  const feeds = new Set(set.correlations.flatMap((c) => c.rules));
  const time = column("timestamp");
  const inRange: IrExpr[] = [
    { k: "call", op: "ge", args: [time, { k: "literal", value: range.sinceMs, type: "long" }], type: "bool" },
    { k: "call", op: "lt", args: [time, { k: "literal", value: range.untilMs, type: "long" }], type: "bool" },
  ];
  const out: RuleQuery[] = [];
  for (const rule of set.detections) {
    const e = emits.has(rule.meta.id);
    const f = feeds.has(rule.meta.id);
    if (!e && !f) continue;
    const scan: IrRel = { k: "scan", table: "events", columns: EVENTS.columns };
    const filter: IrRel = {
      k: "filter",
      input: scan,
      pred: and([...inRange, ruleToIr(rule, opts)]),
      columns: EVENTS.columns,
    };
    const wanted = f ? columnsForCorrelations(set, rule.meta.id) : new Set(["timestamp", "event_id"]);
    const keep: readonly IrColumn[] = EVENTS.columns.filter((c) => wanted.has(c.name));
    const project: IrRel = {
      k: "project",
      input: filter,
      items: keep.map((c) => ({ name: c.name, expr: column(c.name) })),
      columns: keep,
    };
    const rel: IrRel = {
      k: "sort",
      input: project,
      keys: [
        { expr: time, desc: false, nullsFirst: false },
        { expr: column("event_id"), desc: false, nullsFirst: false },
      ],
      columns: keep,
    };
    out.push({ rule, emits: e, feeds: f, rel });
  }
  return out;
}
