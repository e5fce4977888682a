// What a SQL dialect must provide to the generator: capability flags, quoting, and how each IR operation is written.
// DuckDB (duckdb.ts) is the full implementation; another dialect overrides only what differs (see clickhouse.ts).
import type { AggOp, IrExpr, ScalarOp } from "../ir.js";

export interface Capabilities {
  /** Values travel as bound parameters ($1, $2...); without it, as literals from the dialect's quoteString. */
  readonly boundParameters: boolean;
  /** `SELECT * EXCLUDE (a, b)`: project-away without listing every other column. */
  readonly starExclude: boolean;
  /** `ORDER BY x NULLS FIRST|LAST`. */
  readonly nullsOrdering: boolean;
  /** JSON values by a path of several keys (not only a top-level key). */
  readonly nestedJsonPaths: boolean;
  /**
   * Columns are written as `source.column`. ClickHouse substitutes a select-list alias wherever its name appears,
   * even inside its own expression, so `bin(timestamp, 5m)` named `timestamp` would refer to itself unqualified.
   */
  readonly qualifiedColumns: boolean;
}

/** Renders one operation given its arguments already written as SQL; `ir` holds the arguments' IR (for types). */
export type Render = (args: readonly string[], ir: readonly IrExpr[]) => string;

export interface Dialect {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** The audited identifier quoting (names from the lexer are ASCII words; quoting is the second wall). */
  quoteIdent(name: string): string;
  /** The audited string-literal escaping, used only where the dialect cannot bind parameters. */
  quoteString(value: string): string;
  /** A placeholder for the n-th (1-based) bound parameter. */
  placeholder(n: number): string;
  readonly scalars: Readonly<Record<ScalarOp, Render>>;
  readonly aggregates: Readonly<Record<AggOp, Render>>;
  /** JSON value at `keys` inside `base`, as text; `value` turns a key into a parameter or literal. */
  json(base: string, keys: readonly string[], value: (v: string) => string): string;
  joinKeyword(kind: "inner" | "leftouter"): string;
  /** True when `pred` (over the variable `variable`) holds for some element of `list`. */
  anyOf(list: string, variable: string, pred: string): string;
}

/** Thrown by a dialect for an operation it cannot express; the compiler turns it into a query_invalid error. */
export class UnsupportedError extends Error {}
