// The KQL functions the language knows: arity, argument types and the IR each one lowers to.
import type { AggOp, IrExpr, IrType, ScalarOp } from "./ir.js";
import { asNumber, isBoolLike, isNumberLike, isStringLike } from "./types.js";

export interface FnContext {
  /** Throws a query_invalid error pointing at argument `arg` (or the call when absent). */
  fail(message: string, arg?: number, hint?: string): never;
  readonly nowMs: number;
}

export interface FnSpec {
  readonly aggregate: boolean;
  readonly min: number;
  readonly max: number;
  /** One-line description for the reference docs. */
  readonly doc: string;
  build(args: readonly IrExpr[], cx: FnContext): IrExpr;
}

const call = (op: ScalarOp, args: readonly IrExpr[], type: IrType): IrExpr => ({ k: "call", op, args, type });
const agg = (op: AggOp, args: readonly IrExpr[], type: IrType): IrExpr => ({ k: "agg", op, args, type });

function needString(args: readonly IrExpr[], cx: FnContext, ...idx: number[]): void {
  for (const i of idx) {
    const a = args[i];
    if (a && !isStringLike(a.type))
      cx.fail(`argument ${i + 1} must be a string, got ${a.type}`, i, "convert with tostring(x)");
  }
}

function needNumber(args: readonly IrExpr[], cx: FnContext, ...idx: number[]): IrExpr[] {
  const out = [...args];
  for (const i of idx) {
    const a = args[i];
    if (!a) continue;
    if (!isNumberLike(a.type))
      cx.fail(`argument ${i + 1} must be a number, got ${a.type}`, i, "convert with toreal(x) or tolong(x)");
    out[i] = asNumber(a);
  }
  return out;
}

/** A literal number argument (percentiles, round digits, bin sizes...). */
export function constNumber(args: readonly IrExpr[], i: number, cx: FnContext, what: string): number {
  const a = args[i];
  if (a?.k !== "literal" || typeof a.value !== "number") cx.fail(`${what} must be a constant number`, i);
  return (a as { value: number }).value;
}

function constString(args: readonly IrExpr[], i: number, cx: FnContext, what: string): string {
  const a = args[i];
  if (a?.k !== "literal" || typeof a.value !== "string") cx.fail(`${what} must be a constant string`, i);
  return (a as { value: string }).value;
}

function unary(op: ScalarOp, type: IrType, doc: string, kind: "string" | "number"): FnSpec {
  return {
    aggregate: false,
    min: 1,
    max: 1,
    doc,
    build: (args, cx) => {
      if (kind === "string") {
        needString(args, cx, 0);
        return call(op, args, type);
      }
      return call(op, needNumber(args, cx, 0), type === "real" ? "real" : (args[0]?.type ?? type));
    },
  };
}

function timePart(op: ScalarOp, doc: string, type: IrType): FnSpec {
  return {
    aggregate: false,
    min: 1,
    max: 1,
    doc,
    build: (args, cx) => {
      if (args[0]?.type !== "datetime" && args[0]?.type !== "null")
        cx.fail(`argument must be a datetime, got ${args[0]?.type}`, 0);
      return call(op, args, type);
    },
  };
}

function simpleAgg(op: AggOp, doc: string, numeric: boolean): FnSpec {
  return {
    aggregate: true,
    min: 1,
    max: 1,
    doc,
    build: (args, cx) => {
      const a = numeric ? needNumber(args, cx, 0) : [...args];
      const t = (a[0] as IrExpr).type;
      const type: IrType = op === "avg" || op === "stdev" ? "real" : t === "dynamic" ? "real" : t;
      return agg(op, a, type);
    },
  };
}

/** KQL date-time format tokens accepted by format_datetime, with their strftime counterparts. */
export const DATETIME_FORMAT_TOKENS: ReadonlyArray<readonly [string, string]> = [
  ["yyyy", "%Y"],
  ["MM", "%m"],
  ["dd", "%d"],
  ["HH", "%H"],
  ["mm", "%M"],
  ["ss", "%S"],
  ["fff", "%g"],
];

export const FUNCTIONS: ReadonlyMap<string, FnSpec> = new Map<string, FnSpec>([
  // --- time
  [
    "now",
    {
      aggregate: false,
      min: 0,
      max: 0,
      doc: "the time the query was compiled",
      build: (_a, cx) => ({ k: "literal", value: cx.nowMs, type: "datetime" }),
    },
  ],
  [
    "ago",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "now() minus a timespan",
      build: (args, cx) => {
        const a = args[0] as IrExpr;
        if (a.type !== "timespan") cx.fail(`ago() takes a timespan such as 1h, got ${a.type}`, 0);
        if (a.k === "literal" && typeof a.value === "number")
          return { k: "literal", value: cx.nowMs - a.value, type: "datetime" };
        return call("sub", [{ k: "literal", value: cx.nowMs, type: "datetime" }, a], "datetime");
      },
    },
  ],
  [
    "bin",
    {
      aggregate: false,
      min: 2,
      max: 2,
      doc: "rounds down to a multiple of the size: bin(timestamp, 5m), bin(latency_ms, 100)",
      build: (args, cx) => {
        const a = needNumber(args, cx, 0, 1);
        const size = constNumber(a, 1, cx, "the bin size");
        if (!(size > 0)) cx.fail("the bin size must be positive", 1);
        const t = (a[0] as IrExpr).type;
        if ((t === "long" || t === "datetime" || t === "timespan") && Number.isInteger(size)) return call("bin", a, t);
        return call("binreal", a, "real");
      },
    },
  ],
  ["startofday", timePart("startofday", "midnight (UTC) of the day", "datetime")],
  ["startofhour", timePart("startofhour", "start of the hour", "datetime")],
  ["startofmonth", timePart("startofmonth", "midnight (UTC) of the first day of the month", "datetime")],
  ["startofyear", timePart("startofyear", "midnight (UTC) of January 1st", "datetime")],
  ["getyear", timePart("getyear", "the year", "long")],
  ["getmonth", timePart("getmonth", "the month, 1 to 12", "long")],
  ["dayofmonth", timePart("dayofmonth", "the day of the month, 1 to 31", "long")],
  ["hourofday", timePart("hourofday", "the hour, 0 to 23 (UTC)", "long")],
  ["dayofweek", timePart("dayofweek", "days since Sunday, 0 to 6 (a number here, a timespan in Kusto)", "long")],
  [
    "format_datetime",
    {
      aggregate: false,
      min: 2,
      max: 2,
      doc: "formats a datetime with yyyy MM dd HH mm ss fff",
      build: (args, cx) => {
        if (args[0]?.type !== "datetime") cx.fail(`argument 1 must be a datetime, got ${args[0]?.type}`, 0);
        const fmt = constString(args, 1, cx, "the format");
        let out = "";
        for (let i = 0; i < fmt.length; ) {
          const tok = DATETIME_FORMAT_TOKENS.find(([k]) => fmt.startsWith(k, i));
          if (tok) {
            out += tok[1];
            i += tok[0].length;
          } else if (/[A-Za-z]/.test(fmt[i] as string)) {
            cx.fail(`format token at "${fmt.slice(i)}" is not supported`, 1, "tokens: yyyy MM dd HH mm ss fff");
          } else {
            out += fmt[i] === "%" ? "%%" : fmt[i];
            i++;
          }
        }
        return call("format_datetime", [args[0] as IrExpr, { k: "literal", value: out, type: "string" }], "string");
      },
    },
  ],
  [
    "todatetime",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "a datetime from ISO 8601 text, or from epoch milliseconds",
      build: (args, cx) => {
        const a = args[0] as IrExpr;
        if (a.type === "long" || a.type === "datetime") return { ...a, type: "datetime" } as IrExpr;
        needString(args, cx, 0);
        return call("todatetime", args, "datetime");
      },
    },
  ],
  // --- strings
  ["strlen", unary("strlen", "long", "length in characters", "string")],
  ["tolower", unary("tolower", "string", "lower case", "string")],
  ["toupper", unary("toupper", "string", "upper case", "string")],
  [
    "substring",
    {
      aggregate: false,
      min: 2,
      max: 3,
      doc: "substring(s, start, length): start counts from 0",
      build: (args, cx) => {
        needString(args, cx, 0);
        return call("substring", needNumber(args, cx, 1, 2), "string");
      },
    },
  ],
  [
    "strcat",
    {
      aggregate: false,
      min: 1,
      max: 64,
      doc: "joins its arguments as text",
      build: (args) =>
        call(
          "strcat",
          args.map((a) => (a.type === "string" ? a : call("tostring", [a], "string"))),
          "string",
        ),
    },
  ],
  [
    "replace_string",
    {
      aggregate: false,
      min: 3,
      max: 3,
      doc: "replace_string(s, lookup, rewrite): every occurrence",
      build: (args, cx) => {
        needString(args, cx, 0, 1, 2);
        return call("replace", args, "string");
      },
    },
  ],
  [
    "split",
    {
      aggregate: false,
      min: 2,
      max: 2,
      doc: "splits text on a delimiter into a list",
      build: (args, cx) => {
        needString(args, cx, 0, 1);
        return call("split", args, "list");
      },
    },
  ],
  [
    "extract",
    {
      aggregate: false,
      min: 3,
      max: 3,
      doc: "extract(regex, group, s): the capture group of the first match (RE2, linear time), null if none",
      build: (args, cx) => {
        constString(args, 0, cx, "the regex");
        const g = constNumber(args, 1, cx, "the group");
        if (!Number.isInteger(g) || g < 0 || g > 99) cx.fail("the group must be an integer from 0 to 99", 1);
        needString(args, cx, 2);
        return call("extract", args, "string");
      },
    },
  ],
  // --- conversions and null handling
  [
    "tostring",
    { aggregate: false, min: 1, max: 1, doc: "converts to text", build: (args) => call("tostring", args, "string") },
  ],
  [
    "tolong",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "converts to a 64-bit integer (null when it cannot)",
      build: (args) => call("tolong", args, "long"),
    },
  ],
  ["toint", { aggregate: false, min: 1, max: 1, doc: "same as tolong", build: (args) => call("tolong", args, "long") }],
  [
    "toreal",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "converts to a double (null when it cannot)",
      build: (args) => call("toreal", args, "real"),
    },
  ],
  [
    "todouble",
    { aggregate: false, min: 1, max: 1, doc: "same as toreal", build: (args) => call("toreal", args, "real") },
  ],
  [
    "coalesce",
    {
      aggregate: false,
      min: 2,
      max: 64,
      doc: "the first argument that is not null",
      build: (args) => call("coalesce", args, args.find((a) => a.type !== "null")?.type ?? "null"),
    },
  ],
  [
    "isnull",
    { aggregate: false, min: 1, max: 1, doc: "true when null", build: (args) => call("isnull", args, "bool") },
  ],
  [
    "isnotnull",
    { aggregate: false, min: 1, max: 1, doc: "true when not null", build: (args) => call("isnotnull", args, "bool") },
  ],
  [
    "isempty",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "true when null or the empty string",
      build: (args) => call("isempty", args, "bool"),
    },
  ],
  [
    "isnotempty",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "true when neither null nor empty",
      build: (args) => call("isnotempty", args, "bool"),
    },
  ],
  [
    "not",
    {
      aggregate: false,
      min: 1,
      max: 1,
      doc: "logical negation",
      build: (args, cx) => {
        if (!isBoolLike((args[0] as IrExpr).type)) cx.fail(`not() takes a boolean, got ${args[0]?.type}`, 0);
        return call("not", args, "bool");
      },
    },
  ],
  [
    "iff",
    {
      aggregate: false,
      min: 3,
      max: 3,
      doc: "iff(condition, then, else)",
      build: (args, cx) => caseOf([args[0] as IrExpr, args[1] as IrExpr], args[2] as IrExpr, cx),
    },
  ],
  [
    "case",
    {
      aggregate: false,
      min: 3,
      max: 63,
      doc: "case(condition1, value1, condition2, value2, ..., else)",
      build: (args, cx) => {
        if (args.length % 2 === 0) cx.fail("case() takes condition/value pairs and a final else value (an odd count)");
        return caseOf(args.slice(0, -1), args[args.length - 1] as IrExpr, cx);
      },
    },
  ],
  // --- numbers
  ["abs", unary("abs", "real", "absolute value", "number")],
  [
    "round",
    {
      aggregate: false,
      min: 1,
      max: 2,
      doc: "round(x, digits)",
      build: (args, cx) => {
        const a = needNumber(args, cx, 0);
        if (a.length > 1) constNumber(a, 1, cx, "the digits");
        return call("round", a, "real");
      },
    },
  ],
  [
    "floor",
    {
      aggregate: false,
      min: 2,
      max: 2,
      doc: "same as bin",
      build: (args, cx) => (FUNCTIONS.get("bin") as FnSpec).build(args, cx),
    },
  ],
  ["ceiling", unary("ceiling", "real", "smallest integer not below x", "number")],
  ["sqrt", unary("sqrt", "real", "square root", "number")],
  ["log", unary("log", "real", "natural logarithm", "number")],
  ["log10", unary("log10", "real", "base-10 logarithm", "number")],
  ["exp", unary("exp", "real", "e to the power x", "number")],
  [
    "pow",
    {
      aggregate: false,
      min: 2,
      max: 2,
      doc: "pow(x, y)",
      build: (args, cx) => call("pow", needNumber(args, cx, 0, 1), "real"),
    },
  ],
  // --- aggregates
  ["count", { aggregate: true, min: 0, max: 0, doc: "number of rows", build: () => agg("count", [], "long") }],
  [
    "countif",
    {
      aggregate: true,
      min: 1,
      max: 1,
      doc: "number of rows where the condition holds",
      build: (args, cx) => {
        if (!isBoolLike((args[0] as IrExpr).type)) cx.fail(`countif() takes a condition, got ${args[0]?.type}`, 0);
        return agg("countif", args, "long");
      },
    },
  ],
  [
    "dcount",
    {
      aggregate: true,
      min: 1,
      max: 1,
      doc: "number of distinct values (exact)",
      build: (args) => agg("dcount", args, "long"),
    },
  ],
  ["sum", simpleAgg("sum", "sum", true)],
  ["avg", simpleAgg("avg", "mean", true)],
  ["min", simpleAgg("min", "smallest value", false)],
  ["max", simpleAgg("max", "largest value", false)],
  ["stdev", simpleAgg("stdev", "sample standard deviation", true)],
  [
    "percentile",
    {
      aggregate: true,
      min: 2,
      max: 2,
      doc: "percentile(x, p), p from 0 to 100, interpolated",
      build: (args, cx) => {
        const a = needNumber(args, cx, 0);
        const p = constNumber(a, 1, cx, "the percentile");
        if (!(p >= 0 && p <= 100)) cx.fail("the percentile must be from 0 to 100", 1);
        const t = (a[0] as IrExpr).type;
        return agg("percentile", a, t === "datetime" || t === "timespan" ? t : "real");
      },
    },
  ],
  [
    "make_list",
    { aggregate: true, min: 1, max: 1, doc: "all values as a list", build: (args) => agg("make_list", args, "list") },
  ],
  [
    "make_set",
    {
      aggregate: true,
      min: 1,
      max: 1,
      doc: "the distinct values as a list",
      build: (args) => agg("make_set", args, "list"),
    },
  ],
]);

function caseOf(pairs: readonly IrExpr[], otherwise: IrExpr, cx: FnContext): IrExpr {
  const branches: { when: IrExpr; then: IrExpr }[] = [];
  let type: IrType = otherwise.type;
  for (let i = 0; i < pairs.length; i += 2) {
    const when = pairs[i] as IrExpr;
    const then = pairs[i + 1] as IrExpr;
    if (!isBoolLike(when.type)) cx.fail(`argument ${i + 1} must be a condition, got ${when.type}`, i);
    if (type === "null") type = then.type;
    else if (then.type !== "null" && then.type !== type && !(isNumberLike(then.type) && isNumberLike(type))) {
      cx.fail(`all values must have one type: ${type} and ${then.type} differ`, i + 1);
    }
    branches.push({ when, then });
  }
  return { k: "case", branches, otherwise, type };
}
