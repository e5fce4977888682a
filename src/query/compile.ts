// The query compiler's entry point: KQL text → syntax tree → IR → SQL for one dialect, plus the values to bind.
import { InferWatchError } from "../core/errors.js";
import { type Catalog, DEFAULT_CATALOG } from "./catalog.js";
import type { IrColumn, IrExpr, IrQuery } from "./ir.js";
import { lower } from "./lower.js";
import { parse } from "./parser.js";
import { QueryError } from "./query-error.js";
import { type Dialect, UnsupportedError } from "./sql/dialect.js";
import { duckdb } from "./sql/duckdb.js";
import { generate, type SqlParam } from "./sql/generate.js";

/** A value the caller passes by name (`params` of the API); the query reads it like a `let`. */
export type QueryParamValue = string | number | boolean;

export interface CompileOptions {
  readonly dialect?: Dialect;
  /** What now() and ago() count from, epoch ms; the current time by default. */
  readonly nowMs?: number;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly catalog?: Catalog;
}

export interface CompiledQuery {
  readonly ir: IrQuery;
  readonly sql: string;
  readonly params: readonly SqlParam[];
  readonly columns: readonly IrColumn[];
  readonly render: string | null;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_PARAMS = 100;
const MAX_PARAM_CHARS = 64 * 1024;

/** Checks caller-supplied parameters: names are identifiers, values are strings, finite numbers or booleans. */
export function paramsToIr(params: Readonly<Record<string, unknown>> | undefined): Map<string, IrExpr> {
  const out = new Map<string, IrExpr>();
  if (params === undefined) return out;
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new InferWatchError("invalid_parameter", "params must be an object of name: value pairs");
  }
  const entries = Object.entries(params);
  if (entries.length > MAX_PARAMS)
    throw new InferWatchError("invalid_parameter", `at most ${MAX_PARAMS} params are accepted, got ${entries.length}`);
  for (const [name, v] of entries) {
    if (!PARAM_NAME.test(name))
      throw new InferWatchError(
        "invalid_parameter",
        `param name ${JSON.stringify(name.slice(0, 140))} is not an identifier (letters, digits, _)`,
      );
    if (typeof v === "string") {
      if (v.length > MAX_PARAM_CHARS)
        throw new InferWatchError("invalid_parameter", `param ${name} is longer than ${MAX_PARAM_CHARS} characters`);
      out.set(name, { k: "literal", value: v, type: "string" });
    } else if (typeof v === "number" && Number.isFinite(v)) {
      out.set(name, { k: "literal", value: v, type: Number.isSafeInteger(v) ? "long" : "real" });
    } else if (typeof v === "boolean") {
      out.set(name, { k: "literal", value: v, type: "bool" });
    } else {
      throw new InferWatchError("invalid_parameter", `param ${name} must be a string, a finite number or a boolean`);
    }
  }
  return out;
}

export function compile(text: string, options: CompileOptions = {}): CompiledQuery {
  const dialect = options.dialect ?? duckdb;
  const script = parse(text);
  const ir = lower(text, script, {
    catalog: options.catalog ?? DEFAULT_CATALOG,
    nowMs: options.nowMs ?? Date.now(),
    params: paramsToIr(options.params),
  });
  try {
    const { sql, params } = generate(ir.rel, dialect);
    return { ir, sql, params, columns: ir.rel.columns, render: ir.render };
  } catch (e) {
    if (e instanceof UnsupportedError)
      throw new QueryError("query_invalid", e.message, text, { start: 0, end: text.length });
    throw e;
  }
}
