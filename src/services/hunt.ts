// Retro-hunts for the API and the CLI: Sigma rules compiled (via the query IR) to DuckDB SQL, run over stored events
// in a time range, and replayed into the alert records the streaming engine would have raised.
import { InferWatchError } from "../core/errors.js";
import type { AlertRecord } from "../detection/sigma/alert.js";
import type { SigmaRecord } from "../detection/sigma/event-view.js";
import { type HuntRange, planHunt, type RuleQuery } from "../detection/sigma/hunt-plan.js";
import { replayHunt } from "../detection/sigma/hunt-replay.js";
import { formatIssue } from "../detection/sigma/issues.js";
import { loadRules, type RuleSet, type RuleSource } from "../detection/sigma/ruleset.js";
import { parseTimespan } from "../detection/sigma/schema.js";
import { CannotHunt } from "../detection/sigma/to-ir.js";
import { duckdb } from "../query/sql/duckdb.js";
import { generate, type SqlParam } from "../query/sql/generate.js";
import type { EventStore } from "../storage/store.js";

export interface HuntRequest {
  readonly sources: readonly RuleSource[];
  readonly placeholders?: Readonly<Record<string, readonly string[]>>;
  readonly range: HuntRange;
}

export interface HuntLimits {
  /** Most matching events read per rule (`detection.hunt_max_matches`). */
  readonly maxMatches: number;
  /** Per query (`query.timeout_ms`). */
  readonly timeoutMs: number;
  /** Correlation group states (`detection.max_groups`). */
  readonly maxGroups: number;
}

export interface HuntQuery {
  readonly rule_id: string;
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

export interface PreparedHunt {
  readonly set: RuleSet;
  readonly range: HuntRange;
  readonly plan: readonly (RuleQuery & { readonly sql: string; readonly params: readonly SqlParam[] })[];
}

export interface HuntAnswer {
  readonly alerts: readonly AlertRecord[];
  readonly rules: number;
  readonly correlations: number;
  /** Matching events read, summed over rules. */
  readonly matches: number;
  readonly elapsedMs: number;
}

/** Most rule texts (files) one hunt request may carry. */
export const MAX_HUNT_SOURCES = 1000;

/**
 * A time bound: an ISO 8601 time, epoch milliseconds, or a duration back from `nowMs` (`30d`, `12h`, `15m`, `2w`).
 */
export function parseHuntTime(text: string, nowMs: number, what: string): number {
  const t = text.trim();
  const span = parseTimespan(t);
  if (span !== undefined) return nowMs - span;
  if (/^\d{1,15}$/.test(t)) return Number(t);
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) {
    throw new InferWatchError(
      "invalid_parameter",
      `${what} must be a duration back from now (30d, 12h, 15m, 2w), an ISO time or epoch ms; got "${t.slice(0, 80)}"`,
    );
  }
  return ms;
}

export function huntRange(since: string | undefined, until: string | undefined, nowMs = Date.now()): HuntRange {
  const untilMs = until === undefined ? nowMs : parseHuntTime(until, nowMs, "until");
  const sinceMs = since === undefined ? untilMs - 30 * 86_400_000 : parseHuntTime(since, nowMs, "since");
  if (sinceMs >= untilMs) throw new InferWatchError("invalid_parameter", "since must be before until");
  return { sinceMs, untilMs };
}

/** Loads and compiles the rules and writes one SQL query per rule; every rule problem is reported at once. */
export function prepareHunt(req: HuntRequest): PreparedHunt {
  if (req.sources.length === 0) throw new InferWatchError("invalid_parameter", "a hunt needs at least one rule");
  if (req.sources.length > MAX_HUNT_SOURCES)
    throw new InferWatchError("invalid_parameter", `a hunt takes at most ${MAX_HUNT_SOURCES} rule files`);
  const { set, issues } = loadRules(req.sources, req.placeholders ? { placeholders: req.placeholders } : {});
  if (issues.length > 0) {
    throw new InferWatchError("hunt_invalid", `the rules have errors:\n${issues.map(formatIssue).join("\n")}`, {
      issues,
    });
  }
  if (set.detections.length === 0) throw new InferWatchError("hunt_invalid", "the rule files hold no detection rule");
  const itemOpts = {
    placeholders: new Map(Object.entries(req.placeholders ?? {}).map(([k, v]) => [k, [...v]])),
  };
  let plan: RuleQuery[];
  try {
    plan = planHunt(set, itemOpts, req.range);
  } catch (e) {
    if (e instanceof CannotHunt) throw new InferWatchError("hunt_invalid", e.message);
    throw e;
  }
  return {
    set,
    range: req.range,
    plan: plan.map((q) => {
      try {
        return { ...q, ...generate(q.rel, duckdb) };
      } catch (e) {
        throw new InferWatchError("hunt_invalid", `rule ${q.rule.meta.id}: ${(e as Error).message}`);
      }
    }),
  };
}

/** The SQL a hunt runs, per rule (for --explain). */
export function huntQueries(p: PreparedHunt): HuntQuery[] {
  return p.plan.map((q) => ({
    rule_id: q.rule.meta.id,
    sql: q.sql,
    params: q.params.map((x) => (typeof x === "bigint" ? x.toString() : x)) as SqlParam[],
  }));
}

/**
 * Rows as the streaming engine sees a normalized event: every column present, null when empty (the column is then
 * authoritative: the field mapping does not fall back to `attributes`).
 */
function toRecords(columns: readonly { name: string }[], rows: readonly unknown[][]): SigmaRecord[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      o[c.name] = r[i] ?? null;
    });
    return o;
  });
}

export async function runHunt(store: EventStore, p: PreparedHunt, limits: HuntLimits): Promise<HuntAnswer> {
  const started = performance.now();
  const matches = [];
  let total = 0;
  for (const q of p.plan) {
    const r = await store.query(q.sql, {
      maxRows: limits.maxMatches,
      timeoutMs: limits.timeoutMs,
      ...(q.params.length > 0 ? { params: q.params } : {}),
    });
    if (r.truncated) {
      throw new InferWatchError(
        "hunt_invalid",
        `rule ${q.rule.meta.id} matches more than ${limits.maxMatches} events in the range; narrow --since/--until or raise detection.hunt_max_matches`,
      );
    }
    total += r.rows.length;
    matches.push({ query: q, rows: toRecords(r.columns, r.rows) });
  }
  const alerts = replayHunt(p.set, matches, { maxGroups: limits.maxGroups });
  return {
    alerts,
    rules: p.set.detections.length,
    correlations: p.set.correlations.length,
    matches: total,
    elapsedMs: performance.now() - started,
  };
}
