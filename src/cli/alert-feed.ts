// Follows a server's alerts for the demo: each poll reads the newest alerts and hands over the ones not seen before.
import type { RunKql } from "../eval/source.js";
import { readEntities } from "../eval/source.js";

export interface FedAlert {
  readonly alert_id: string;
  readonly rule_title: string;
  readonly rule_level: string;
  readonly last_seen: number;
  readonly count: number;
  readonly mode: string;
  /** What the alert is about: the group key, else the first evidence event's identifying fields. */
  readonly about: Readonly<Record<string, string>>;
}

/** Newest alerts read per poll; a burst beyond it is reported as a count, not line by line. */
export const POLL_LIMIT = 200;
/** Fields shown for a single-event alert, read from its first evidence event. */
const ABOUT_FIELDS = ["model_name", "user_id", "client_ip", "auth_token_id", "k8s_pod"];

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function parsed(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

export class AlertFeed {
  private readonly seen = new Set<string>();
  /** Alerts counted but never listed (a burst beyond POLL_LIMIT). */
  private unlistedSoFar = 0;

  constructor(private readonly run: RunKql) {}

  /** Alerts raised since the last poll, oldest first, and how many more arrived than could be listed. */
  async poll(): Promise<{ alerts: FedAlert[]; unlisted: number }> {
    // Counted before listing: an alert arriving in between is listed now or next time, never also counted.
    const count = await this.run("alerts | count");
    const total = Number(count.rows[0]?.[0] ?? 0);
    const r = await this.run(
      `alerts | sort by created_at desc, alert_id desc | take ${POLL_LIMIT} | project alert_id, rule_title, rule_level, last_seen, count, mode, group_key, evidence_event_ids`,
    );
    const c = (n: string) => r.columns.findIndex((x) => x.name === n);
    const fresh = r.rows.filter((row) => !this.seen.has(String(row[c("alert_id")]))).reverse();
    const firstEvidence = new Map<string, string>();
    for (const row of fresh) {
      const ids = parsed(row[c("evidence_event_ids")]);
      if (Array.isArray(ids) && ids.length > 0) firstEvidence.set(String(row[c("alert_id")]), String(ids[0]));
    }
    const entities =
      firstEvidence.size > 0 ? await readEntities(this.run, firstEvidence.values(), ABOUT_FIELDS) : new Map();
    const alerts = fresh.map((row): FedAlert => {
      const id = String(row[c("alert_id")]);
      this.seen.add(id);
      const about: Record<string, string> = {};
      const group = parsed(row[c("group_key")]);
      if (group !== null && typeof group === "object" && !Array.isArray(group)) {
        for (const [k, v] of Object.entries(group)) {
          const t = text(v);
          if (t !== undefined) about[k] = t;
        }
      } else {
        Object.assign(about, entities.get(firstEvidence.get(id) ?? "") ?? {});
      }
      return {
        alert_id: id,
        rule_title: String(row[c("rule_title")]),
        rule_level: String(row[c("rule_level")]),
        last_seen: Number(row[c("last_seen")]),
        count: Number(row[c("count")]),
        mode: String(row[c("mode")]),
        about,
      };
    });
    const unlisted = Math.max(0, total - this.seen.size - this.unlistedSoFar);
    this.unlistedSoFar += unlisted;
    return { alerts, unlisted };
  }
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
