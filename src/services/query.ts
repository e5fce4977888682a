// Runs a query for the API and the CLI alike: KQL is compiled to DuckDB SQL with bound values, raw SQL passes as is;
// both then go through the store's read-only guard with the configured row and time limits.
import { type CompiledQuery, compile } from "../query/compile.js";
import type { IrQuery } from "../query/ir.js";
import type { SqlParam } from "../query/sql/generate.js";
import type { EventStore, QueryColumn } from "../storage/store.js";

export type QueryInput =
  | { readonly kind: "sql"; readonly sql: string }
  | { readonly kind: "kql"; readonly query: string; readonly params?: Readonly<Record<string, unknown>> };

export interface QueryAnswer {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly unknown[][];
  readonly truncated: boolean;
  readonly elapsedMs: number;
  /** The KQL `render` hint (timechart, barchart, piechart...), when the query has one. */
  readonly render: string | null;
}

export interface QueryLimits {
  readonly maxRows: number;
  readonly timeoutMs: number;
}

export function compileKql(
  query: string,
  params?: Readonly<Record<string, unknown>>,
  nowMs = Date.now(),
): CompiledQuery {
  return compile(query, { nowMs, ...(params ? { params } : {}) });
}

/** A query ready for the store: SQL, the values to bind, and the render hint. Compiling first means a KQL error is
 * reported before any data directory is opened. */
export interface PreparedQuery {
  readonly sql: string;
  readonly params: readonly SqlParam[];
  readonly render: string | null;
}

export function prepareQuery(input: QueryInput): PreparedQuery {
  if (input.kind === "sql") return { sql: input.sql, params: [], render: null };
  const c = compileKql(input.query, input.params);
  return { sql: c.sql, params: c.params, render: c.render };
}

export async function runQuery(store: EventStore, query: PreparedQuery, limits: QueryLimits): Promise<QueryAnswer> {
  const r = await store.query(query.sql, query.params.length > 0 ? { ...limits, params: query.params } : limits);
  return { ...r, render: query.render };
}

/** What --explain and `explain: true` show: the IR, the SQL and the values bound to it. */
export function explainKql(
  query: string,
  params?: Readonly<Record<string, unknown>>,
): { ir: IrQuery; sql: string; params: readonly unknown[] } {
  const c = compileKql(query, params);
  return { ir: c.ir, sql: c.sql, params: c.params.map((p) => (typeof p === "bigint" ? p.toString() : p)) };
}
