// The engine's output: one record per single-event match or fired correlation, shaped like an alert row.
import type { AlertRow } from "../../core/alert-row.js";
import type { SigmaRecord } from "./event-view.js";
import type { RuleMeta } from "./ruleset.js";
import type { Technique } from "./techniques.js";

/** Most evidence event ids kept on one alert (the count says how many events there were). */
export const MAX_EVIDENCE = 100;

/**
 * One record per single-event match or fired correlation: an alert row (core/alert-row.ts) before storage gives it
 * an id, a creation time and a mode, with the alert type and techniques typed precisely.
 */
export interface AlertRecord
  extends Omit<AlertRow, "alert_id" | "created_at" | "mode" | "alert_type" | "rule_techniques"> {
  /** MITRE ATT&CK / ATLAS tags resolved to ids and names. */
  readonly rule_techniques: readonly Technique[];
  /** `match` for a single-event rule, else the correlation type. */
  readonly alert_type:
    | "match"
    | "event_count"
    | "value_count"
    | "temporal"
    | "temporal_ordered"
    | "value_sum"
    | "value_avg"
    | "value_percentile";
}

export function alertBase(
  m: RuleMeta,
): Pick<
  AlertRecord,
  "rule_id" | "rule_title" | "rule_level" | "rule_status" | "rule_author" | "rule_tags" | "rule_techniques"
> {
  return {
    rule_id: m.id,
    rule_title: m.title,
    rule_level: m.level,
    rule_status: m.status ?? null,
    rule_author: m.author ?? null,
    rule_tags: m.tags,
    rule_techniques: m.techniques,
  };
}

/** Event time in ms: `timestamp` (number or ISO text), `@timestamp`, Windows `TimeCreated_SystemTime`, else `now`. */
export function eventTime(ev: SigmaRecord, now: number): number {
  for (const k of ["timestamp", "@timestamp", "TimeCreated_SystemTime"]) {
    const x = ev[k];
    if (typeof x === "number" && Number.isFinite(x)) return x;
    if (typeof x === "string") {
      const t = Date.parse(x);
      if (!Number.isNaN(t)) return t;
    }
  }
  return now;
}

/** The event's id for evidence: `event_id`, else `EventRecordID`, else none. */
export function eventId(ev: SigmaRecord): string | undefined {
  const x = ev.event_id ?? ev.EventRecordID;
  return typeof x === "string" || typeof x === "number" ? String(x) : undefined;
}
