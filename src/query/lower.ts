// Lowering: the syntax tree to the IR. Resolves tables, columns, lets and parameters, checks types, names the
// output columns the way Kusto does, and reports every problem at its token.
import type { Expr, NamedExpr, Operator, Script, SortKey, Tabular } from "./ast.js";
import type { Catalog } from "./catalog.js";
import { constNumber, type FnContext, FUNCTIONS } from "./functions.js";
import type { IrColumn, IrExpr, IrQuery, IrRel, IrType, NamedIrExpr, ScalarOp, SortSpec } from "./ir.js";
import { QueryError, type QueryErrorCode, type Span } from "./query-error.js";
import { nearest } from "./suggest.js";
import { additiveType, asNumber, isBoolLike, isNumberLike, isNumeric, isStringLike } from "./types.js";

export interface LowerOptions {
  readonly catalog: Catalog;
  readonly nowMs: number;
  /** Scalar values the caller supplies (API `params`); the query uses them by name. */
  readonly params: ReadonlyMap<string, IrExpr>;
}

/** Longest regex accepted by `matches regex` and `extract` (the engine is RE2: linear time in the input). */
export const MAX_REGEX_CHARS = 1024;

interface Scope {
  readonly columns: ReadonlyMap<string, IrColumn>;
  /** Aggregates allowed here (summarize), and whether we are already inside one. */
  readonly aggregates: boolean;
  readonly inAggregate?: boolean;
  /** Names of columns the expression read (extend uses it to split dependent items). */
  readonly used?: Set<string>;
}

const CMP: Record<string, ScalarOp> = {
  "==": "eq",
  "!=": "ne",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
  "=~": "ieq",
  "!~": "ine",
};

const byName = (cols: readonly IrColumn[]) => new Map(cols.map((c) => [c.name, c]));

export function lower(text: string, script: Script, options: LowerOptions): IrQuery {
  return new Lowerer(text, options).script(script);
}

class Lowerer {
  private readonly tables = new Map<string, IrRel>();
  private readonly scalars: Map<string, IrExpr>;

  constructor(
    private readonly text: string,
    private readonly options: LowerOptions,
  ) {
    this.scalars = new Map(options.params);
  }

  private fail(
    code: QueryErrorCode,
    message: string,
    span: Span,
    hint?: string,
    suggestions: readonly string[] = [],
  ): never {
    throw new QueryError(code, message, this.text, span, hint, suggestions);
  }

  script(s: Script): IrQuery {
    let result: IrQuery | null = null;
    for (const st of s.statements) {
      if (st.k === "let") {
        if (st.value.k === "tabular") this.tables.set(st.name, this.tabular(st.value.query).rel);
        else {
          const e = st.value.expr;
          // `let x = events` names a table: the parser cannot tell it from a scalar.
          if (
            e.k === "ident" &&
            (this.tables.has(e.name) || this.options.catalog.has(e.name)) &&
            !this.scalars.has(e.name)
          ) {
            this.tables.set(st.name, this.source(e.name, e.span));
          } else {
            this.scalars.set(st.name, this.expr(e, { columns: new Map(), aggregates: false }));
          }
        }
      } else {
        result = this.tabular(st.query);
      }
    }
    return result as IrQuery;
  }

  private source(name: string, span: Span): IrRel {
    const let_ = this.tables.get(name);
    if (let_) return let_;
    const t = this.options.catalog.get(name);
    if (!t) {
      const known = [...this.options.catalog.keys(), ...this.tables.keys()];
      const s = nearest(name, known);
      this.fail(
        "query_unknown_name",
        `unknown table "${name}"`,
        span,
        s.length > 0 ? `did you mean ${s.join(", ")}?` : `tables: ${known.join(", ")}`,
        s,
      );
    }
    return { k: "scan", table: t.name, columns: t.columns };
  }

  tabular(t: Tabular): IrQuery {
    let rel: IrRel;
    let render: string | null = null;
    const src = t.source;
    if (src.k === "name") rel = this.source(src.name, src.span);
    else if (src.k === "paren") {
      const inner = this.tabular(src.query);
      rel = inner.rel;
      render = inner.render;
    } else
      rel = this.union(
        src.inputs.map((q) => this.tabular(q).rel),
        src.span,
      );
    for (const op of t.ops) {
      if (render !== null && op.k !== "render") this.fail("query_invalid", "render must be the last operator", op.span);
      if (op.k === "render") render = op.chart;
      else rel = this.operator(rel, op);
    }
    return { rel, render };
  }

  private operator(input: IrRel, op: Operator): IrRel {
    const scope: Scope = { columns: byName(input.columns), aggregates: false };
    switch (op.k) {
      case "where": {
        const pred = this.expr(op.pred, scope);
        if (!isBoolLike(pred.type))
          this.fail(
            "query_invalid",
            `where needs a condition, this is a ${pred.type}`,
            op.pred.span,
            "compare it, e.g. x == 1 or isnotnull(x)",
          );
        return { k: "filter", input, pred, columns: input.columns };
      }
      case "project": {
        const items = this.namedItems(op.items, scope);
        return { k: "project", input, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) };
      }
      case "project-away": {
        for (const n of op.names) this.column(n.name, n.span, scope);
        const drop = new Set(op.names.map((n) => n.name));
        const items = input.columns.filter((c) => !drop.has(c.name)).map((c) => ({ name: c.name, expr: col(c) }));
        if (items.length === 0) this.fail("query_invalid", "project-away would remove every column", op.span);
        return { k: "project", input, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) };
      }
      case "extend":
        return this.extend(input, op.items);
      case "summarize":
        return this.summarize(input, op.aggs, op.by, op.span);
      case "sort":
        return { k: "sort", input, keys: op.keys.map((k) => this.sortKey(k, scope)), columns: input.columns };
      case "top": {
        const n = this.count(op.n, "top");
        const sorted: IrRel = { k: "sort", input, keys: [this.sortKey(op.key, scope)], columns: input.columns };
        return { k: "limit", input: sorted, n, columns: input.columns };
      }
      case "take":
        return { k: "limit", input, n: this.count(op.n, "take"), columns: input.columns };
      case "count": {
        const aggs = [{ name: "Count", expr: { k: "agg", op: "count", args: [], type: "long" } as IrExpr }];
        return { k: "aggregate", input, groups: [], aggs, columns: [{ name: "Count", type: "long" }] };
      }
      case "distinct": {
        const star = op.items.length === 1 && op.items[0]?.expr.k === "ident" && op.items[0].expr.name === "*";
        const items = star
          ? input.columns.map((c) => ({ name: c.name, expr: col(c) }))
          : this.namedItems(op.items, scope);
        const columns = items.map((i) => ({ name: i.name, type: i.expr.type }));
        return { k: "distinct", input: { k: "project", input, items, columns }, columns };
      }
      case "join":
        return this.join(input, op.kind, this.tabular(op.right).rel, op.on, op.span);
      case "union":
        return this.union([input, ...op.others.map((q) => this.tabular(q).rel)], op.span);
      case "render":
        return input;
    }
  }

  private count(e: Expr, what: string): number {
    const v = this.expr(e, { columns: new Map(), aggregates: false });
    if (v.k !== "literal" || typeof v.value !== "number" || !Number.isInteger(v.value) || v.value < 0) {
      this.fail("query_invalid", `${what} needs a whole number of rows`, e.span, `e.g. ${what} 10`);
    }
    return v.value as number;
  }

  private sortKey(k: SortKey, scope: Scope): SortSpec {
    // Kusto puts nulls last when sorting down and first when sorting up, unless told otherwise.
    return { expr: this.expr(k.expr, scope), desc: k.desc, nullsFirst: k.nullsFirst ?? !k.desc };
  }

  /** Output names: explicit `name =`, else the Kusto default (column name, fn_column, Column1...). */
  private namedItems(items: readonly NamedExpr[], scope: Scope, counter = { n: 0 }): NamedIrExpr[] {
    const out: NamedIrExpr[] = [];
    const seen = new Set<string>();
    for (const it of items) {
      const expr = this.expr(it.expr, scope);
      const name = it.name ?? defaultName(it.expr, counter);
      if (seen.has(name))
        this.fail(
          "query_invalid",
          `column "${name}" is defined twice`,
          it.nameSpan ?? it.expr.span,
          "give one of them another name with name = ...",
        );
      seen.add(name);
      out.push({ name, expr });
    }
    return out;
  }

  /** extend: new or replaced columns. An item that reads a column defined earlier in the same extend gets its own step. */
  private extend(input: IrRel, items: readonly NamedExpr[]): IrRel {
    let rel = input;
    let pending: NamedIrExpr[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const replaced = new Map(pending.map((p) => [p.name, p]));
      const kept: NamedIrExpr[] = rel.columns.map((c) => replaced.get(c.name) ?? { name: c.name, expr: col(c) });
      const added = pending.filter((p) => !rel.columns.some((c) => c.name === p.name));
      const all = [...kept, ...added];
      rel = { k: "project", input: rel, items: all, columns: all.map((i) => ({ name: i.name, type: i.expr.type })) };
      pending = [];
    };
    const counter = { n: 0 };
    for (const it of items) {
      const used = new Set<string>();
      const visible = byName(rel.columns);
      for (const p of pending) visible.set(p.name, { name: p.name, type: p.expr.type });
      let expr = this.expr(it.expr, { columns: visible, aggregates: false, used });
      // An item that reads a column defined earlier in this extend is computed one step later, over that column.
      if (pending.some((p) => used.has(p.name))) {
        flush();
        expr = this.expr(it.expr, { columns: byName(rel.columns), aggregates: false });
      }
      const name = it.name ?? defaultName(it.expr, counter);
      if (pending.some((p) => p.name === name))
        this.fail("query_invalid", `column "${name}" is defined twice`, it.nameSpan ?? it.expr.span);
      // Referencing one's own column with a new value (extend x = x + 1) is fine: it reads the old one.
      pending.push({ name, expr });
    }
    flush();
    return rel;
  }

  private summarize(input: IrRel, aggItems: readonly NamedExpr[], by: readonly NamedExpr[], span: Span): IrRel {
    const scope: Scope = { columns: byName(input.columns), aggregates: false };
    const counter = { n: 0 };
    const groups = this.namedItems(by, scope, counter);
    const aggs: NamedIrExpr[] = [];
    const aggScope: Scope = { columns: byName(input.columns), aggregates: true };
    for (const it of aggItems) {
      const e = it.expr;
      if (e.k === "call" && (e.name === "percentiles" || e.name === "arg_max" || e.name === "arg_min")) {
        aggs.push(...this.multiAggregate(e, it.name, aggScope));
        continue;
      }
      const expr = this.expr(e, aggScope);
      if (!containsAggregate(expr))
        this.fail(
          "query_invalid",
          "summarize needs an aggregate here (count(), sum(x), ...)",
          e.span,
          "move plain columns to the by clause",
        );
      aggs.push({ name: it.name ?? defaultName(e, counter), expr });
    }
    const names = new Set<string>();
    for (const n of [...groups, ...aggs]) {
      if (names.has(n.name))
        this.fail(
          "query_invalid",
          `column "${n.name}" is defined twice in summarize`,
          span,
          "name the columns apart with name = ...",
        );
      names.add(n.name);
    }
    const columns = [...groups, ...aggs].map((i) => ({ name: i.name, type: i.expr.type }));
    return { k: "aggregate", input, groups, aggs, columns };
  }

  /** percentiles(x, 50, 95) and arg_max(by, col...) make one column per value. */
  private multiAggregate(e: Extract<Expr, { k: "call" }>, alias: string | null, scope: Scope): NamedIrExpr[] {
    const args = e.args.map((a) => this.expr(a, { ...scope, aggregates: false }));
    const cx = this.fnContext(e);
    const base = e.args[0]?.k === "ident" ? e.args[0].name : e.args[0]?.k === "member" ? memberName(e.args[0]) : "expr";
    if (e.name === "percentiles") {
      if (args.length < 2) cx.fail("percentiles(x, p1, p2, ...) needs a column and at least one percentile");
      const x = asNumber(args[0] as IrExpr);
      if (!isNumberLike(x.type)) cx.fail(`argument 1 must be a number, got ${x.type}`, 0);
      return args.slice(1).map((_, j) => {
        const p = constNumber(args, j + 1, cx, "a percentile");
        if (!(p >= 0 && p <= 100)) cx.fail("a percentile must be from 0 to 100", j + 1);
        const suffix = String(p).replace(".", "_");
        return {
          name: alias ? `${alias}_${suffix}` : `percentile_${base}_${suffix}`,
          expr: {
            k: "agg",
            op: "percentile",
            args: [x, args[j + 1] as IrExpr],
            type: x.type === "long" ? "real" : x.type,
          },
        };
      });
    }
    if (args.length < 2)
      cx.fail(`${e.name}(by, column, ...) needs the value to maximize and at least one column to return`);
    if (alias)
      cx.fail(
        `${e.name}() makes one column per argument; it cannot take a name`,
        undefined,
        "name the arguments instead",
      );
    const by = args[0] as IrExpr;
    const out: NamedIrExpr[] = [
      { name: base, expr: { k: "agg", op: e.name === "arg_max" ? "max" : "min", args: [by], type: by.type } },
    ];
    e.args.slice(1).forEach((a, j) => {
      const v = args[j + 1] as IrExpr;
      const name = a.k === "ident" ? a.name : a.k === "member" ? memberName(a) : `${e.name}_${j + 1}`;
      out.push({ name, expr: { k: "agg", op: e.name as "arg_max" | "arg_min", args: [v, by], type: v.type } });
    });
    return out;
  }

  private join(left: IrRel, kind: "inner" | "leftouter", right: IrRel, on: readonly Expr[], span: Span): IrRel {
    const lcols = byName(left.columns);
    const rcols = byName(right.columns);
    const keys: { left: string; right: string }[] = [];
    const sideRef = (e: Expr): { side: "left" | "right"; name: string } | null => {
      if (e.k !== "member" || e.base.k !== "ident" || (e.base.name !== "$left" && e.base.name !== "$right"))
        return null;
      const side = e.base.name === "$left" ? "left" : "right";
      const cols = side === "left" ? lcols : rcols;
      if (!cols.has(e.key)) this.unknownColumn(e.key, e.span, cols);
      return { side, name: e.key };
    };
    for (const c of on) {
      if (c.k === "ident") {
        if (!lcols.has(c.name)) this.unknownColumn(c.name, c.span, lcols, " on the left side");
        if (!rcols.has(c.name)) this.unknownColumn(c.name, c.span, rcols, " on the right side");
        keys.push({ left: c.name, right: c.name });
        continue;
      }
      if (c.k === "binary" && c.op === "==") {
        const a = sideRef(c.left);
        const b = sideRef(c.right);
        if (a && b && a.side !== b.side) {
          keys.push(a.side === "left" ? { left: a.name, right: b.name } : { left: b.name, right: a.name });
          continue;
        }
      }
      this.fail("query_invalid", "join conditions are column names or $left.a == $right.b", c.span);
    }
    for (const k of keys) {
      const lt = lcols.get(k.left)?.type;
      const rt = rcols.get(k.right)?.type;
      if (lt !== rt && !(isNumeric(lt as IrType) && isNumeric(rt as IrType))) {
        this.fail("query_invalid", `join keys ${k.left} (${lt}) and ${k.right} (${rt}) have different types`, span);
      }
    }
    const columns: IrColumn[] = [...left.columns];
    const sources: { side: "left" | "right"; name: string }[] = left.columns.map((c) => ({
      side: "left",
      name: c.name,
    }));
    const taken = new Set(left.columns.map((c) => c.name));
    for (const c of right.columns) {
      let name = c.name;
      for (let n = 1; taken.has(name); n++) name = `${c.name}${n}`;
      taken.add(name);
      columns.push({ name, type: c.type });
      sources.push({ side: "right", name: c.name });
    }
    return { k: "join", kind, left, right, on: keys, sources, columns };
  }

  private union(inputs: readonly IrRel[], span: Span): IrRel {
    const columns: IrColumn[] = [];
    for (const r of inputs) {
      for (const c of r.columns) {
        const have = columns.find((x) => x.name === c.name);
        if (!have) columns.push(c);
        else if (have.type !== c.type && have.type !== "null" && c.type !== "null") {
          this.fail(
            "query_invalid",
            `union: column "${c.name}" is ${have.type} in one input and ${c.type} in another`,
            span,
            "project or convert it to one type first",
          );
        }
      }
    }
    return { k: "union", inputs, columns };
  }

  private unknownColumn(name: string, span: Span, cols: ReadonlyMap<string, IrColumn>, where = ""): never {
    const known = [...cols.keys(), ...this.scalars.keys()];
    const s = nearest(name, known);
    return this.fail(
      "query_unknown_name",
      `unknown column "${name}"${where}`,
      span,
      s.length > 0 ? `did you mean ${s.join(", ")}?` : "see docs/fields.md for the event fields",
      s,
    );
  }

  private column(name: string, span: Span, scope: Scope): IrExpr {
    if (name === "*") this.fail("query_invalid", "* (every column) is accepted only in distinct *", span);
    const c = scope.columns.get(name);
    if (c) {
      scope.used?.add(name);
      return col(c);
    }
    const s = this.scalars.get(name);
    if (s) return s;
    return this.unknownColumn(name, span, scope.columns);
  }

  private fnContext(e: Extract<Expr, { k: "call" }>): FnContext {
    return {
      nowMs: this.options.nowMs,
      fail: (message, arg, hint) =>
        this.fail(
          "query_invalid",
          `${e.name}(): ${message}`,
          arg === undefined ? e.span : (e.args[arg]?.span ?? e.span),
          hint,
        ),
    };
  }

  expr(e: Expr, scope: Scope): IrExpr {
    switch (e.k) {
      case "ident":
        return this.column(e.name, e.span, scope);
      case "string":
        return { k: "literal", value: e.value, type: "string" };
      case "number":
        return { k: "literal", value: e.value, type: e.isInt && Number.isSafeInteger(e.value) ? "long" : "real" };
      case "timespan":
        return { k: "literal", value: e.ms, type: "timespan" };
      case "datetime":
        return { k: "literal", value: e.ms, type: "datetime" };
      case "bool":
        return { k: "literal", value: e.value, type: "bool" };
      case "null":
        return { k: "literal", value: null, type: "null" };
      case "unary": {
        const a = this.expr(e.arg, scope);
        if (!isNumberLike(a.type)) this.fail("query_invalid", `unary ${e.op} needs a number, got ${a.type}`, e.span);
        if (e.op === "+") return a;
        if (a.k === "literal" && typeof a.value === "number") return { ...a, value: -a.value };
        return { k: "call", op: "neg", args: [asNumber(a)], type: a.type === "dynamic" ? "real" : a.type };
      }
      case "member":
        return this.member(e, scope);
      case "in": {
        const a = this.expr(e.arg, scope);
        const list = e.list.map((x) => this.expr(x, scope));
        if (list.length === 0) this.fail("query_invalid", "in () needs at least one value", e.span);
        for (const [i, v] of list.entries()) this.comparable(a, v, e.list[i]?.span ?? e.span);
        const lowerAll = (x: IrExpr): IrExpr =>
          e.caseless ? { k: "call", op: "tolower", args: [x], type: "string" } : x;
        return { k: "call", op: e.negated ? "notin" : "in", args: [lowerAll(a), ...list.map(lowerAll)], type: "bool" };
      }
      case "between": {
        const a = asNumber(this.expr(e.arg, scope));
        const lo = this.expr(e.low, scope);
        const hi = this.expr(e.high, scope);
        this.comparable(a, lo, e.low.span);
        this.comparable(a, hi, e.high.span);
        const inside: IrExpr = {
          k: "call",
          op: "and",
          args: [
            { k: "call", op: "ge", args: [a, lo], type: "bool" },
            { k: "call", op: "le", args: [a, hi], type: "bool" },
          ],
          type: "bool",
        };
        return e.negated ? { k: "call", op: "not", args: [inside], type: "bool" } : inside;
      }
      case "binary":
        return this.binary(e, scope);
      case "call":
        return this.call(e, scope);
    }
  }

  private member(e: Extract<Expr, { k: "member" }>, scope: Scope): IrExpr {
    const keys: string[] = [];
    let base: Expr = e;
    while (base.k === "member") {
      keys.unshift(base.key);
      base = base.base;
    }
    if (base.k === "ident" && (base.name === "$left" || base.name === "$right")) {
      this.fail("query_invalid", `${base.name} is only meaningful in a join's on clause`, base.span);
    }
    const b = this.expr(base, scope);
    if (b.type !== "json") {
      this.fail(
        "query_invalid",
        `.${keys[0]} reads a key of a JSON column, but this is a ${b.type}`,
        e.span,
        "attributes and output_summary are JSON: attributes.k8s.pod",
      );
    }
    return { k: "json", base: b, keys, type: "dynamic" };
  }

  private comparable(a: IrExpr, b: IrExpr, span: Span): void {
    const ok =
      a.type === "null" ||
      b.type === "null" ||
      (isNumberLike(a.type) && isNumberLike(b.type)) ||
      (isStringLike(a.type) && isStringLike(b.type)) ||
      (a.type === "bool" && b.type === "bool");
    if (!ok) this.fail("query_invalid", `cannot compare a ${a.type} with a ${b.type}`, span, hintFor(a.type, b.type));
  }

  private binary(e: Extract<Expr, { k: "binary" }>, scope: Scope): IrExpr {
    let a = this.expr(e.left, scope);
    let b = this.expr(e.right, scope);
    const bool = (op: ScalarOp, args: IrExpr[]): IrExpr => ({ k: "call", op, args, type: "bool" });
    if (e.op === "and" || e.op === "or") {
      if (!isBoolLike(a.type))
        this.fail("query_invalid", `${e.op} needs conditions on both sides, the left is a ${a.type}`, e.left.span);
      if (!isBoolLike(b.type))
        this.fail("query_invalid", `${e.op} needs conditions on both sides, the right is a ${b.type}`, e.right.span);
      return bool(e.op, [a, b]);
    }
    const cmp = CMP[e.op];
    if (cmp) {
      if (cmp === "ieq" || cmp === "ine") {
        this.needStrings(a, b, e);
        return bool(cmp, [a, b]);
      }
      if (isNumberLike(a.type) && isNumberLike(b.type)) {
        a = asNumber(a);
        b = asNumber(b);
      }
      this.comparable(a, b, e.opSpan);
      return bool(cmp, [a, b]);
    }
    const negated = e.op.startsWith("!");
    const op = negated ? e.op.slice(1) : e.op;
    const not = (x: IrExpr): IrExpr => (negated ? bool("not", [x]) : x);
    switch (op) {
      case "contains":
      case "contains_cs":
      case "startswith":
      case "startswith_cs":
      case "endswith":
      case "endswith_cs":
        this.needStrings(a, b, e);
        return not(bool(op, [a, b]));
      case "has":
      case "has_cs": {
        this.needStrings(a, b, e);
        if (b.k !== "literal" || typeof b.value !== "string")
          this.fail(
            "query_invalid",
            `${e.op} needs a constant string on the right`,
            e.right.span,
            "use contains to compare with a column",
          );
        return not(
          bool("regex", [a, { k: "literal", value: termRegex(b.value as string, op === "has"), type: "string" }]),
        );
      }
      case "matches regex": {
        this.needStrings(a, b, e);
        if (b.k !== "literal" || typeof b.value !== "string")
          this.fail("query_invalid", "matches regex needs a constant pattern", e.right.span);
        if ((b.value as string).length > MAX_REGEX_CHARS)
          this.fail("query_invalid", `the regex is longer than ${MAX_REGEX_CHARS} characters`, e.right.span);
        return bool("regex", [a, b]);
      }
      case "+":
      case "-": {
        const t = additiveType(op === "+" ? "add" : "sub", a.type, b.type);
        if (t === null)
          this.fail(
            "query_invalid",
            `cannot ${op === "+" ? "add" : "subtract"} a ${b.type} ${op === "+" ? "to" : "from"} a ${a.type}`,
            e.opSpan,
            a.type === "string" ? "join text with strcat(a, b)" : undefined,
          );
        return { k: "call", op: op === "+" ? "add" : "sub", args: [asNumber(a), asNumber(b)], type: t };
      }
      case "*":
      case "/":
      case "%": {
        if (!isNumberLike(a.type) || !isNumberLike(b.type))
          this.fail("query_invalid", `${op} needs numbers, got ${a.type} and ${b.type}`, e.opSpan);
        a = asNumber(a);
        b = asNumber(b);
        const integral = (t: IrType) => t === "long" || t === "timespan" || t === "datetime";
        const both = integral(a.type) && integral(b.type);
        const type: IrType = both
          ? a.type === "timespan" && op !== "%" && b.type === "long"
            ? "timespan"
            : "long"
          : "real";
        const sop: ScalarOp = op === "*" ? "mul" : op === "%" ? "mod" : both ? "intdiv" : "div";
        if (a.type === "timespan" && b.type === "timespan" && op === "/")
          return { k: "call", op: "div", args: [a, b], type: "real" };
        return { k: "call", op: sop, args: [a, b], type };
      }
      default:
        return this.fail("query_syntax", `unknown operator ${e.op}`, e.opSpan);
    }
  }

  private needStrings(a: IrExpr, b: IrExpr, e: Extract<Expr, { k: "binary" }>): void {
    if (!isStringLike(a.type))
      this.fail(
        "query_invalid",
        `${e.op} compares text, the left side is a ${a.type}`,
        e.left.span,
        "convert with tostring(x)",
      );
    if (!isStringLike(b.type))
      this.fail(
        "query_invalid",
        `${e.op} compares text, the right side is a ${b.type}`,
        e.right.span,
        'quote the value: "..."',
      );
  }

  private call(e: Extract<Expr, { k: "call" }>, scope: Scope): IrExpr {
    if (e.name === "percentiles" || e.name === "arg_max" || e.name === "arg_min") {
      this.fail(
        "query_invalid",
        `${e.name}() makes several columns: use it directly in summarize`,
        e.nameSpan,
        `e.g. summarize ${e.name}(...) by ...`,
      );
    }
    const spec = FUNCTIONS.get(e.name);
    if (!spec) {
      const s = nearest(e.name, [...FUNCTIONS.keys(), "percentiles", "arg_max", "arg_min"]);
      this.fail(
        "query_unknown_name",
        `unknown function ${e.name}()`,
        e.nameSpan,
        s.length > 0 ? `did you mean ${s.join(", ")}?` : "docs/query.md lists the functions",
        s,
      );
    }
    if (spec.aggregate && !scope.aggregates)
      this.fail(
        "query_invalid",
        `${e.name}() is an aggregate: use it in summarize`,
        e.nameSpan,
        `e.g. summarize ${e.name}(...) by model_name`,
      );
    if (spec.aggregate && scope.inAggregate)
      this.fail("query_invalid", `${e.name}() cannot be nested inside another aggregate`, e.nameSpan);
    if (e.args.length < spec.min || e.args.length > spec.max) {
      const want = spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
      this.fail(
        "query_invalid",
        `${e.name}() takes ${want} argument${spec.max === 1 ? "" : "s"}, got ${e.args.length}`,
        e.span,
        spec.doc,
      );
    }
    const inner: Scope = spec.aggregate ? { ...scope, inAggregate: true } : scope;
    const args = e.args.map((a) => this.expr(a, inner));
    if (e.name === "extract" || e.name === "format_datetime") {
      const p = args[e.name === "extract" ? 0 : 1];
      if (p?.k === "literal" && typeof p.value === "string" && p.value.length > MAX_REGEX_CHARS)
        this.fail("query_invalid", `the pattern is longer than ${MAX_REGEX_CHARS} characters`, e.span);
    }
    return spec.build(args, this.fnContext(e));
  }
}

const col = (c: IrColumn): IrExpr => ({ k: "column", name: c.name, type: c.type });

function containsAggregate(e: IrExpr): boolean {
  switch (e.k) {
    case "agg":
      return true;
    case "call":
      return e.args.some(containsAggregate);
    case "case":
      return (
        e.branches.some((b) => containsAggregate(b.when) || containsAggregate(b.then)) || containsAggregate(e.otherwise)
      );
    case "json":
      return containsAggregate(e.base);
    default:
      return false;
  }
}

function memberName(e: Expr): string {
  return e.k === "member"
    ? `${memberName(e.base)}_${e.key.replace(/[^A-Za-z0-9_]/g, "_")}`
    : e.k === "ident"
      ? e.name
      : "expr";
}

/** Kusto's default column names: the column itself, `fn_column` for aggregates, `count_`, then Column1, Column2... */
function defaultName(e: Expr, counter: { n: number }): string {
  if (e.k === "ident") return e.name;
  if (e.k === "member") return memberName(e);
  if (e.k === "call") {
    const first = e.args[0];
    const firstName = first?.k === "ident" ? first.name : first?.k === "member" ? memberName(first) : null;
    if ((e.name === "bin" || e.name === "floor") && firstName) return firstName;
    if (e.name === "count" || e.name === "countif") return `${e.name}_`;
    if (e.name === "percentile" && firstName && e.args[1]?.k === "number")
      return `percentile_${firstName}_${String(e.args[1].value).replace(".", "_")}`;
    const prefix: Record<string, string> = { make_list: "list", make_set: "set" };
    if (FUNCTIONS.get(e.name)?.aggregate && firstName) return `${prefix[e.name] ?? e.name}_${firstName}`;
  }
  counter.n++;
  return `Column${counter.n}`;
}

function hintFor(a: IrType, b: IrType): string | undefined {
  if ((a === "datetime" && b === "string") || (a === "string" && b === "datetime"))
    return "write times as datetime(2024-05-01T12:00:00Z) or ago(1h)";
  if (isNumberLike(a) && b === "string") return "numbers are written without quotes";
  return undefined;
}

/**
 * `has`: the term as a whole word (bounded by non-alphanumerics), as an RE2 pattern. Every character but ASCII
 * letters and digits is written as \x{HEX}, so nothing in the term can act as regex syntax.
 */
export function termRegex(term: string, caseless: boolean): string {
  let body = "";
  for (const ch of term) body += /[A-Za-z0-9]/.test(ch) ? ch : `\\x{${(ch.codePointAt(0) as number).toString(16)}}`;
  return `${caseless ? "(?i)" : ""}(^|[^[:alnum:]_])${body}($|[^[:alnum:]_])`;
}
