// The intermediate representation between the language and SQL: typed relational operators over typed expressions.
// The front end (parser, lowering) only produces it and the SQL back ends only consume it.

/** Value types. `datetime` and `timespan` are integer milliseconds (the store keeps time as epoch ms). */
export type IrType =
  | "long"
  | "real"
  | "string"
  | "bool"
  | "datetime"
  | "timespan"
  | "dynamic"
  | "json"
  | "list"
  | "null";

export interface IrColumn {
  readonly name: string;
  readonly type: IrType;
}

/** Scalar operations a dialect must render (see sql/dialect.ts). */
export type ScalarOp =
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "ieq"
  | "ine"
  | "and"
  | "or"
  | "not"
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "intdiv"
  | "mod"
  | "neg"
  | "contains"
  | "contains_cs"
  | "startswith"
  | "startswith_cs"
  | "endswith"
  | "endswith_cs"
  | "regex"
  | "in"
  | "notin"
  | "isnull"
  | "isnotnull"
  | "isempty"
  | "isnotempty"
  | "strlen"
  | "tolower"
  | "toupper"
  | "substring"
  | "strcat"
  | "replace"
  | "split"
  | "extract"
  | "tostring"
  | "tolong"
  | "toreal"
  | "todatetime"
  | "coalesce"
  | "abs"
  | "round"
  | "floor"
  | "ceiling"
  | "sqrt"
  | "log"
  | "log10"
  | "exp"
  | "pow"
  | "bin"
  | "binreal"
  | "startofday"
  | "startofhour"
  | "startofmonth"
  | "startofyear"
  | "getyear"
  | "getmonth"
  | "dayofmonth"
  | "hourofday"
  | "dayofweek"
  | "format_datetime"
  /** ISO 8601 week number (1-53) of a time. */
  | "isoweek"
  /** SQL LIKE with `\\` as the escape character: case-insensitive, and case-sensitive (`_cs`). */
  | "like"
  | "like_cs"
  /** A number as JavaScript writes it (`120`, not `120.0`), so text comparisons agree with the streaming engine. */
  | "num_text"
  /** Every scalar leaf value (not key) of a JSON value, recursively, as a list of text. */
  | "json_leaves"
  /** JSON value (not text) at a JSON Pointer (second argument); null when the path is missing. */
  | "json_at"
  /** Whether a JSON Pointer (second argument) exists, even holding JSON null. */
  | "json_has"
  /** The JSON type name of a JSON value: OBJECT, ARRAY, NULL, VARCHAR, BIGINT, DOUBLE, BOOLEAN... */
  | "json_kind"
  /** A scalar JSON value as text (null for objects, arrays and JSON null). */
  | "json_scalar_text"
  /** The scalar elements of a JSON array, as text (nested objects, arrays and nulls left out). */
  | "json_elements";

export type AggOp =
  | "count"
  | "countif"
  | "dcount"
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "stdev"
  | "percentile"
  | "make_list"
  | "make_set"
  | "arg_max"
  | "arg_min";

export type IrExpr =
  | { readonly k: "column"; readonly name: string; readonly type: IrType }
  /** Strings become bound parameters (or escaped literals where a dialect cannot bind); numbers render inline. */
  | { readonly k: "literal"; readonly value: string | number | boolean | null; readonly type: IrType }
  | { readonly k: "call"; readonly op: ScalarOp; readonly args: readonly IrExpr[]; readonly type: IrType }
  | { readonly k: "agg"; readonly op: AggOp; readonly args: readonly IrExpr[]; readonly type: IrType }
  | {
      readonly k: "case";
      readonly branches: readonly { readonly when: IrExpr; readonly then: IrExpr }[];
      readonly otherwise: IrExpr;
      readonly type: IrType;
    }
  /** The element variable of an enclosing `any` (names are made by the compiler: lower-case ASCII words). */
  | { readonly k: "var"; readonly name: string; readonly type: IrType }
  /** True when `pred` holds for some element `variable` of the list `list`. */
  | {
      readonly k: "any";
      readonly list: IrExpr;
      readonly variable: string;
      readonly pred: IrExpr;
      readonly type: IrType;
    }
  /** A value inside a JSON column by a path of object keys; the value comes back as text. */
  | { readonly k: "json"; readonly base: IrExpr; readonly keys: readonly string[]; readonly type: IrType };

export interface NamedIrExpr {
  readonly name: string;
  readonly expr: IrExpr;
}

export interface SortSpec {
  readonly expr: IrExpr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

interface RelBase {
  /** The output schema, in order. */
  readonly columns: readonly IrColumn[];
}

export type IrRel =
  | (RelBase & { readonly k: "scan"; readonly table: string })
  | (RelBase & { readonly k: "filter"; readonly input: IrRel; readonly pred: IrExpr })
  /** Computes exactly `items`, in order (project, extend, project-away all lower to this). */
  | (RelBase & { readonly k: "project"; readonly input: IrRel; readonly items: readonly NamedIrExpr[] })
  | (RelBase & {
      readonly k: "aggregate";
      readonly input: IrRel;
      readonly groups: readonly NamedIrExpr[];
      readonly aggs: readonly NamedIrExpr[];
    })
  | (RelBase & { readonly k: "sort"; readonly input: IrRel; readonly keys: readonly SortSpec[] })
  | (RelBase & { readonly k: "limit"; readonly input: IrRel; readonly n: number })
  | (RelBase & { readonly k: "distinct"; readonly input: IrRel })
  | (RelBase & {
      readonly k: "join";
      readonly kind: "inner" | "leftouter";
      readonly left: IrRel;
      readonly right: IrRel;
      readonly on: readonly { readonly left: string; readonly right: string }[];
      /** Each output column: which side it comes from and its name there. */
      readonly sources: readonly { readonly side: "left" | "right"; readonly name: string }[];
    })
  | (RelBase & { readonly k: "union"; readonly inputs: readonly IrRel[] });

export interface IrQuery {
  readonly rel: IrRel;
  /** The `render` hint, for the UI and the CLI; it does not change the rows. */
  readonly render: string | null;
}
