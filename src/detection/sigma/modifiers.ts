// Compiles one detection item (`field|mod|mod: value(s)`) into a predicate over an event, for every v2.1 modifier.
import { RE2JS } from "re2js";
import { cidrTextPrefix, compileCidr } from "./cidr.js";
import { base64, base64Offsets, type Encoded, utf16, windashVariants } from "./encodings.js";
import type { EventView } from "./event-view.js";
import { type Getter, makeGetter } from "./field-map.js";
import { CompileProblem } from "./issues.js";
import { requiredLiteral } from "./regex-literal.js";
import {
  compileSigmaString,
  hasWildcards,
  literal,
  parseSigmaString,
  type SigmaString,
  type StringTest,
  wrap,
} from "./sigma-string.js";

export type Predicate = (v: EventView) => boolean;

export const MODIFIERS = new Set([
  "contains",
  "startswith",
  "endswith",
  "all",
  "exists",
  "cased",
  "neq",
  "windash",
  "cidr",
  "fieldref",
  "re",
  "i",
  "m",
  "s",
  "base64",
  "base64offset",
  "utf16le",
  "wide",
  "utf16be",
  "utf16",
  "gt",
  "gte",
  "lt",
  "lte",
  "minute",
  "hour",
  "day",
  "week",
  "month",
  "year",
  "expand",
]);

export const TIME_PARTS = ["minute", "hour", "day", "week", "month", "year"] as const;
type TimePart = (typeof TIME_PARTS)[number];
const COMPARE = ["gt", "gte", "lt", "lte"] as const;
type Compare = (typeof COMPARE)[number];

/** Longest regex source accepted from a rule. */
export const MAX_REGEX_LENGTH = 4096;
/** Longest event value a regex is run on; longer values are cut (bounds the linear-time cost). */
export const MAX_REGEX_INPUT = 64 * 1024;

export interface ItemOptions {
  /** `expand` placeholders: name (without %) → values. */
  readonly placeholders: ReadonlyMap<string, readonly string[]>;
}

/**
 * What the prefilter may learn from an item, a necessary condition on one field's lower-cased value: with `eq` it
 * equals one of `values`, with `sub` it contains one of them.
 */
export interface ItemAnchor {
  readonly field: string;
  readonly kind: "eq" | "sub";
  readonly values: readonly string[];
}

/** Shortest literal worth a substring anchor (the index looks literals up by their first three characters). */
export const MIN_SUB_ANCHOR = 3;

function longestLiteral(s: SigmaString): string {
  let best = "";
  for (const p of s) if (typeof p === "string" && p.length > best.length) best = p;
  return best;
}

export interface CompiledItem {
  readonly test: Predicate;
  readonly anchor: ItemAnchor | undefined;
  /** Field names the item reads. */
  readonly fields: readonly string[];
}

type Scalar = string | number | boolean | null;

function asText(x: unknown): string | undefined {
  if (typeof x === "string") return x;
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return String(x);
  return undefined;
}

function asNumber(x: unknown): number | undefined {
  if (typeof x === "number") return Number.isFinite(x) ? x : undefined;
  if (typeof x === "string" && x.trim() !== "") {
    const n = Number(x);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Lifts a scalar test to field values: an array value passes when any element does. Built once per item. */
function anyOf(t: (s: unknown) => boolean): (x: unknown) => boolean {
  return (x) => {
    if (!Array.isArray(x)) return t(x);
    for (const e of x) if (t(e)) return true;
    return false;
  };
}

function timePart(x: unknown, part: TimePart): number | undefined {
  let ms: number | undefined;
  if (typeof x === "number" && Number.isFinite(x)) ms = x;
  else if (typeof x === "string") {
    const n = Date.parse(x);
    ms = Number.isNaN(n) ? asNumber(x) : n;
  }
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  switch (part) {
    case "minute":
      return d.getUTCMinutes();
    case "hour":
      return d.getUTCHours();
    case "day":
      return d.getUTCDate();
    case "month":
      return d.getUTCMonth() + 1;
    case "year":
      return d.getUTCFullYear();
    case "week": {
      // ISO 8601 week number
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      const day = t.getUTCDay() || 7;
      t.setUTCDate(t.getUTCDate() + 4 - day);
      const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
      return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
    }
  }
}

function compareNum(op: Compare, a: number, b: number): boolean {
  return op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : a <= b;
}

export function expandPlaceholders(raw: string, opts: ItemOptions, path: (string | number)[]): string[] {
  let out = [raw];
  const names = [...raw.matchAll(/%([A-Za-z0-9_.-]+)%/g)].map((m) => m[1] as string);
  if (names.length === 0) throw new CompileProblem(`\`expand\` needs a %placeholder% in the value "${raw}"`, path);
  for (const name of new Set(names)) {
    const vals = opts.placeholders.get(name);
    if (!vals) {
      const known = [...opts.placeholders.keys()];
      throw new CompileProblem(
        `unknown placeholder %${name}%: configure it under detection placeholders (known: ${known.length ? known.join(", ") : "none"})`,
        path,
      );
    }
    out = out.flatMap((s) => vals.map((v) => s.split(`%${name}%`).join(v)));
  }
  return out;
}

export function compileRegex(src: string, mods: ReadonlySet<string>, path: (string | number)[]): RE2JS {
  if (src.length > MAX_REGEX_LENGTH) throw new CompileProblem(`regex longer than ${MAX_REGEX_LENGTH} characters`, path);
  let flags = 0;
  if (mods.has("i")) flags |= RE2JS.CASE_INSENSITIVE;
  if (mods.has("m")) flags |= RE2JS.MULTILINE;
  if (mods.has("s")) flags |= RE2JS.DOTALL;
  try {
    return RE2JS.compile(src, flags);
  } catch (e) {
    throw new CompileProblem(
      `regex /${src}/ is not accepted by the linear-time engine (RE2 syntax: no backreferences or lookaround): ${(e as Error).message}`,
      path,
    );
  }
}

/** Turns one rule value into the Sigma strings to look for (several when windash/base64offset/expand apply). */
export function stringVariants(
  raw: string,
  mods: readonly string[],
  opts: ItemOptions,
  path: (string | number)[],
): SigmaString[] {
  const has = (m: string) => mods.includes(m);
  const texts = has("expand") ? expandPlaceholders(raw, opts, path) : [raw];
  const encoders = mods.filter((m) => ["utf16le", "wide", "utf16be", "utf16", "base64", "base64offset"].includes(m));
  let out: SigmaString[] = [];
  for (const text of texts) {
    if (encoders.length === 0) {
      out.push(parseSigmaString(text));
      continue;
    }
    // Encoded values are literal: wildcards cannot survive an encoding.
    let cur: Encoded[] = [{ text, bytes: false }];
    let final: string[] | undefined;
    for (const m of encoders) {
      if (final) throw new CompileProblem(`\`${m}\` cannot follow base64/base64offset`, path);
      if (m === "base64") final = cur.map(base64);
      else if (m === "base64offset") final = cur.flatMap(base64Offsets);
      else cur = cur.map((e) => utf16(e, m === "wide" ? "utf16le" : (m as "utf16le" | "utf16be" | "utf16")));
    }
    for (const s of final ?? cur.map((e) => e.text)) out.push(literal(s));
  }
  if (has("windash")) {
    out = out.flatMap((s) => {
      let acc: SigmaString[] = [[]];
      s.forEach((p, i) => {
        if (typeof p !== "string") {
          acc = acc.map((a) => [...a, p]);
          return;
        }
        const vs = windashVariants(p, i === 0);
        if (!vs) throw new CompileProblem("`windash` value has too many option dashes (more than 4)", path);
        acc = acc.flatMap((a) => vs.map((v) => [...a, v]));
      });
      return acc;
    });
  }
  const c = has("contains");
  const sw = has("startswith");
  const ew = has("endswith");
  if (c || sw || ew) out = out.map((s) => wrap(s, c || ew, c || sw));
  return out;
}

/** Compiles `field|mods: values` (field may be empty for a keyword item with modifiers). */
export function compileItem(key: string, value: unknown, opts: ItemOptions, path: (string | number)[]): CompiledItem {
  const [fieldRaw, ...modsRaw] = key.split("|");
  const field = fieldRaw ?? "";
  const mods = modsRaw.map((m) => m.trim());
  for (const m of mods) {
    if (!MODIFIERS.has(m)) throw new CompileProblem(`unknown modifier \`${m}\` in \`${key}\``, path);
  }
  // Keywords are full-text searches: a bare keyword matches anywhere in a value (implicit `contains`).
  if (
    !field &&
    !mods.some((m) => ["contains", "startswith", "endswith", "re", "cidr", "base64", "base64offset"].includes(m))
  ) {
    mods.push("contains");
  }
  const modSet = new Set(mods);
  if (modSet.size !== mods.length) throw new CompileProblem(`repeated modifier in \`${key}\``, path);
  for (const f of ["i", "m", "s"]) {
    if (modSet.has(f) && !modSet.has("re"))
      throw new CompileProblem(`modifier \`${f}\` only applies after \`re\``, path);
  }
  const pos = ["contains", "startswith", "endswith"].filter((m) => modSet.has(m));
  if (pos.length > 1) throw new CompileProblem(`\`${pos.join("` and `")}\` cannot be combined`, path);
  const values: unknown[] = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new CompileProblem(`\`${key}\` has an empty list of values`, path);
  if (values.length > 10_000) throw new CompileProblem(`\`${key}\` has more than 10000 values`, path);
  for (const [i, v] of values.entries()) {
    if (v !== null && !["string", "number", "boolean"].includes(typeof v)) {
      const what = field ? `value of \`${key}\`` : "a keyword";
      throw new CompileProblem(`${what} must be a string, number, boolean or null`, [...path, i]);
    }
  }
  const scalars = values as Scalar[];
  const getter: Getter | undefined = field ? makeGetter(field) : undefined;
  const all = modSet.has("all");
  const cased = modSet.has("cased");
  const fields = field ? [field] : [];

  const finish = (
    tests: ((x: unknown) => boolean)[],
    anchor?: ItemAnchor,
    extraFields: string[] = [],
  ): CompiledItem => {
    const combine = all
      ? (x: unknown) => tests.every((t) => t(x))
      : tests.length === 1
        ? (tests[0] as (x: unknown) => boolean)
        : (x: unknown) => tests.some((t) => t(x));
    if (!getter) {
      // keyword item: search every value of the event
      const test: Predicate = all
        ? (v) => tests.every((t) => v.allText().some((s) => t(s)))
        : (v) => v.allText().some((s) => combine(s));
      return { test, anchor: undefined, fields: [] };
    }
    return { test: (v) => combine(getter(v)), anchor, fields: [...fields, ...extraFields] };
  };

  if (modSet.has("exists")) {
    if (mods.length !== 1 || scalars.length !== 1 || typeof scalars[0] !== "boolean" || !getter) {
      throw new CompileProblem("`exists` stands alone on a field and takes `true` or `false`", path);
    }
    const want = scalars[0];
    return { test: (v) => (getter(v) != null) === want, anchor: undefined, fields };
  }

  if (modSet.has("fieldref")) {
    if (!getter) throw new CompileProblem("`fieldref` needs a field", path);
    const tests = scalars.map((ref, i) => {
      if (typeof ref !== "string" || !ref) throw new CompileProblem("`fieldref` takes field names", [...path, i]);
      const other = makeGetter(ref);
      const fold = (s: string) => (cased ? s : s.toLowerCase());
      return (v: EventView) => {
        const a = asText(getter(v));
        const b = asText(other(v));
        if (a === undefined || b === undefined) return false;
        const x = fold(a);
        const y = fold(b);
        return pos[0] === "contains"
          ? x.includes(y)
          : pos[0] === "startswith"
            ? x.startsWith(y)
            : pos[0] === "endswith"
              ? x.endsWith(y)
              : x === y;
      };
    });
    const neg = modSet.has("neq");
    const test: Predicate = all
      ? (v) => tests.every((t) => t(v) !== neg)
      : neg
        ? (v) => tests.every((t) => !t(v))
        : (v) => tests.some((t) => t(v));
    return { test, anchor: undefined, fields: [field, ...scalars.map(String)] };
  }

  const timeMod = TIME_PARTS.find((p) => modSet.has(p));
  const cmp = COMPARE.find((c) => modSet.has(c));
  if (COMPARE.filter((c) => modSet.has(c)).length > 1) {
    throw new CompileProblem("use one of gt/gte/lt/lte per item (two items give a range)", path);
  }
  if (timeMod || cmp) {
    const tests = scalars.map((s, i) => {
      const n = asNumber(s);
      if (n === undefined)
        throw new CompileProblem(`\`${key}\` needs a number, got ${JSON.stringify(s)}`, [...path, i]);
      return anyOf((e) => {
        const got = timeMod ? timePart(e, timeMod) : asNumber(e);
        if (got === undefined) return false;
        return cmp ? compareNum(cmp, got, n) : got === n;
      });
    });
    return wrapNeq(finish(tests), modSet.has("neq"), getter);
  }

  if (modSet.has("cidr")) {
    const prefixes: string[] = [];
    const tests = scalars.map((s, i) => {
      if (typeof s !== "string") throw new CompileProblem("`cidr` takes network strings like 10.0.0.0/8", [...path, i]);
      const cidr = compileCidr(s);
      if (!cidr) {
        throw new CompileProblem(`\`${s}\` is not a CIDR network (e.g. 10.0.0.0/8 or 2001:db8::/32)`, [...path, i]);
      }
      prefixes.push(cidrTextPrefix(String(s)));
      return anyOf((e) => typeof e === "string" && cidr(e));
    });
    const usable = field && !all && !modSet.has("neq") && prefixes.every((p) => p.length >= MIN_SUB_ANCHOR);
    return wrapNeq(
      finish(tests, usable ? { field, kind: "sub", values: prefixes } : undefined),
      modSet.has("neq"),
      getter,
    );
  }

  if (modSet.has("re")) {
    const lits: string[] = [];
    const tests = scalars.map((s, i) => {
      if (typeof s !== "string") throw new CompileProblem("`re` takes a regular expression string", [...path, i]);
      const re = compileRegex(s, modSet, [...path, i]);
      lits.push(requiredLiteral(s).toLowerCase());
      return anyOf((e) => {
        const t = asText(e);
        return t !== undefined && re.test(t.length > MAX_REGEX_INPUT ? t.slice(0, MAX_REGEX_INPUT) : t);
      });
    });
    const anchorable = field && !all && !modSet.has("neq") && lits.every((l) => l.length >= MIN_SUB_ANCHOR);
    const anchor: ItemAnchor | undefined = anchorable ? { field, kind: "sub", values: lits } : undefined;
    return wrapNeq(finish(tests, anchor), modSet.has("neq"), getter);
  }

  // string / number / null values
  const anchorValues: string[] = [];
  let anchorKind = "eq" as "eq" | "sub";
  let anchorable = !all && !modSet.has("neq") && getter !== undefined;
  const tests = scalars.map((s, i) => {
    if (s === null) {
      anchorable = false;
      return (x: unknown) => x === null || x === undefined;
    }
    const raw = String(s);
    if (raw === "" && mods.length === 0) {
      anchorable = false;
      return (x: unknown) => x === "";
    }
    const variants = stringVariants(raw, mods, opts, [...path, i]);
    const compiled: StringTest[] = variants.map((v) => compileSigmaString(v, cased));
    for (const v of variants) {
      // Lower-casing is a function, so equality (or containment) of values implies it of their lower-cased forms:
      // the anchors hold for `cased` items too.
      if (!hasWildcards(v)) anchorValues.push(v.join("").toLowerCase());
      else {
        const lit = longestLiteral(v).toLowerCase();
        if (lit.length < MIN_SUB_ANCHOR) anchorable = false;
        else {
          anchorKind = "sub";
          anchorValues.push(lit);
        }
      }
    }
    const one: StringTest =
      compiled.length === 1 ? (compiled[0] as StringTest) : (t: string) => compiled.some((c) => c(t));
    return anyOf((e) => {
      if (typeof e === "string") return one(e);
      const t = asText(e);
      return t !== undefined && one(t);
    });
  });
  // an exact value is also a substring of itself, so mixed lists become a substring anchor
  if (anchorKind === "sub" && anchorValues.some((x) => x.length < MIN_SUB_ANCHOR)) anchorable = false;
  const anchor = anchorable && field ? { field, kind: anchorKind, values: anchorValues } : undefined;
  return wrapNeq(finish(tests, anchor), modSet.has("neq"), getter);
}

/** `neq`: the field exists and equals none of the values. */
function wrapNeq(item: CompiledItem, neq: boolean, getter: Getter | undefined): CompiledItem {
  if (!neq) return item;
  if (!getter) throw new CompileProblem("`neq` needs a field");
  const inner = item.test;
  return { test: (v) => getter(v) != null && !inner(v), anchor: undefined, fields: item.fields };
}
