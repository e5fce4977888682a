// The KQL lexer: query text to tokens with their spans. Identifiers are ASCII only, so no look-alike Unicode name can
// reach SQL; strings may hold anything (they travel as bound parameters).
import { QueryError } from "./query-error.js";

export type TokenKind = "ident" | "number" | "string" | "timespan" | "datetime" | "op" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, operator text, decoded string, or the literal's source text. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Numeric value of number and timespan (milliseconds) tokens, epoch ms of datetime tokens. */
  readonly value?: number;
}

/** Longest query text accepted; longer text is refused before any work. */
export const MAX_QUERY_CHARS = 64 * 1024;
const MAX_IDENT_CHARS = 128;

/** Timespan units in milliseconds (KQL spellings). */
const UNITS: Record<string, number> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
};

/** Multi-character operators, longest first so `==` wins over `=`. */
const OPERATORS = [
  "!~",
  "=~",
  "==",
  "!=",
  "<>",
  "<=",
  ">=",
  "..",
  "|",
  "(",
  ")",
  "[",
  "]",
  ",",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  ".",
  ";",
  ":",
];

/** Words that may carry a leading `!` (negated string and set operators). */
const NEGATABLE = new Set([
  "in",
  "contains",
  "has",
  "startswith",
  "endswith",
  "between",
  "contains_cs",
  "has_cs",
  "startswith_cs",
  "endswith_cs",
  "in~",
]);

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses the inside of `datetime(...)`: an ISO 8601 date or date-time, UTC unless an offset is given. */
export function parseDatetimeText(s: string): number | null {
  const m = ISO_DATETIME.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", se = "0", frac = "0", tz] = m;
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(se),
    Number(frac.padEnd(3, "0")),
  );
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(se) > 59
  )
    return null;
  if (!tz || tz === "Z") return ms;
  const sign = tz.startsWith("-") ? -1 : 1;
  const digits = tz.slice(1).replace(":", "");
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_]/.test(c);

export function tokenize(text: string): Token[] {
  if (text.length > MAX_QUERY_CHARS) {
    throw new QueryError(
      "query_syntax",
      `the query is ${text.length} characters long; at most ${MAX_QUERY_CHARS} are accepted`,
      text,
      { start: 0, end: 1 },
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, start: number, end: number, hint?: string): never => {
    throw new QueryError("query_syntax", message, text, { start, end }, hint);
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    const start = i;
    if (
      c === '"' ||
      c === "'" ||
      ((c === "@" || c === "h" || c === "H") && (text[i + 1] === '"' || text[i + 1] === "'"))
    ) {
      tokens.push(readString(text, i, fail));
      i = tokens[tokens.length - 1]?.end ?? text.length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      // `1..5` is a range, not a decimal point.
      if (text[i] === "." && /[0-9]/.test(text[i + 1] ?? "")) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      }
      if (/[eE]/.test(text[i] ?? "") && /[-+0-9]/.test(text[i + 1] ?? "")) {
        i += 2;
        while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      }
      const numText = text.slice(start, i);
      let u = i;
      while (u < text.length && /[A-Za-z]/.test(text[u] as string)) u++;
      const unit = text.slice(i, u);
      if (unit) {
        const factor = UNITS[unit.toLowerCase()];
        if (factor === undefined)
          fail(`unknown timespan unit "${unit}"`, start, u, "units are d, h, m, s and ms, e.g. 5m or 1h");
        tokens.push({
          kind: "timespan",
          text: text.slice(start, u),
          start,
          end: u,
          value: Number(numText) * (factor as number),
        });
        i = u;
        continue;
      }
      const value = Number(numText);
      if (!Number.isFinite(value)) fail(`number ${numText} is out of range`, start, i);
      tokens.push({ kind: "number", text: numText, start, end: i, value });
      continue;
    }
    if (isIdentStart(c) || (c === "$" && isIdentStart(text[i + 1] ?? ""))) {
      i++;
      while (i < text.length && isIdentChar(text[i] as string)) i++;
      // Operator names with a dash: project-away, project-rename, mv-expand...
      while (
        text[i] === "-" &&
        isIdentStart(text[i + 1] ?? "") &&
        /^(project|project-away|project-rename|project-keep)$/.test(text.slice(start, i))
      ) {
        i++;
        while (i < text.length && isIdentChar(text[i] as string)) i++;
      }
      const word = text.slice(start, i);
      if (word.length > MAX_IDENT_CHARS) fail(`identifier is longer than ${MAX_IDENT_CHARS} characters`, start, i);
      if (text[i] === "~" && word === "in") i++;
      if ((text.codePointAt(i) ?? 0) > 0x7f) {
        fail(
          `identifiers may use only ASCII letters, digits and _`,
          start,
          i + 1,
          "non-ASCII letters can look like ASCII ones; write the name in plain ASCII",
        );
      }
      if (word === "datetime" && text[i] === "(" && !/^\s*["']/.test(text.slice(i + 1))) {
        const close = text.indexOf(")", i);
        if (close < 0) fail("datetime( has no closing )", start, i + 1);
        const inner = text.slice(i + 1, close);
        const ms = parseDatetimeText(inner);
        if (ms === null)
          fail(
            `datetime(${inner}) is not an ISO 8601 date or date-time`,
            start,
            close + 1,
            "e.g. datetime(2024-05-01) or datetime(2024-05-01T12:30:00Z)",
          );
        tokens.push({
          kind: "datetime",
          text: text.slice(start, close + 1),
          start,
          end: close + 1,
          value: ms as number,
        });
        i = close + 1;
        continue;
      }
      tokens.push({ kind: "ident", text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === "!" && isIdentStart(text[i + 1] ?? "")) {
      let j = i + 1;
      while (j < text.length && isIdentChar(text[j] as string)) j++;
      if (text[j] === "~") j++;
      const word = text.slice(i + 1, j);
      if (NEGATABLE.has(word)) {
        tokens.push({ kind: "op", text: `!${word}`, start, end: j });
        i = j;
        continue;
      }
      fail(
        `"!${word}" is not an operator`,
        start,
        j,
        "negated operators are !in, !has, !contains, !startswith, !endswith, !between; use not(...) otherwise",
      );
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "op", text: op, start, end: i + op.length });
      i += op.length;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`, start, start + 1);
  }
  tokens.push({ kind: "eof", text: "", start: text.length, end: text.length });
  return tokens;
}

/** Reads a '...' or "..." string (backslash escapes), or a verbatim @'...' / @"..." string (quote doubled). */
function readString(text: string, at: number, fail: (m: string, s: number, e: number, h?: string) => never): Token {
  let i = at;
  const verbatim = text[i] === "@";
  if (text[i] === "@" || text[i] === "h" || text[i] === "H") i++;
  const quote = text[i] as string;
  i++;
  let out = "";
  for (;;) {
    if (i >= text.length) fail("string literal has no closing quote", at, text.length, `close it with ${quote}`);
    const ch = text[i] as string;
    if (ch === "\n" && !verbatim)
      fail("string literal runs past the end of the line", at, i, `close it with ${quote} on the same line`);
    if (ch === quote) {
      if (verbatim && text[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return { kind: "string", text: out, start: at, end: i + 1 };
    }
    if (ch === "\\" && !verbatim) {
      const e = text[i + 1] ?? "";
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
      if (e in simple) {
        out += simple[e];
        i += 2;
        continue;
      }
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      fail(
        `unknown escape \\${e} in string`,
        i,
        i + 2,
        "escapes are \\n \\t \\r \\\\ \\' \\\" \\uXXXX; or use a verbatim string @'...'",
      );
    }
    out += ch;
    i++;
  }
}
