// SQL for the `alerts` table: batch insert from one JSON parameter, filtered keyset pagination, and the cursor codec.
import type { AlertFilter, AlertMode, AlertRow } from "../../core/alert-row.js";
import { InferWatchError } from "../../core/errors.js";

const COLUMNS = [
  "alert_id",
  "created_at",
  "rule_id",
  "rule_title",
  "rule_level",
  "rule_status",
  "rule_author",
  "rule_tags",
  "rule_techniques",
  "alert_type",
  "group_key",
  "first_seen",
  "last_seen",
  "count",
  "value",
  "evidence_event_ids",
  "mode",
] as const;

/** How DuckDB's from_json reads each column of one alert object. */
const JSON_STRUCTURE = JSON.stringify([
  {
    alert_id: "VARCHAR",
    created_at: "BIGINT",
    rule_id: "VARCHAR",
    rule_title: "VARCHAR",
    rule_level: "VARCHAR",
    rule_status: "VARCHAR",
    rule_author: "VARCHAR",
    rule_tags: ["VARCHAR"],
    rule_techniques: "JSON",
    alert_type: "VARCHAR",
    group_key: "JSON",
    first_seen: "BIGINT",
    last_seen: "BIGINT",
    count: "BIGINT",
    value: "DOUBLE",
    evidence_event_ids: ["VARCHAR"],
    mode: "VARCHAR",
  },
]);

/**
 * Inserts every alert of the JSON array bound to $1 in one statement. Why one JSON parameter: the batch travels as a
 * bound value (never as SQL text), and DuckDB unpacks lists and JSON columns itself, which the appender cannot.
 * The structure literal is a constant of this file.
 */
export const INSERT_ALERTS_SQL = `INSERT INTO alerts (${COLUMNS.join(", ")}) SELECT ${COLUMNS.map((c) => `a.${c}`).join(", ")} FROM (SELECT unnest(from_json($1::JSON, '${JSON_STRUCTURE}')) AS a)`;

/** The JSON text bound to INSERT_ALERTS_SQL's $1. */
export function alertsParam(alerts: readonly AlertRow[]): string {
  return JSON.stringify(alerts);
}

export const SELECT_ALERTS = `SELECT ${COLUMNS.join(", ")} FROM alerts`;

interface Cursor {
  readonly lastSeen: number;
  readonly alertId: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.lastSeen, c.alertId])).toString("base64url");
}

export function decodeCursor(text: string): Cursor {
  const bad = (): never => {
    throw new InferWatchError("invalid_parameter", "cursor is not one returned by a previous page (pass next_cursor)");
  };
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) bad();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    bad();
  }
  if (!Array.isArray(v) || v.length !== 2 || !Number.isSafeInteger(v[0]) || typeof v[1] !== "string") bad();
  const [lastSeen, alertId] = v as [number, string];
  return { lastSeen, alertId };
}

/** SELECT text and parameters for one page: conditions are fixed text, every value a positional parameter. */
export function listAlertsQuery(f: AlertFilter): { sql: string; params: (string | bigint)[] } {
  const where: string[] = [];
  const params: (string | bigint)[] = [];
  const p = (v: string | bigint): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.since !== undefined) where.push(`last_seen >= ${p(BigInt(f.since))}`);
  if (f.until !== undefined) where.push(`last_seen < ${p(BigInt(f.until))}`);
  if (f.ruleId !== undefined) where.push(`rule_id = ${p(f.ruleId)}`);
  if (f.level !== undefined) where.push(`rule_level = ${p(f.level)}`);
  if (f.mode !== undefined) where.push(`mode = ${p(f.mode)}`);
  if (f.cursor !== undefined) {
    const c = decodeCursor(f.cursor);
    const ls = p(BigInt(c.lastSeen));
    where.push(`(last_seen < ${ls} OR (last_seen = ${ls} AND alert_id < ${p(c.alertId)}))`);
  }
  const sql = `${SELECT_ALERTS}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY last_seen DESC, alert_id DESC LIMIT ${p(BigInt(f.limit + 1))}`;
  return { sql, params };
}

function num(v: unknown): number {
  return typeof v === "bigint" ? Number(v) : Number(v);
}

function parseJson(v: unknown): unknown {
  return typeof v === "string" ? JSON.parse(v) : v;
}

function strings(v: unknown): string[] {
  if (v && typeof v === "object" && "items" in v && Array.isArray((v as { items: unknown[] }).items)) {
    return (v as { items: unknown[] }).items.map(String);
  }
  return Array.isArray(v) ? v.map(String) : [];
}

/** One result row (in COLUMNS order) back into an AlertRow. */
export function rowToAlert(r: readonly unknown[]): AlertRow {
  const s = (i: number): string => String(r[i]);
  const ns = (i: number): string | null => (r[i] === null || r[i] === undefined ? null : String(r[i]));
  return {
    alert_id: s(0),
    created_at: num(r[1]),
    rule_id: s(2),
    rule_title: s(3),
    rule_level: s(4),
    rule_status: ns(5),
    rule_author: ns(6),
    rule_tags: strings(r[7]),
    rule_techniques: (parseJson(r[8]) as unknown[]) ?? [],
    alert_type: s(9),
    group_key: (parseJson(r[10]) as Record<string, unknown> | null) ?? null,
    first_seen: num(r[11]),
    last_seen: num(r[12]),
    count: num(r[13]),
    value: r[14] === null ? null : num(r[14]),
    evidence_event_ids: strings(r[15]),
    mode: s(16) as AlertMode,
  };
}
