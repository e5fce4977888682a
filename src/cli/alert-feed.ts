// Follows a server's alerts for the demo: each poll pages GET /api/v1/alerts (newest first) and hands over the alerts
// not seen before, with what each is about (its group key, else its first evidence event's identifying fields).
import type { AlertRow } from "../core/alert-row.js";
import { type RunKql, readEntities } from "../eval/source.js";

export interface FedAlert {
  readonly alert_id: string;
  readonly rule_title: string;
  readonly rule_level: string;
  readonly last_seen: number;
  readonly count: number;
  readonly mode: string;
  readonly about: Readonly<Record<string, string>>;
}

/** Reads one page of alerts with `last_seen >= since`, newest `last_seen` first (GET /api/v1/alerts). */
export type ListAlerts = (
  since: number | undefined,
  cursor?: string,
) => Promise<{ alerts: AlertRow[]; next_cursor: string | null }>;

/** Alerts per page (the API's maximum). */
export const PAGE_LIMIT = 1000;
/** Pages read per poll at most; a burst beyond them is reported as a count, not line by line. */
const MAX_PAGES = 5;
/** Fields shown for a single-event alert, read from its first evidence event. */
const ABOUT_FIELDS = ["model_name", "user_id", "client_ip", "k8s_pod"];

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export class AlertFeed {
  private readonly seen = new Set<string>();
  private newest = Number.NEGATIVE_INFINITY;

  /**
   * `lookBackMs`: each poll re-reads alerts whose last_seen is at most this much older than the newest seen, so an
   * alert fired late (its events arrived late) is still listed; older than that it is not.
   */
  constructor(
    private readonly list: ListAlerts,
    private readonly run: RunKql,
    private readonly lookBackMs: number,
  ) {}

  /** Alerts raised since the last poll, oldest first, and whether more arrived than one poll reads. */
  async poll(): Promise<{ alerts: FedAlert[]; more: boolean }> {
    const fresh: AlertRow[] = [];
    let cursor: string | undefined;
    let more = false;
    const since = Number.isFinite(this.newest) ? this.newest - this.lookBackMs : undefined;
    for (let page = 0; ; page++) {
      if (page === MAX_PAGES) {
        more = true;
        break;
      }
      const r = await this.list(since, cursor);
      fresh.push(...r.alerts.filter((a) => !this.seen.has(a.alert_id)));
      if (r.next_cursor === null) break;
      cursor = r.next_cursor;
    }
    for (const a of fresh) this.newest = Math.max(this.newest, a.last_seen);
    fresh.reverse();
    const firstEvidence = new Map<string, string>();
    for (const a of fresh) {
      if (a.group_key === null && a.evidence_event_ids.length > 0) {
        firstEvidence.set(a.alert_id, a.evidence_event_ids[0] as string);
      }
    }
    const entities =
      firstEvidence.size > 0 ? await readEntities(this.run, firstEvidence.values(), ABOUT_FIELDS) : new Map();
    const alerts = fresh.map((a): FedAlert => {
      this.seen.add(a.alert_id);
      const about: Record<string, string> = {};
      if (a.group_key !== null) {
        for (const [k, v] of Object.entries(a.group_key)) {
          const t = text(v);
          if (t !== undefined) about[k] = t;
        }
      } else {
        Object.assign(about, entities.get(firstEvidence.get(a.alert_id) ?? "") ?? {});
      }
      return {
        alert_id: a.alert_id,
        rule_title: a.rule_title,
        rule_level: a.rule_level,
        last_seen: a.last_seen,
        count: a.count,
        mode: a.mode,
        about,
      };
    });
    return { alerts, more };
  }
}

/** What makes two alerts "the same" for a reader: the rule and what it is about. */
export function subjectKey(a: FedAlert): string {
  return JSON.stringify([a.rule_title, a.mode, Object.entries(a.about)]);
}

/** One alert as a terminal line: simulated time, level, rule, what it is about, how many events. */
export function alertLine(a: FedAlert): string {
  const time = new Date(a.last_seen).toISOString().slice(11, 19);
  const about = Object.entries(a.about)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const shadow = a.mode === "shadow" ? " [shadow]" : "";
  const events = `${a.count} event${a.count === 1 ? "" : "s"}`;
  return `${time}  ${a.rule_level.toUpperCase().padEnd(8)}  ${a.rule_title}${shadow}  ${about}  (${events})`;
}
