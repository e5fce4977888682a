// The KQL parser: tokens to a syntax tree by recursive descent, with a nesting bound so hostile input cannot
// exhaust the stack.
import type { Expr, NamedExpr, Operator, Script, SortKey, Statement, Tabular } from "./ast.js";
import { type Token, tokenize } from "./lexer.js";
import { QueryError, type Span } from "./query-error.js";

/** Deepest nesting of parentheses and sub-queries accepted. */
export const MAX_DEPTH = 64;
/** Most binary operators in one query: a chain `1+1+...` nests the tree as deep as it is long, and every later phase
 * walks the tree recursively. */
export const MAX_OPERATORS = 1000;
/** Most pipeline steps (`| where`, `| extend`...) in one query; each may become a nested sub-query. */
export const MAX_STEPS = 200;

const OPERATOR_NAMES = [
  "where",
  "filter",
  "project",
  "project-away",
  "extend",
  "summarize",
  "sort",
  "order",
  "top",
  "take",
  "limit",
  "count",
  "distinct",
  "join",
  "union",
  "render",
];
const STRING_OPS = new Set([
  "has",
  "!has",
  "contains",
  "!contains",
  "startswith",
  "!startswith",
  "endswith",
  "!endswith",
  "has_cs",
  "!has_cs",
  "contains_cs",
  "!contains_cs",
  "startswith_cs",
  "!startswith_cs",
  "endswith_cs",
  "!endswith_cs",
]);
const COMPARISONS = new Set(["==", "!=", "<>", "<", "<=", ">", ">=", "=~", "!~"]);
export const CHARTS = ["timechart", "barchart", "columnchart", "piechart", "linechart", "areachart", "table"];

export function parse(text: string): Script {
  return new Parser(text, tokenize(text)).script();
}

class Parser {
  private i = 0;
  private depth = 0;
  private operators = 0;
  private steps = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private get tok(): Token {
    return this.tokens[this.i] as Token;
  }

  private peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== "eof") this.i++;
    return t;
  }

  private fail(message: string, at: Span = this.tok, hint?: string): never {
    throw new QueryError("query_syntax", message, this.text, at, hint);
  }

  private describe(t: Token): string {
    return t.kind === "eof"
      ? "the end of the query"
      : t.kind === "string"
        ? "a string"
        : `"${this.text.slice(t.start, t.end)}"`;
  }

  private atEnd(): boolean {
    return this.tok.kind === "eof";
  }

  private isOp(text: string): boolean {
    return this.tok.kind === "op" && this.tok.text === text;
  }

  private isWord(word: string): boolean {
    return this.tok.kind === "ident" && this.tok.text === word;
  }

  private expectOp(text: string, hint?: string): Token {
    if (!this.isOp(text)) this.fail(`expected "${text}" but found ${this.describe(this.tok)}`, this.tok, hint);
    return this.next();
  }

  private expectWord(word: string, hint?: string): Token {
    if (!this.isWord(word)) this.fail(`expected "${word}" but found ${this.describe(this.tok)}`, this.tok, hint);
    return this.next();
  }

  private ident(what: string): Token {
    if (this.tok.kind !== "ident") this.fail(`expected ${what} but found ${this.describe(this.tok)}`);
    return this.next();
  }

  private enter(at: Span): void {
    if (++this.depth > MAX_DEPTH) this.fail(`the query nests deeper than ${MAX_DEPTH} levels`, at);
  }

  /** Counts one operator node; refuses the query past MAX_OPERATORS. */
  private countOperator(at: Span): void {
    if (++this.operators > MAX_OPERATORS)
      this.fail(`the query has more than ${MAX_OPERATORS} operators`, at, "split it with let");
  }

  private span(start: number): Span {
    const prev = this.tokens[this.i - 1];
    return { start, end: prev ? prev.end : start };
  }

  script(): Script {
    const statements: Statement[] = [];
    for (;;) {
      while (this.isOp(";")) this.next();
      if (this.tok.kind === "eof") break;
      const before = statements[statements.length - 1];
      if (before?.k === "query") {
        this.fail(
          "only one query per request; the statements before it must be let statements",
          this.tok,
          "name intermediate results: let x = events | ...;",
        );
      }
      statements.push(this.statement());
      if (!this.atEnd() && !this.isOp(";")) {
        this.fail(
          `unexpected ${this.describe(this.tok)}`,
          this.tok,
          "operators are chained with |, statements separated by ;",
        );
      }
    }
    const last = statements[statements.length - 1];
    if (!last) this.fail("the query is empty", this.tok, "start with a table, e.g. events | take 10");
    if (last.k !== "query")
      this.fail(
        "the query ends with a let statement; add the query that uses it",
        this.tok,
        "e.g. let t = 1h; events | where timestamp > ago(t)",
      );
    return { statements };
  }

  private statement(): Statement {
    if (this.isWord("let")) {
      const start = this.next().start;
      const name = this.ident("a name after let");
      this.expectOp("=");
      if (this.looksTabular()) {
        return { k: "let", name: name.text, span: name, value: { k: "tabular", query: this.tabular() } };
      }
      return { k: "let", name: name.text, span: this.span(start), value: { k: "scalar", expr: this.expr() } };
    }
    return { k: "query", query: this.tabular() };
  }

  /** A let value is tabular when it starts a pipeline: `name |`, `union`, or `(` followed by a pipeline. */
  private looksTabular(): boolean {
    const t = this.tok;
    if (t.kind === "ident" && t.text === "union" && this.peek().kind === "ident") return true;
    if (t.kind === "ident" && this.peek().kind === "op" && this.peek().text === "|") return true;
    if (t.kind === "op" && t.text === "(") {
      const a = this.peek();
      const b = this.peek(2);
      return a.kind === "ident" && b.kind === "op" && (b.text === "|" || b.text === ")") && a.text !== "not";
    }
    return false;
  }

  tabular(): Tabular {
    const start = this.tok.start;
    this.enter(this.tok);
    let source: Tabular["source"];
    if (this.isWord("union")) {
      this.next();
      source = { k: "union", inputs: this.tabularList(), span: this.span(start) };
    } else if (this.isOp("(")) {
      this.next();
      const query = this.tabular();
      this.expectOp(")");
      source = { k: "paren", query, span: this.span(start) };
    } else {
      const name = this.ident("a table name (e.g. events)");
      source = { k: "name", name: name.text, span: name };
    }
    const ops: Operator[] = [];
    while (this.isOp("|")) {
      const bar = this.next();
      if (++this.steps > MAX_STEPS)
        this.fail(`the query has more than ${MAX_STEPS} pipeline steps`, bar, "split it with let");
      ops.push(this.operator());
    }
    this.depth--;
    return { source, ops };
  }

  private tabularList(): Tabular[] {
    const out: Tabular[] = [];
    do {
      if (out.length > 0) this.next();
      out.push(this.operand());
    } while (this.isOp(","));
    return out;
  }

  /** A table reference inside join/union: a bare name or a parenthesized pipeline. */
  private operand(): Tabular {
    if (this.isOp("(")) {
      const start = this.next().start;
      const query = this.tabular();
      this.expectOp(")");
      return { source: { k: "paren", query, span: this.span(start) }, ops: [] };
    }
    const name = this.ident("a table name or a (sub-query)");
    return { source: { k: "name", name: name.text, span: name }, ops: [] };
  }

  private operator(): Operator {
    const t = this.tok;
    if (t.kind !== "ident" || !OPERATOR_NAMES.includes(t.text)) {
      this.fail(
        `expected an operator after | but found ${this.describe(t)}`,
        t,
        `operators: ${OPERATOR_NAMES.join(", ")}`,
      );
    }
    const start = this.next().start;
    switch (t.text) {
      case "where":
      case "filter":
        return { k: "where", pred: this.expr(), span: this.span(start) };
      case "project":
        return { k: "project", items: this.namedList(), span: this.span(start) };
      case "project-away": {
        const names: { name: string; span: Span }[] = [];
        do {
          if (names.length > 0) this.next();
          const n = this.ident("a column name");
          names.push({ name: n.text, span: n });
        } while (this.isOp(","));
        return { k: "project-away", names, span: this.span(start) };
      }
      case "extend":
        return { k: "extend", items: this.namedList(), span: this.span(start) };
      case "summarize": {
        const aggs = this.isWord("by") ? [] : this.namedList();
        let by: NamedExpr[] = [];
        if (this.isWord("by")) {
          this.next();
          by = this.namedList();
        }
        if (aggs.length === 0 && by.length === 0)
          this.fail("summarize needs aggregates or a by clause", t, "e.g. summarize count() by model_name");
        return { k: "summarize", aggs, by, span: this.span(start) };
      }
      case "sort":
      case "order": {
        this.expectWord("by", `write ${t.text} by COLUMN [asc|desc]`);
        const keys: SortKey[] = [];
        do {
          if (keys.length > 0) this.next();
          keys.push(this.sortKey());
        } while (this.isOp(","));
        return { k: "sort", keys, span: this.span(start) };
      }
      case "top": {
        const n = this.expr();
        this.expectWord("by", "write top N by COLUMN [asc|desc]");
        return { k: "top", n, key: this.sortKey(), span: this.span(start) };
      }
      case "take":
      case "limit":
        return { k: "take", n: this.expr(), span: this.span(start) };
      case "count":
        return { k: "count", span: this.span(start) };
      case "distinct":
        return { k: "distinct", items: this.namedList(), span: this.span(start) };
      case "join": {
        let kind: "inner" | "leftouter" = "inner";
        if (this.isWord("kind")) {
          this.next();
          this.expectOp("=");
          const k = this.ident("a join kind");
          if (k.text !== "inner" && k.text !== "leftouter")
            this.fail(`join kind ${k.text} is not supported`, k, "kinds: inner, leftouter");
          kind = k.text;
        }
        const right = this.operand();
        this.expectWord("on", "write join (RIGHT) on KEY or on $left.a == $right.b");
        const on: Expr[] = [];
        do {
          if (on.length > 0) this.next();
          on.push(this.expr());
        } while (this.isOp(","));
        return { k: "join", kind, right, on, span: this.span(start) };
      }
      case "union":
        return { k: "union", others: this.tabularList(), span: this.span(start) };
      default: {
        const chart = this.ident("a chart kind");
        if (!CHARTS.includes(chart.text))
          this.fail(`unknown chart kind ${chart.text}`, chart, `kinds: ${CHARTS.join(", ")}`);
        return { k: "render", chart: chart.text, span: this.span(start) };
      }
    }
  }

  private sortKey(): SortKey {
    const expr = this.expr();
    let desc = true;
    if (this.isWord("asc") || this.isWord("desc")) desc = this.next().text === "desc";
    let nullsFirst: boolean | null = null;
    if (this.isWord("nulls")) {
      this.next();
      const w = this.ident("first or last");
      if (w.text !== "first" && w.text !== "last") this.fail("expected nulls first or nulls last", w);
      nullsFirst = w.text === "first";
    }
    return { expr, desc, nullsFirst };
  }

  private namedList(): NamedExpr[] {
    const out: NamedExpr[] = [];
    do {
      if (out.length > 0) this.next();
      if (this.isOp("*")) {
        const star = this.next();
        out.push({ name: null, nameSpan: null, expr: { k: "ident", name: "*", span: star } });
      } else if (this.tok.kind === "ident" && this.peek().kind === "op" && this.peek().text === "=") {
        const name = this.next();
        this.next();
        out.push({ name: name.text, nameSpan: name, expr: this.expr() });
      } else {
        out.push({ name: null, nameSpan: null, expr: this.expr() });
      }
    } while (this.isOp(","));
    return out;
  }

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord("or")) {
      const op = this.next();
      this.countOperator(op);
      const right = this.and();
      left = { k: "binary", op: "or", left, right, span: { start: left.span.start, end: right.span.end }, opSpan: op };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.isWord("and")) {
      const op = this.next();
      this.countOperator(op);
      const right = this.comparison();
      left = { k: "binary", op: "and", left, right, span: { start: left.span.start, end: right.span.end }, opSpan: op };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.tok;
    const word = t.kind === "ident" || t.kind === "op" ? t.text : "";
    if (t.kind === "op" && COMPARISONS.has(word)) {
      this.next();
      const right = this.additive();
      return {
        k: "binary",
        op: word === "<>" ? "!=" : word,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
        opSpan: t,
      };
    }
    if (STRING_OPS.has(word) && (t.kind === "op" || t.kind === "ident")) {
      this.next();
      const right = this.additive();
      return { k: "binary", op: word, left, right, span: { start: left.span.start, end: right.span.end }, opSpan: t };
    }
    if (t.kind === "ident" && t.text === "matches") {
      this.next();
      this.expectWord("regex", "write matches regex 'PATTERN'");
      const right = this.additive();
      return {
        k: "binary",
        op: "matches regex",
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
        opSpan: { start: t.start, end: right.span.start },
      };
    }
    if (word === "in" || word === "!in" || word === "in~" || word === "!in~") {
      this.next();
      this.expectOp("(", "write x in (a, b, c)");
      const list: Expr[] = [];
      if (!this.isOp(")")) {
        do {
          if (list.length > 0) this.next();
          list.push(this.expr());
        } while (this.isOp(","));
      }
      const close = this.expectOp(")");
      return {
        k: "in",
        negated: word.startsWith("!"),
        caseless: word.endsWith("~"),
        arg: left,
        list,
        span: { start: left.span.start, end: close.end },
      };
    }
    if (word === "between" || word === "!between") {
      this.next();
      this.expectOp("(", "write x between (low .. high)");
      const low = this.additive();
      this.expectOp("..", "write x between (low .. high)");
      const high = this.additive();
      const close = this.expectOp(")");
      return {
        k: "between",
        negated: word === "!between",
        arg: left,
        low,
        high,
        span: { start: left.span.start, end: close.end },
      };
    }
    return left;
  }

  private additive(): Expr {
    return this.binaryLevel(["+", "-"], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.binaryLevel(["*", "/", "%"], () => this.unary());
  }

  /** One left-associative precedence level: `operand (op operand)*` for the given operators. */
  private binaryLevel(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (ops.some((o) => this.isOp(o))) {
      const op = this.next();
      this.countOperator(op);
      const right = operand();
      left = {
        k: "binary",
        op: op.text,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
        opSpan: op,
      };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.next();
      this.enter(op);
      const arg = this.unary();
      this.depth--;
      return { k: "unary", op: op.text as "-" | "+", arg, span: { start: op.start, end: arg.span.end } };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isOp(".") && this.peek().kind === "ident") {
        this.countOperator(this.next());
        const key = this.next();
        e = { k: "member", base: e, key: key.text, span: { start: e.span.start, end: key.end } };
      } else if (this.isOp("[") && this.peek().kind === "string") {
        this.countOperator(this.next());
        const key = this.next();
        const close = this.expectOp("]");
        e = { k: "member", base: e, key: key.text, span: { start: e.span.start, end: close.end } };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case "string":
        this.next();
        return { k: "string", value: t.text, span: t };
      case "number":
        this.next();
        return { k: "number", value: t.value as number, isInt: /^\d+$/.test(t.text), span: t };
      case "timespan":
        this.next();
        return { k: "timespan", ms: t.value as number, span: t };
      case "datetime":
        this.next();
        return { k: "datetime", ms: t.value as number, span: t };
      case "ident": {
        this.next();
        if (t.text === "true" || t.text === "false") return { k: "bool", value: t.text === "true", span: t };
        if (t.text === "null") return { k: "null", span: t };
        if (this.isOp("(")) {
          this.next();
          this.enter(t);
          const args: Expr[] = [];
          if (!this.isOp(")")) {
            do {
              if (args.length > 0) this.next();
              args.push(this.isOp("*") ? { k: "ident", name: "*", span: this.next() } : this.expr());
            } while (this.isOp(","));
          }
          const close = this.expectOp(")", "separate arguments with commas");
          this.depth--;
          return { k: "call", name: t.text, args, span: { start: t.start, end: close.end }, nameSpan: t };
        }
        return { k: "ident", name: t.text, span: t };
      }
      case "op":
        if (t.text === "(") {
          this.next();
          this.enter(t);
          const inner = this.expr();
          this.expectOp(")");
          this.depth--;
          return inner;
        }
        break;
      default:
        break;
    }
    return this.fail(`expected a value but found ${this.describe(t)}`, t);
  }
}
