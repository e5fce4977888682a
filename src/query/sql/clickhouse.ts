// The ClickHouse dialect (18.16-era SQL): DuckDB's dialect with the operations ClickHouse spells differently.
// ClickHouse 18.16 has no server-side parameters, so values are literals from quoteString, the one escaping function.
import type { AggOp, ScalarOp } from "../ir.js";
import { type Dialect, type Render, UnsupportedError } from "./dialect.js";
import { DUCKDB_AGGREGATES, DUCKDB_SCALARS, duckdb } from "./duckdb.js";

const fn =
  (name: string): Render =>
  (args) =>
    `${name}(${args.join(", ")})`;
const dt = (a: string | undefined) => `toDateTime(intDiv(${a}, 1000))`;
const unsupported =
  (what: string): Render =>
  () => {
    throw new UnsupportedError(`${what} is not available in the ClickHouse dialect`);
  };

const SCALARS: Partial<Record<ScalarOp, Render>> = {
  intdiv: fn("intDiv"),
  contains: ([a, b]) => `(positionCaseInsensitiveUTF8(${a}, ${b}) > 0)`,
  contains_cs: ([a, b]) => `(position(${a}, ${b}) > 0)`,
  startswith: ([a, b]) => `startsWith(lowerUTF8(${a}), lowerUTF8(${b}))`,
  startswith_cs: fn("startsWith"),
  endswith: ([a, b]) => `endsWith(lowerUTF8(${a}), lowerUTF8(${b}))`,
  endswith_cs: fn("endsWith"),
  ieq: ([a, b]) => `(lowerUTF8(${a}) = lowerUTF8(${b}))`,
  ine: ([a, b]) => `(lowerUTF8(${a}) != lowerUTF8(${b}))`,
  regex: fn("match"),
  strlen: fn("lengthUTF8"),
  tolower: fn("lowerUTF8"),
  toupper: fn("upperUTF8"),
  substring: ([s, start, len]) => `substringUTF8(${s}, (${start} + 1)${len === undefined ? "" : `, ${len}`})`,
  replace: fn("replaceAll"),
  split: ([s, d]) => `splitByString(${d}, ${s})`,
  extract: ([re, group, s]) => {
    if (group !== "1")
      throw new UnsupportedError("extract() of a group other than 1 is not available in the ClickHouse dialect");
    return `nullIf(extract(${s}, ${re}), '')`;
  },
  tostring: fn("toString"),
  tolong: ([a]) => `toInt64OrNull(toString(${a}))`,
  toreal: ([a]) => `toFloat64OrNull(toString(${a}))`,
  todatetime: ([a]) => `(toUnixTimestamp(parseDateTimeBestEffortOrNull(${a})) * 1000)`,
  ceiling: fn("ceil"),
  log: fn("log"),
  bin: ([a, b]) => `(intDiv(${a}, ${b}) * ${b})`,
  startofday: ([a]) => `(intDiv(${a}, 86400000) * 86400000)`,
  startofhour: ([a]) => `(intDiv(${a}, 3600000) * 3600000)`,
  startofmonth: ([a]) => `(toUnixTimestamp(toDateTime(toStartOfMonth(${dt(a)}))) * 1000)`,
  startofyear: ([a]) => `(toUnixTimestamp(toDateTime(toStartOfYear(${dt(a)}))) * 1000)`,
  getyear: ([a]) => `toYear(${dt(a)})`,
  getmonth: ([a]) => `toMonth(${dt(a)})`,
  dayofmonth: ([a]) => `toDayOfMonth(${dt(a)})`,
  hourofday: ([a]) => `(intDiv(${a}, 3600000) % 24)`,
  // ClickHouse counts Monday as 1 and Sunday as 7; Kusto counts from Sunday.
  dayofweek: ([a]) => `(toDayOfWeek(${dt(a)}) % 7)`,
  format_datetime: unsupported("format_datetime()"),
  json_at: unsupported("JSON values by pointer"),
  json_has: unsupported("JSON pointer tests"),
  json_kind: unsupported("JSON type names"),
  json_scalar_text: unsupported("JSON scalar text"),
  json_elements: unsupported("JSON array elements"),
  isoweek: ([a]) => `toISOWeek(${dt(a)})`,
  like: ([a, b]) => `like(lowerUTF8(${a}), lowerUTF8(${b}))`,
  like_cs: fn("like"),
  num_text: fn("toString"),
  json_leaves: unsupported("searching every value of a JSON column"),
};

const AGGREGATES: Partial<Record<AggOp, Render>> = {
  count: () => "count()",
  countif: fn("countIf"),
  dcount: fn("uniqExact"),
  stdev: fn("stddevSamp"),
  percentile: ([a, p]) => `quantile(${p})(${a})`,
  make_list: fn("groupArray"),
  make_set: fn("groupUniqArray"),
  arg_max: fn("argMax"),
  arg_min: fn("argMin"),
};

export const clickhouse: Dialect = {
  ...duckdb,
  name: "clickhouse",
  capabilities: {
    boundParameters: false,
    starExclude: false,
    nullsOrdering: true,
    qualifiedColumns: true,
    nestedJsonPaths: false,
  },
  quoteIdent: (name) => `\`${name.replace(/\\/g, "\\\\").replace(/`/g, "\\`")}\``,
  // ClickHouse reads backslash escapes inside '...': escape the backslash first, then the quote and control bytes.
  quoteString: (value) =>
    `'${value
      .replace(/\\/g, "\\\\")
      .replace(/'/g, "\\'")
      .replace(/\0/g, "\\0")
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r")}'`,
  placeholder: () => {
    throw new UnsupportedError("ClickHouse 18.16 binds no parameters");
  },
  scalars: { ...DUCKDB_SCALARS, ...SCALARS },
  aggregates: { ...DUCKDB_AGGREGATES, ...AGGREGATES },
  json: (base, keys, value) => `visitParamExtractString(${base}, ${value(keys[0] as string)})`,
  joinKeyword: (kind) => (kind === "inner" ? "ALL INNER JOIN" : "ALL LEFT JOIN"),
  anyOf: (list, variable, pred) => `arrayExists(${variable} -> ${pred}, ${list})`,
};
