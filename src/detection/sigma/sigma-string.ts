// Sigma string values: wildcard parsing with escapes, and their compilation into fast case-(in)sensitive matchers.
import { RE2JS } from "re2js";

export const STAR = 0;
export const QMARK = 1;
/** A Sigma string: literal runs and wildcards (`*` = any run, `?` = one character). */
export type SigmaString = readonly (string | typeof STAR | typeof QMARK)[];

/**
 * Parses wildcards. A backslash escapes `*`, `?` and itself; before any other character it is a literal backslash
 * (so Windows paths need no doubling), as the specification says.
 */
export function parseSigmaString(s: string): SigmaString {
  const out: (string | typeof STAR | typeof QMARK)[] = [];
  let lit = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "\\") {
      const n = s[i + 1];
      if (n === "*" || n === "?" || n === "\\") {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === "*" || c === "?") {
      if (lit) out.push(lit);
      lit = "";
      if (!(c === "*" && out[out.length - 1] === STAR)) out.push(c === "*" ? STAR : QMARK);
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

export function literal(s: string): SigmaString {
  return s ? [s] : [];
}

export function hasWildcards(s: SigmaString): boolean {
  return s.some((p) => p === STAR || p === QMARK);
}

/** The plain text of a wildcard-free string. */
export function plain(s: SigmaString): string {
  return s.filter((p): p is string => typeof p === "string").join("");
}

export function wrap(s: SigmaString, before: boolean, after: boolean): SigmaString {
  const out = [...s];
  if (before && out[0] !== STAR) out.unshift(STAR);
  if (after && out[out.length - 1] !== STAR) out.push(STAR);
  return out;
}

/** Maps every literal run through `f` (for encodings and windash), keeping wildcards. */
export function mapLiterals(s: SigmaString, f: (lit: string) => string): SigmaString {
  return s.map((p) => (typeof p === "string" ? f(p) : p));
}

export function displaySigmaString(s: SigmaString): string {
  return s.map((p) => (p === STAR ? "*" : p === QMARK ? "?" : p.replace(/[\\*?]/g, "\\$&"))).join("");
}

export type StringTest = (value: string) => boolean;

/**
 * Compiles a Sigma string to a test. Common shapes (exact, prefix, suffix, substring) use plain string methods;
 * anything else goes to RE2 (linear time), never to a backtracking engine.
 */
export function compileSigmaString(s: SigmaString, cased: boolean): StringTest {
  const norm = (x: string) => (cased ? x : x.toLowerCase());
  const parts = s.map((p) => (typeof p === "string" ? norm(p) : p));
  const lits = parts.filter((p): p is string => typeof p === "string");
  const fold = cased ? (v: string) => v : (v: string) => v.toLowerCase();
  if (!parts.includes(QMARK)) {
    const stars = parts.filter((p) => p === STAR).length;
    if (parts.length === 0) return (v) => v.length === 0;
    if (stars === 0) {
      const lit = lits[0] as string;
      if (cased) return (v) => v === lit;
      // Lower-casing never shortens a string, so a longer value can be rejected before folding it.
      return (v) => v.length <= lit.length && v.toLowerCase() === lit;
    }
    if (parts.length === 1) return () => true; // `*`
    if (lits.length === 1) {
      const lit = lits[0] as string;
      const first = parts[0] === STAR;
      const last = parts[parts.length - 1] === STAR;
      if (first && last) return (v) => fold(v).includes(lit);
      if (last) return (v) => fold(v).startsWith(lit);
      return (v) => fold(v).endsWith(lit);
    }
    // Several literals separated by `*`: an ordered sequence of substring searches (greedy leftmost is exact here).
    const anchoredStart = parts[0] !== STAR;
    const anchoredEnd = parts[parts.length - 1] !== STAR;
    return (raw) => {
      const v = fold(raw);
      let pos = 0;
      for (let i = 0; i < lits.length; i++) {
        const lit = lits[i] as string;
        if (i === 0 && anchoredStart) {
          if (!v.startsWith(lit)) return false;
          pos = lit.length;
          continue;
        }
        if (i === lits.length - 1 && anchoredEnd) {
          return v.length - lit.length >= pos && v.endsWith(lit);
        }
        const at = v.indexOf(lit, pos);
        if (at < 0) return false;
        pos = at + lit.length;
      }
      return true;
    };
  }
  const body = s.map((p) => (p === STAR ? "(?s:.*)" : p === QMARK ? "(?s:.)" : RE2JS.quote(p))).join("");
  const re = RE2JS.compile(`^${body}$`, cased ? 0 : RE2JS.CASE_INSENSITIVE);
  return (v) => re.test(v);
}
