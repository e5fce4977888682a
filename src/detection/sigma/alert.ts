// The engine's output: one record per single-event match or fired correlation, shaped like an alert row.
import type { SigmaRecord } from "./event-view.js";
import type { RuleMeta } from "./ruleset.js";
import type { Technique } from "./techniques.js";

/** Most evidence event ids kept on one alert (the count says how many events there were). */
export const MAX_EVIDENCE = 100;

export interface AlertRecord {
  readonly rule_id: string;
  readonly rule_title: string;
  readonly rule_level: string;
  readonly rule_status: string | null;
  /** Credited wherever a match is shown (SigmaHQ rules are DRL 1.1). */
  readonly rule_author: string | null;
  readonly rule_tags: readonly string[];
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
  /** Group-by field → value for correlations; null for single-event matches. */
  readonly group_key: Readonly<Record<string, unknown>> | null;
  /** Event times (ms since epoch) of the first and last evidence event. */
  readonly first_seen: number;
  readonly last_seen: number;
  /** Events behind the alert (may exceed the evidence ids kept). */
  readonly count: number;
  /** The aggregate that met the condition (count, distinct count, sum, average, percentage); null for matches. */
  readonly value: number | null;
  readonly evidence_event_ids: readonly string[];
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
