// IR to SQL text for one dialect. Pipeline steps fold into one SELECT while SQL's clause order allows it
// (WHERE before GROUP BY before ORDER BY before LIMIT) and nest as a sub-query otherwise.
import type { IrColumn, IrExpr, IrRel } from "../ir.js";
import { type Dialect, UnsupportedError } from "./dialect.js";

/** A value bound to `$n`. */
export type SqlParam = string | number | bigint | boolean | null;

export interface GeneratedSql {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

interface OrderKey {
  readonly sql: string;
  /** The key with its columns qualified by the source, so that no select-list alias of the same name can capture it. */
  readonly qualified: string;
  /** Direction and null placement, e.g. ` DESC NULLS LAST`. */
  readonly suffix: string;
  /** The output column when the key is a plain column (such a key survives a wrap into a sub-query). */
  readonly column: string | null;
}

interface Select {
  cols: string[] | null;
  from: string;
  where: string[];
  groupBy: string[] | null;
  orderBy: OrderKey[];
  limit: number | null;
  distinct: boolean;
  readonly columns: readonly IrColumn[];
  /** The name the FROM source goes by (table or sub-query alias), for dialects that qualify columns. */
  readonly alias: string;
  /**
   * Extra output columns that only carry a sort key past a sub-query (a key the pipeline replaced or dropped). Their
   * names start with `#`, which no KQL identifier can, and the final query leaves them out.
   */
  hidden: string[];
  /** How many of the hidden columns this select adds itself (the last entries of `cols`). */
  ownHidden: number;
}

/** Numbers the compiler itself produced (sizes, times, user numbers already parsed to finite doubles). */
export function numberSql(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const s = Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  return n < 0 ? `(${s})` : s;
}

/**
 * Most expression and relation nodes one query may write. A `let` used twice is written twice, so a chain of lets
 * can double the SQL at each step; the budget stops that long before memory or time run out.
 */
export const MAX_SQL_NODES = 100_000;

export function generate(rel: IrRel, dialect: Dialect): GeneratedSql {
  return new Generator(dialect).run(rel);
}

class Generator {
  private readonly params: SqlParam[] = [];
  private aliases = 0;
  private hiddenCount = 0;
  private nodes = 0;
  /** Set while writing expressions over a source whose columns the dialect wants qualified. */
  private qualifier: string | null = null;

  constructor(private readonly d: Dialect) {}

  run(rel: IrRel): GeneratedSql {
    let s = this.select(rel);
    if (s.hidden.length > 0 && s.hidden.length === s.ownHidden && s.cols !== null) {
      // The keys of this select's own ORDER BY read the source directly: the hidden copies are not needed.
      s.cols = s.cols.slice(0, s.cols.length - s.ownHidden);
    } else if (s.hidden.length > 0) {
      if (s.cols !== null) s = this.wrap(s, true);
      s.cols = s.columns.map((c) => this.q(c.name));
      s.hidden = [];
    }
    return { sql: this.render(s), params: this.params };
  }

  private q(name: string): string {
    return this.d.quoteIdent(name);
  }

  private value(v: string): string {
    if (!this.d.capabilities.boundParameters) return this.d.quoteString(v);
    // One placeholder per distinct value: an expression written twice (select list and GROUP BY) must read the same.
    const known = this.params.indexOf(v);
    if (known >= 0) return this.d.placeholder(known + 1);
    this.params.push(v);
    return this.d.placeholder(this.params.length);
  }

  private spend(): void {
    if (++this.nodes > MAX_SQL_NODES) {
      throw new UnsupportedError(`the query expands to more than ${MAX_SQL_NODES} SQL terms (a let used many times?)`);
    }
  }

  expr(e: IrExpr): string {
    this.spend();
    switch (e.k) {
      case "column":
        return this.qualifier === null ? this.q(e.name) : `${this.q(this.qualifier)}.${this.q(e.name)}`;
      case "literal":
        if (e.value === null) return "NULL";
        if (typeof e.value === "boolean") return e.value ? "TRUE" : "FALSE";
        if (typeof e.value === "number") return numberSql(e.value);
        return this.value(e.value);
      case "call":
        return this.d.scalars[e.op](
          e.args.map((a) => this.expr(a)),
          e.args,
        );
      case "agg": {
        // percentile(x, 99) is written as the fraction SQL wants.
        const args =
          e.op === "percentile"
            ? [this.expr(e.args[0] as IrExpr), numberSql(Number((e.args[1] as { value: number }).value) / 100)]
            : e.args.map((a) => this.expr(a));
        return this.d.aggregates[e.op](args, e.args);
      }
      case "case":
        return `CASE ${e.branches.map((b) => `WHEN ${this.expr(b.when)} THEN ${this.expr(b.then)}`).join(" ")} ELSE ${this.expr(e.otherwise)} END`;
      case "var":
        if (!/^[a-z][a-z0-9_]{0,31}$/.test(e.name)) throw new Error(`not a compiler-made variable name: ${e.name}`);
        return e.name;
      case "any":
        return this.d.anyOf(
          this.expr(e.list),
          this.expr({ k: "var", name: e.variable, type: "string" }),
          this.expr(e.pred),
        );
      case "json":
        if (e.keys.length > 1 && !this.d.capabilities.nestedJsonPaths) {
          throw new UnsupportedError(`JSON paths deeper than one key are not available in the ${this.d.name} dialect`);
        }
        return this.d.json(this.expr(e.base), e.keys, (v) => this.value(v));
    }
  }

  /** Writes expressions over the columns of `s`'s source. */
  private over<T>(s: Select, write: () => T, always = false): T {
    if (!always && !this.d.capabilities.qualifiedColumns) return write();
    const saved = this.qualifier;
    this.qualifier = s.alias;
    try {
      return write();
    } finally {
      this.qualifier = saved;
    }
  }

  private item(name: string, e: IrExpr): string {
    if (e.k === "column" && e.name === name && this.qualifier === null) return this.q(name);
    return `${this.expr(e)} AS ${this.q(name)}`;
  }

  private base(from: string, columns: readonly IrColumn[], alias: string): Select {
    return {
      cols: null,
      from,
      where: [],
      groupBy: null,
      orderBy: [],
      limit: null,
      distinct: false,
      columns,
      alias,
      hidden: [],
      ownHidden: 0,
    };
  }

  /** True when WHERE, a new select list or GROUP BY can still be added to `s`. */
  private plain(s: Select): boolean {
    return s.cols === null && s.groupBy === null && s.limit === null && !s.distinct;
  }

  /**
   * `s` as a sub-query. A sub-query's order is lost, so the ORDER BY moves to the outer query: by output column when
   * the key is one, else (when the next step keeps row order: where, project, take) through a hidden column.
   */
  private wrap(s: Select, keepsOrder = false): Select {
    this.aliases++;
    const alias = `q${this.aliases}`;
    const names = new Set([...s.columns.map((c) => c.name), ...s.hidden]);
    const inner: Select = { ...s, cols: s.cols === null ? null : [...s.cols] };
    const hidden = [...s.hidden];
    const carried: OrderKey[] = [];
    for (const k of s.orderBy) {
      let column = k.column !== null && names.has(k.column) ? k.column : null;
      if (column === null) {
        if (!keepsOrder) continue;
        column = this.hiddenName();
        inner.cols = [...(inner.cols ?? ["*"]), `${k.sql} AS ${this.q(column)}`];
        hidden.push(column);
      }
      carried.push({ sql: this.q(column), qualified: `${this.q(alias)}.${this.q(column)}`, suffix: k.suffix, column });
    }
    // Without a LIMIT the inner order means nothing; with one it decides which rows are kept, so it stays.
    if (s.limit === null) inner.orderBy = [];
    const out = this.base(`(${this.render(inner)}) AS ${this.q(alias)}`, s.columns, alias);
    out.orderBy = carried;
    out.hidden = hidden;
    out.ownHidden = 0;
    return out;
  }

  private hiddenName(): string {
    this.hiddenCount++;
    return `#order${this.hiddenCount}`;
  }

  private render(s: Select): string {
    let sql = `SELECT ${s.distinct ? "DISTINCT " : ""}${s.cols === null ? "*" : s.cols.join(", ")} FROM ${s.from}`;
    if (s.where.length > 0)
      sql += ` WHERE ${s.where.map((w) => (s.where.length > 1 || !this.d.capabilities.boundParameters ? w : stripParens(w))).join(" AND ")}`;
    if (s.groupBy !== null && s.groupBy.length > 0) sql += ` GROUP BY ${s.groupBy.join(", ")}`;
    if (s.orderBy.length > 0) sql += ` ORDER BY ${s.orderBy.map((k) => k.sql + k.suffix).join(", ")}`;
    if (s.limit !== null) sql += ` LIMIT ${s.limit}`;
    return sql;
  }

  private select(rel: IrRel): Select {
    this.spend();
    switch (rel.k) {
      case "scan":
        return this.base(this.q(rel.table), rel.columns, rel.table);
      case "filter": {
        let s = this.select(rel.input);
        if (!this.plain(s)) s = this.wrap(s, true);
        const target = s;
        s.where.push(this.over(target, () => this.expr(rel.pred)));
        return s;
      }
      case "project": {
        let s = this.select(rel.input);
        if (!this.plain(s)) s = this.wrap(s, true);
        const source = s;
        const cols = this.over(source, () => this.projection(rel.items, rel.input.columns));
        // A `*` select list still passes the source's hidden columns on; an explicit one passes none.
        const star = cols === null || (cols[0] ?? "").startsWith("*");
        const kept = new Set(
          rel.items.filter((i) => i.expr.k === "column" && i.expr.name === i.name).map((i) => i.name),
        );
        const hidden = star ? [...source.hidden] : [];
        const extra: string[] = [];
        // A sort key this select list replaces or drops is bound to the source explicitly (ORDER BY prefers
        // select-list names) and kept in a hidden column, so that the order survives what comes next.
        const orderBy = source.orderBy.map((k) => {
          const stays = k.column !== null && (kept.has(k.column) || (star && source.hidden.includes(k.column)));
          if (stays) return k;
          const column = this.hiddenName();
          extra.push(`${k.qualified} AS ${this.q(column)}`);
          hidden.push(column);
          return { ...k, sql: k.qualified, column };
        });
        return {
          ...s,
          columns: rel.columns,
          cols: extra.length > 0 ? [...(cols ?? ["*"]), ...extra] : cols,
          orderBy,
          hidden,
          ownHidden: extra.length,
        };
      }
      case "aggregate": {
        let s = this.select(rel.input);
        if (!this.plain(s)) s = this.wrap(s);
        return {
          ...s,
          columns: rel.columns,
          orderBy: [],
          hidden: [],
          ownHidden: 0,
          cols: this.over(s, () => [...rel.groups, ...rel.aggs].map((i) => this.item(i.name, i.expr))),
          groupBy: this.over(s, () => rel.groups.map((g) => this.expr(g.expr))),
        };
      }
      case "sort": {
        let s = this.select(rel.input);
        const plainKeys = rel.keys.every((k) => k.expr.k === "column");
        if (s.limit !== null || s.distinct || (!plainKeys && (s.cols !== null || s.groupBy !== null))) s = this.wrap(s);
        // Over a plain source the keys read its columns; after a select list they name its output columns.
        const overSource = s.cols === null && s.groupBy === null;
        const target = s;
        s.orderBy = rel.keys.map((k) => {
          const nulls = this.d.capabilities.nullsOrdering ? ` NULLS ${k.nullsFirst ? "FIRST" : "LAST"}` : "";
          const sql = overSource ? this.over(target, () => this.expr(k.expr)) : this.expr(k.expr);
          return {
            sql,
            qualified: overSource ? this.over(target, () => this.expr(k.expr), true) : sql,
            suffix: ` ${k.desc ? "DESC" : "ASC"}${nulls}`,
            column: k.expr.k === "column" ? k.expr.name : null,
          };
        });
        return s;
      }
      case "limit": {
        const s = this.select(rel.input);
        s.limit = s.limit === null ? rel.n : Math.min(s.limit, rel.n);
        return s;
      }
      case "distinct": {
        let s = this.select(rel.input);
        if (s.distinct || s.limit !== null || s.groupBy !== null || s.hidden.length > 0) s = this.wrap(s);
        // DISTINCT must see exactly the output columns, and its order is undefined anyway.
        if (s.hidden.length > 0) s.cols = s.columns.map((c) => this.q(c.name));
        return { ...s, distinct: true, orderBy: [], hidden: [], ownHidden: 0 };
      }
      case "join": {
        const l = this.render(this.select(rel.left));
        const r = this.render(this.select(rel.right));
        const on = rel.on
          .map((k) => `${this.q("l")}.${this.q(k.left)} = ${this.q("r")}.${this.q(k.right)}`)
          .join(" AND ");
        const from = `(${l}) AS ${this.q("l")} ${this.d.joinKeyword(rel.kind)} (${r}) AS ${this.q("r")} ON ${on}`;
        const s = this.base(from, rel.columns, "j");
        s.cols = rel.sources.map((src, i) => {
          const out = (rel.columns[i] as IrColumn).name;
          return `${this.q(src.side === "left" ? "l" : "r")}.${this.q(src.name)}${out === src.name ? "" : ` AS ${this.q(out)}`}`;
        });
        // Referencing an output column of a join must not need the side prefix: make it a sub-query for what follows.
        return this.wrap(s);
      }
      case "union": {
        const arms = rel.inputs.map((input) => {
          let s = this.select(input);
          if (!this.plain(s) || s.orderBy.length > 0)
            s = this.wrap({ ...s, orderBy: s.limit === null ? [] : s.orderBy });
          s.orderBy = [];
          const have = new Set(input.columns.map((c) => c.name));
          s.cols = rel.columns.map((c) => (have.has(c.name) ? this.q(c.name) : `NULL AS ${this.q(c.name)}`));
          return this.render(s);
        });
        this.aliases++;
        const alias = `q${this.aliases}`;
        return this.base(`(${arms.join(" UNION ALL ")}) AS ${this.q(alias)}`, rel.columns, alias);
      }
    }
  }

  /** The select list for `items` over `input`: `*` when it keeps the input as is, `* EXCLUDE` / `*, x AS y` when it can. */
  private projection(items: readonly { name: string; expr: IrExpr }[], input: readonly IrColumn[]): string[] | null {
    const identity = (i: number) => {
      const it = items[i];
      const c = input[i];
      return (
        it !== undefined && c !== undefined && it.expr.k === "column" && it.expr.name === c.name && it.name === c.name
      );
    };
    let prefix = 0;
    while (prefix < input.length && identity(prefix)) prefix++;
    if (prefix === input.length) {
      if (items.length === input.length) return null;
      return ["*", ...items.slice(prefix).map((i) => this.item(i.name, i.expr))];
    }
    if (this.d.capabilities.starExclude) {
      const kept = new Set(items.map((i) => (i.expr.k === "column" && i.expr.name === i.name ? i.name : "")));
      const dropped = input.filter((c) => !kept.has(c.name));
      const keptInOrder = input.filter((c) => kept.has(c.name));
      const same =
        items.length === keptInOrder.length &&
        items.every((it, i) => it.name === keptInOrder[i]?.name && it.expr.k === "column" && it.expr.name === it.name);
      if (same && dropped.length > 0 && dropped.length < input.length / 2)
        return [`* EXCLUDE (${dropped.map((c) => this.q(c.name)).join(", ")})`];
    }
    return items.map((i) => this.item(i.name, i.expr));
  }
}

/** Drops one pair of parentheses around a whole WHERE condition, for readability (only used when no literal is in the text). */
function stripParens(s: string): string {
  if (!s.startsWith("(") || !s.endsWith(")")) return s;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")") depth--;
    if (depth === 0 && i < s.length - 1) return s;
  }
  return s.slice(1, -1);
}
