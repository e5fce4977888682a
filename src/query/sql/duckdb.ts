// The DuckDB dialect: every IR operation as DuckDB SQL. Values are bound parameters; regexes run on RE2 (linear time).
import type { AggOp, ScalarOp } from "../ir.js";
import type { Dialect, Render } from "./dialect.js";

const bin =
  (op: string): Render =>
  ([a, b]) =>
    `(${a} ${op} ${b})`;
const fn =
  (name: string): Render =>
  (args) =>
    `${name}(${args.join(", ")})`;
const ms = (a: string | undefined) => `epoch_ms(${a})`;
const isText = (t: string | undefined) => t === "string" || t === "dynamic" || t === "json";

export const DUCKDB_SCALARS: Readonly<Record<ScalarOp, Render>> = {
  eq: bin("="),
  ne: bin("<>"),
  lt: bin("<"),
  le: bin("<="),
  gt: bin(">"),
  ge: bin(">="),
  ieq: ([a, b]) => `(lower(${a}) = lower(${b}))`,
  ine: ([a, b]) => `(lower(${a}) <> lower(${b}))`,
  and: bin("AND"),
  or: bin("OR"),
  not: ([a]) => `(NOT ${a})`,
  add: bin("+"),
  sub: bin("-"),
  mul: bin("*"),
  div: ([a, b]) => `(${a} / ${b})`,
  intdiv: bin("//"),
  mod: bin("%"),
  neg: ([a]) => `(-${a})`,
  contains: ([a, b]) => `contains(lower(${a}), lower(${b}))`,
  contains_cs: fn("contains"),
  startswith: ([a, b]) => `starts_with(lower(${a}), lower(${b}))`,
  startswith_cs: fn("starts_with"),
  endswith: ([a, b]) => `ends_with(lower(${a}), lower(${b}))`,
  endswith_cs: fn("ends_with"),
  regex: fn("regexp_matches"),
  in: ([a, ...rest]) => `(${a} IN (${rest.join(", ")}))`,
  notin: ([a, ...rest]) => `(${a} NOT IN (${rest.join(", ")}))`,
  isnull: ([a]) => `(${a} IS NULL)`,
  isnotnull: ([a]) => `(${a} IS NOT NULL)`,
  isempty: ([a], [x]) => (isText(x?.type) ? `(${a} IS NULL OR ${a} = '')` : `(${a} IS NULL)`),
  isnotempty: ([a], [x]) => (isText(x?.type) ? `(${a} IS NOT NULL AND ${a} <> '')` : `(${a} IS NOT NULL)`),
  strlen: fn("length"),
  tolower: fn("lower"),
  toupper: fn("upper"),
  // Kusto counts from 0, SQL from 1.
  substring: ([s, start, len]) => `substring(${s}, (${start} + 1)${len === undefined ? "" : `, ${len}`})`,
  strcat: fn("concat"),
  replace: fn("replace"),
  split: fn("string_split"),
  extract: ([re, group, s]) => `nullif(regexp_extract(${s}, ${re}, ${group}), '')`,
  tostring: ([a]) => `CAST(${a} AS VARCHAR)`,
  tolong: ([a]) => `TRY_CAST(${a} AS BIGINT)`,
  toreal: ([a]) => `TRY_CAST(${a} AS DOUBLE)`,
  todatetime: ([a]) => `epoch_ms(TRY_CAST(${a} AS TIMESTAMP))`,
  coalesce: fn("coalesce"),
  abs: fn("abs"),
  round: fn("round"),
  floor: fn("floor"),
  ceiling: fn("ceil"),
  sqrt: fn("sqrt"),
  log: fn("ln"),
  log10: fn("log10"),
  exp: fn("exp"),
  pow: fn("pow"),
  bin: ([a, b]) => `((${a} // ${b}) * ${b})`,
  binreal: ([a, b]) => `(floor(${a} / ${b}) * ${b})`,
  startofday: ([a]) => `((${a} // 86400000) * 86400000)`,
  startofhour: ([a]) => `((${a} // 3600000) * 3600000)`,
  startofmonth: ([a]) => `epoch_ms(date_trunc('month', ${ms(a)}))`,
  startofyear: ([a]) => `epoch_ms(date_trunc('year', ${ms(a)}))`,
  getyear: ([a]) => `year(${ms(a)})`,
  getmonth: ([a]) => `month(${ms(a)})`,
  dayofmonth: ([a]) => `day(${ms(a)})`,
  hourofday: ([a]) => `((${a} // 3600000) % 24)`,
  dayofweek: ([a]) => `dayofweek(${ms(a)})`,
  format_datetime: ([a, f]) => `strftime(${ms(a)}, ${f})`,
  json_at: fn("json_extract"),
  json_has: fn("json_exists"),
  json_kind: fn("json_type"),
  json_scalar_text: ([a]) =>
    `CASE WHEN json_type(${a}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(${a}, '$') END`,
  json_elements: ([a]) =>
    `list_transform(list_filter(json_extract(${a}, '$[*]'), lambda j: json_type(j) NOT IN ('OBJECT', 'ARRAY', 'NULL')), lambda j: json_extract_string(j, '$'))`,
  isoweek: ([a]) => `weekofyear(${ms(a)})`,
  like: ([a, b]) => `(lower(${a}) LIKE lower(${b}) ESCAPE '\\')`,
  like_cs: ([a, b]) => `(${a} LIKE ${b} ESCAPE '\\')`,
  // DuckDB writes 120.0 where JavaScript writes 120: whole doubles print as integers, others in DuckDB's shortest form.
  num_text: ([a], [x]) =>
    x?.type === "real"
      ? `CASE WHEN ${a} = trunc(${a}) AND abs(${a}) < 1e15 THEN CAST(CAST(${a} AS BIGINT) AS VARCHAR) ELSE CAST(${a} AS VARCHAR) END`
      : `CAST(${a} AS VARCHAR)`,
  json_leaves: ([a]) =>
    // \`lambda x:\` rather than \`x ->\`, which DuckDB would confuse with its JSON arrow operator
    `list_transform(list_filter(json_extract(${a}, '$..*'), lambda j: json_type(j) NOT IN ('OBJECT', 'ARRAY', 'NULL')), lambda j: json_extract_string(j, '$'))`,
};

export const DUCKDB_AGGREGATES: Readonly<Record<AggOp, Render>> = {
  count: () => "count(*)",
  countif: ([a]) => `count(*) FILTER (WHERE ${a})`,
  dcount: ([a]) => `count(DISTINCT ${a})`,
  sum: fn("sum"),
  avg: fn("avg"),
  min: fn("min"),
  max: fn("max"),
  stdev: fn("stddev_samp"),
  percentile: ([a, p]) => `quantile_cont(${a}, ${p})`,
  // Kusto's make_list and make_set skip nulls.
  make_list: ([a]) => `list(${a}) FILTER (WHERE ${a} IS NOT NULL)`,
  // Sorted, so that a set prints the same on every run.
  make_set: ([a]) => `list(DISTINCT ${a} ORDER BY ${a}) FILTER (WHERE ${a} IS NOT NULL)`,
  arg_max: fn("arg_max"),
  arg_min: fn("arg_min"),
};

/** RFC 6901 JSON Pointer: `~` and `/` inside a key are escaped, so a key can never step out of its level. */
export function jsonPointer(keys: readonly string[]): string {
  return keys.map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

export const duckdb: Dialect = {
  name: "duckdb",
  capabilities: {
    boundParameters: true,
    starExclude: true,
    nullsOrdering: true,
    qualifiedColumns: false,
    nestedJsonPaths: true,
  },
  quoteIdent: (name) => `"${name.replace(/"/g, '""')}"`,
  // Standard SQL literal: DuckDB reads no backslash escapes in '...', so doubling the quote is the whole job.
  quoteString: (value) => `'${value.replace(/'/g, "''")}'`,
  placeholder: (n) => `$${n}`,
  scalars: DUCKDB_SCALARS,
  aggregates: DUCKDB_AGGREGATES,
  json: (base, keys, value) => `json_extract_string(${base}, ${value(jsonPointer(keys))})`,
  joinKeyword: (kind) => (kind === "inner" ? "INNER JOIN" : "LEFT OUTER JOIN"),
  anyOf: (list, variable, pred) => `(len(list_filter(${list}, lambda ${variable}: ${pred})) > 0)`,
};
