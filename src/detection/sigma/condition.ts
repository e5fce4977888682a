// The Sigma condition language: tokenizer and precedence parser (`x of` > `not` > `and` > `or`), legacy syntax refused.
import { CompileProblem } from "./issues.js";

export type CondNode =
  | { readonly t: "id"; readonly name: string }
  | { readonly t: "and" | "or"; readonly xs: readonly CondNode[] }
  | { readonly t: "not"; readonly x: CondNode }
  | { readonly t: "of"; readonly all: boolean; readonly pattern: string | null };

type Tok = { readonly k: "(" | ")" | "word"; readonly v: string; readonly at: number };

export const MAX_CONDITION_LENGTH = 8192;
const MAX_DEPTH = 64;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/y;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) break;
    pos = re.lastIndex;
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (m[1]) out.push({ k: "(", v: "(", at });
    else if (m[2]) out.push({ k: ")", v: ")", at });
    else if (m[3]) {
      throw new CompileProblem(
        `condition uses a pipe aggregation at column ${at + 1} ("| count() ..."), which Sigma v2 removed: write a correlation rule (type event_count or value_count) that references this rule`,
      );
    } else if (m[4]) {
      if (m[4].toLowerCase() === "near") {
        throw new CompileProblem(
          "condition uses `near`, which Sigma v2 removed: write a correlation rule of type temporal (or temporal_ordered)",
        );
      }
      out.push({ k: "word", v: m[4], at });
    } else if (m[0].trim() === "") break;
  }
  return out;
}

/** Parses a condition string into a tree; identifiers are checked later against the detection's names. */
export function parseCondition(src: string): CondNode {
  if (src.length > MAX_CONDITION_LENGTH) throw new CompileProblem(`condition longer than ${MAX_CONDITION_LENGTH}`);
  const toks = tokenize(src);
  if (toks.length === 0) throw new CompileProblem("condition is empty");
  let i = 0;
  const peekWord = (): string | undefined => {
    const t = toks[i];
    return t && t.k === "word" ? t.v.toLowerCase() : undefined;
  };
  const where = () => (toks[i] ? `at column ${(toks[i] as Tok).at + 1}` : "at the end");
  const fail = (what: string): never => {
    const shown = src.length > 120 ? `${src.slice(0, 120)}…` : src;
    throw new CompileProblem(`condition "${shown}": ${what} ${where()}`);
  };

  const parseOr = (depth: number): CondNode => {
    const xs = [parseAnd(depth)];
    while (peekWord() === "or") {
      i++;
      xs.push(parseAnd(depth));
    }
    return xs.length === 1 ? (xs[0] as CondNode) : { t: "or", xs };
  };
  const parseAnd = (depth: number): CondNode => {
    const xs = [parseNot(depth)];
    while (peekWord() === "and") {
      i++;
      xs.push(parseNot(depth));
    }
    return xs.length === 1 ? (xs[0] as CondNode) : { t: "and", xs };
  };
  const parseNot = (depth: number): CondNode => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    if (peekWord() === "not") {
      i++;
      return { t: "not", x: parseNot(depth + 1) };
    }
    return parsePrimary(depth);
  };
  const parsePrimary = (depth: number): CondNode => {
    const t = toks[i];
    if (!t) return fail("expected a selection name");
    if (t.k === "(") {
      i++;
      const inner = parseOr(depth + 1);
      if (toks[i]?.k !== ")") fail("expected `)`");
      i++;
      return inner;
    }
    if (t.k === ")") return fail("unexpected `)`");
    const w = t.v.toLowerCase();
    if (w === "and" || w === "or") return fail(`unexpected \`${w}\``);
    const next = toks[i + 1];
    if (next?.k === "word" && next.v.toLowerCase() === "of") {
      if (w !== "1" && w !== "any" && w !== "all") {
        return fail(`only \`1 of\`, \`any of\` and \`all of\` exist (got \`${t.v} of\`)`);
      }
      i += 2;
      const target = toks[i];
      if (target?.k !== "word") return fail("expected a name pattern or `them` after `of`");
      i++;
      const pattern = target.v.toLowerCase() === "them" ? null : target.v;
      return { t: "of", all: w === "all", pattern };
    }
    i++;
    return { t: "id", name: t.v };
  };

  const node = parseOr(0);
  if (i < toks.length) fail(`unexpected \`${(toks[i] as Tok).v}\``);
  return node;
}

/** Names matching a `x of pattern` (only `*` is a wildcard); `them` (null) means every name not starting with `_`. */
export function namesFor(pattern: string | null, names: readonly string[]): string[] {
  if (pattern === null) return names.filter((n) => !n.startsWith("_"));
  if (!pattern.includes("*")) return names.filter((n) => n === pattern);
  const parts = pattern.split("*");
  return names.filter((n) => {
    let pos = 0;
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k] as string;
      if (k === 0) {
        if (!n.startsWith(p)) return false;
        pos = p.length;
      } else if (k === parts.length - 1) {
        return n.length - p.length >= pos && n.endsWith(p);
      } else {
        const at = n.indexOf(p, pos);
        if (at < 0) return false;
        pos = at + p.length;
      }
    }
    return true;
  });
}
