// Turns the matches a hunt's queries found into alert records with the streaming engine's own logic: single-event
// matches as they are, correlations by feeding the matches, in event-time order, to the same CorrelationEngine.
import { type AlertRecord, alertBase, eventId, eventTime } from "./alert.js";
import { CorrelationEngine, type CorrelationOptions } from "./correlation.js";
import { EventView, type SigmaRecord } from "./event-view.js";
import type { RuleQuery } from "./hunt-plan.js";
import type { RuleSet } from "./ruleset.js";

/** One rule's matches, each a stored row (column name → value; nulls may be left out). */
export interface RuleMatches {
  readonly query: RuleQuery;
  readonly rows: readonly SigmaRecord[];
}

/** Event-time granularity at which the streaming engine closes ended windows (engine.ts TICK_MS). */
const TICK_MS = 1000;

interface Hit {
  readonly time: number;
  readonly id: string;
  readonly order: number;
  readonly row: SigmaRecord;
  readonly query: RuleQuery;
}

/**
 * Replays the matches: events in (time, event id) order and, within one event, rules in rule-set order. Windows still
 * open at the end of the range are closed as at the end of a stream (`flush`).
 */
export function replayHunt(
  set: RuleSet,
  matches: readonly RuleMatches[],
  opts: CorrelationOptions = {},
): AlertRecord[] {
  const order = new Map(set.detections.map((d, i) => [d.meta.id, i]));
  const hits: Hit[] = [];
  for (const m of matches) {
    for (const row of m.rows) {
      hits.push({
        time: eventTime(row, 0),
        id: eventId(row) ?? "",
        order: order.get(m.query.rule.meta.id) ?? 0,
        row,
        query: m.query,
      });
    }
  }
  hits.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.order - b.order);
  const corr = new CorrelationEngine(set.correlations, opts);
  const hasCorrelations = set.correlations.length > 0;
  const out: AlertRecord[] = [];
  let nextTick = Number.NEGATIVE_INFINITY;
  for (const h of hits) {
    if (hasCorrelations && h.time >= nextTick) {
      nextTick = h.time + TICK_MS;
      out.push(...corr.advance(h.time));
    }
    const id = h.id === "" ? undefined : h.id;
    if (h.query.emits) {
      out.push({
        ...alertBase(h.query.rule.meta),
        alert_type: "match",
        group_key: null,
        first_seen: h.time,
        last_seen: h.time,
        count: 1,
        value: null,
        evidence_event_ids: id === undefined ? [] : [id],
      });
    }
    if (h.query.feeds) {
      // each rule's rows carry the columns its own correlations read (hunt-plan.ts), so a view per row, not per event
      out.push(...corr.onMatch(h.query.rule.meta.id, new EventView(h.row), h.time, id));
    }
  }
  out.push(...corr.flush());
  return out;
}
