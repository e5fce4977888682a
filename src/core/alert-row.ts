// The shape of a stored alert (one row of the `alerts` table): what detection produces and storage and the API carry.

/** `live` alerts are meant to be notified; `shadow` alerts come from rules under trial: stored, flagged, never notified. */
export type AlertMode = "live" | "shadow";

export const ALERT_MODES: readonly AlertMode[] = ["live", "shadow"];

export interface AlertRow {
  /** UUIDv7 (core/ids.ts), so ids sort with creation order. */
  readonly alert_id: string;
  /** When InferWatch raised the alert, ms since epoch. */
  readonly created_at: number;
  readonly rule_id: string;
  readonly rule_title: string;
  readonly rule_level: string;
  readonly rule_status: string | null;
  /** Credited wherever a match is shown (SigmaHQ rules are DRL 1.1). */
  readonly rule_author: string | null;
  readonly rule_tags: readonly string[];
  /** ATT&CK / ATLAS techniques resolved from the tags: `{tag, framework, id, name}` objects. */
  readonly rule_techniques: readonly unknown[];
  /** `match` for a single-event rule, else the correlation type. */
  readonly alert_type: string;
  /** Group-by field → value for correlations; null for single-event matches. */
  readonly group_key: Readonly<Record<string, unknown>> | null;
  /** Event times (ms since epoch) of the first and last evidence event. */
  readonly first_seen: number;
  readonly last_seen: number;
  readonly count: number;
  readonly value: number | null;
  readonly evidence_event_ids: readonly string[];
  readonly mode: AlertMode;
}

/** Filters for listing alerts; times bound `last_seen` (since inclusive, until exclusive). */
export interface AlertFilter {
  readonly since?: number;
  readonly until?: number;
  readonly ruleId?: string;
  readonly level?: string;
  readonly mode?: AlertMode;
  /** Most alerts in one page. */
  readonly limit: number;
  /** Opaque position returned as `nextCursor` by the previous page. */
  readonly cursor?: string;
}

export interface AlertPage {
  /** Newest first (by `last_seen`, then `alert_id`). */
  readonly alerts: AlertRow[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  readonly nextCursor: string | null;
}
