// Reads what the evaluator scores (alerts, their evidence events' entity fields, the data's time span) through KQL,
// so the same code serves a data directory and a running server: the caller supplies how a query runs.
import { InferWatchError } from "../core/errors.js";
import type { EntityValues, EvalAlert } from "./score.js";

/** Runs one KQL query and answers its columns and rows (the store in process, or POST /api/v1/query). */
export type RunKql = (query: string) => Promise<{
  readonly columns: readonly { readonly name: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly truncated?: boolean;
}>;

/** Alerts per query page; below any sensible `query.max_rows`. */
const PAGE = 500;
/** Evidence ids per lookup query: keeps the KQL text far below its 64 KiB limit. */
const IDS_PER_QUERY = 200;
/** Ids go into KQL string literals: only these characters (UUIDs and the like), so no escaping is ever needed. */
const SAFE_ID = /^[\w.:-]{1,128}$/;

function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.NaN;
}

function json(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

/** Runs a query whose answer must be whole: a cut answer would silently lose alerts or evidence. */
async function whole(run: RunKql, query: string): ReturnType<RunKql> {
  const r = await run(query);
  if (r.truncated) {
    throw new InferWatchError(
      "invalid_parameter",
      `a query answer was cut at ${r.rows.length} rows (query.max_rows); eval needs query.max_rows of at least ${PAGE}`,
    );
  }
  return r;
}

function column(columns: readonly { name: string }[], name: string): number {
  const i = columns.findIndex((c) => c.name === name);
  if (i < 0) throw new InferWatchError("internal", `query answer has no column ${name}`);
  return i;
}

/** Every alert (all modes unless one is given), oldest id first, read page by page. */
export async function readAlerts(run: RunKql, mode?: "live" | "shadow"): Promise<EvalAlert[]> {
  const out: EvalAlert[] = [];
  let after = "";
  for (;;) {
    if (!SAFE_ID.test(after) && after !== "") throw new InferWatchError("internal", "unexpected alert id");
    const where = `alert_id > "${after}"${mode ? ` and mode == "${mode}"` : ""}`;
    const r = await whole(
      run,
      `alerts | where ${where} | sort by alert_id asc | take ${PAGE} | project alert_id, rule_id, rule_title, first_seen, last_seen, group_key, evidence_event_ids`,
    );
    const c = (n: string) => column(r.columns, n);
    const [id, rid, title, first, last, group, ev] = [
      c("alert_id"),
      c("rule_id"),
      c("rule_title"),
      c("first_seen"),
      c("last_seen"),
      c("group_key"),
      c("evidence_event_ids"),
    ];
    for (const row of r.rows) {
      const g = json(row[group]);
      const ids = json(row[ev]);
      out.push({
        rule_id: String(row[rid]),
        rule_title: String(row[title]),
        first_seen: num(row[first]),
        last_seen: num(row[last]),
        group_key: g !== null && typeof g === "object" && !Array.isArray(g) ? (g as Record<string, unknown>) : null,
        evidence_event_ids: Array.isArray(ids) ? ids.map(String) : [],
      });
      after = String(row[id]);
    }
    if (r.rows.length < PAGE) return out;
  }
}

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** The entity fields (columns, or `attributes.<key>`) of the events with these ids. */
export async function readEntities(
  run: RunKql,
  ids: Iterable<string>,
  fields: readonly string[],
): Promise<Map<string, EntityValues>> {
  const columns = fields.filter((f) => !f.startsWith("attributes."));
  const attrKeys = fields.filter((f) => f.startsWith("attributes.")).map((f) => f.slice("attributes.".length));
  const project = ["event_id", ...columns, ...(attrKeys.length > 0 ? ["attributes"] : [])];
  const unique = [...new Set(ids)].filter((id) => SAFE_ID.test(id));
  const out = new Map<string, EntityValues>();
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const chunk = unique.slice(i, i + IDS_PER_QUERY);
    const r = await whole(
      run,
      `events | where event_id in (${chunk.map((id) => `"${id}"`).join(", ")}) | project ${project.join(", ")}`,
    );
    const idx = project.map((p) => column(r.columns, p));
    for (const row of r.rows) {
      const v: Record<string, string> = {};
      columns.forEach((f, j) => {
        const t = text(row[idx[j + 1] as number]);
        if (t !== undefined) v[f] = t;
      });
      if (attrKeys.length > 0) {
        const a = json(row[idx[idx.length - 1] as number]);
        if (a !== null && typeof a === "object") {
          for (const k of attrKeys) {
            const t = text((a as Record<string, unknown>)[k]);
            if (t !== undefined) v[`attributes.${k}`] = t;
          }
        }
      }
      out.set(String(row[idx[0] as number]), v);
    }
  }
  return out;
}

/** The simulated time the stored events cover (ms), or null without events. */
export async function readSpan(run: RunKql): Promise<number | null> {
  const r = await run("events | summarize lo = min(timestamp), hi = max(timestamp)");
  const row = r.rows[0];
  if (!row) return null;
  const lo = num(row[column(r.columns, "lo")]);
  const hi = num(row[column(r.columns, "hi")]);
  return Number.isFinite(lo) && Number.isFinite(hi) ? hi - lo : null;
}
