// The syntax tree the parser builds: close to the query text, every node with its span for error messages.
import type { Span } from "./query-error.js";

export type Expr =
  | { readonly k: "ident"; readonly name: string; readonly span: Span }
  | { readonly k: "string"; readonly value: string; readonly span: Span }
  | { readonly k: "number"; readonly value: number; readonly isInt: boolean; readonly span: Span }
  | { readonly k: "timespan"; readonly ms: number; readonly span: Span }
  | { readonly k: "datetime"; readonly ms: number; readonly span: Span }
  | { readonly k: "bool"; readonly value: boolean; readonly span: Span }
  | { readonly k: "null"; readonly span: Span }
  | {
      readonly k: "call";
      readonly name: string;
      readonly args: readonly Expr[];
      readonly span: Span;
      readonly nameSpan: Span;
    }
  | { readonly k: "unary"; readonly op: "-" | "+"; readonly arg: Expr; readonly span: Span }
  | {
      readonly k: "binary";
      readonly op: string;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
      readonly opSpan: Span;
    }
  | {
      readonly k: "in";
      readonly negated: boolean;
      readonly caseless: boolean;
      readonly arg: Expr;
      readonly list: readonly Expr[];
      readonly span: Span;
    }
  | {
      readonly k: "between";
      readonly negated: boolean;
      readonly arg: Expr;
      readonly low: Expr;
      readonly high: Expr;
      readonly span: Span;
    }
  | { readonly k: "member"; readonly base: Expr; readonly key: string; readonly span: Span };

/** `name = expr` or a bare `expr` in project, extend, summarize and by lists. */
export interface NamedExpr {
  readonly name: string | null;
  readonly nameSpan: Span | null;
  readonly expr: Expr;
}

export interface SortKey {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean | null;
}

export type Operator =
  | { readonly k: "where"; readonly pred: Expr; readonly span: Span }
  | { readonly k: "project"; readonly items: readonly NamedExpr[]; readonly span: Span }
  | { readonly k: "project-away"; readonly names: readonly { name: string; span: Span }[]; readonly span: Span }
  | { readonly k: "extend"; readonly items: readonly NamedExpr[]; readonly span: Span }
  | {
      readonly k: "summarize";
      readonly aggs: readonly NamedExpr[];
      readonly by: readonly NamedExpr[];
      readonly span: Span;
    }
  | { readonly k: "sort"; readonly keys: readonly SortKey[]; readonly span: Span }
  | { readonly k: "top"; readonly n: Expr; readonly key: SortKey; readonly span: Span }
  | { readonly k: "take"; readonly n: Expr; readonly span: Span }
  | { readonly k: "count"; readonly span: Span }
  | { readonly k: "distinct"; readonly items: readonly NamedExpr[]; readonly span: Span }
  | {
      readonly k: "join";
      readonly kind: "inner" | "leftouter";
      readonly right: Tabular;
      readonly on: readonly Expr[];
      readonly span: Span;
    }
  | { readonly k: "union"; readonly others: readonly Tabular[]; readonly span: Span }
  | { readonly k: "render"; readonly chart: string; readonly span: Span };

export interface Tabular {
  readonly source:
    | { readonly k: "name"; readonly name: string; readonly span: Span }
    | { readonly k: "union"; readonly inputs: readonly Tabular[]; readonly span: Span }
    | { readonly k: "paren"; readonly query: Tabular; readonly span: Span };
  readonly ops: readonly Operator[];
}

export type Statement =
  | {
      readonly k: "let";
      readonly name: string;
      readonly span: Span;
      readonly value:
        | { readonly k: "scalar"; readonly expr: Expr }
        | { readonly k: "tabular"; readonly query: Tabular };
    }
  | { readonly k: "query"; readonly query: Tabular };

export interface Script {
  readonly statements: readonly Statement[];
}
