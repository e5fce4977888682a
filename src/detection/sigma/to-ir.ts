// Compiles a Sigma detection (selections, modifiers, condition, filters, routing) into one query-IR predicate over the
// `events` table, with the same field mapping and text forms the streaming engine uses, so a hunt and the stream agree.
import { FIELD_BY_NAME } from "../../core/fields.js";
import { DEFAULT_CATALOG } from "../../query/catalog.js";
import type { IrExpr, IrType, ScalarOp } from "../../query/ir.js";
import { jsonPointer } from "../../query/sql/duckdb.js";
import { compileCidr } from "./cidr.js";
import { type CondNode, namesFor, parseCondition } from "./condition.js";
import type { CompiledDetection } from "./detection.js";
import { columnFor } from "./field-map.js";
import { compileRegex, type ItemOptions, MAX_REGEX_INPUT, stringVariants, TIME_PARTS } from "./modifiers.js";
import type { DetectionRule } from "./ruleset.js";
import { QMARK, type SigmaString, STAR } from "./sigma-string.js";

/** A rule uses something a hunt cannot run yet; the message names it. */
export class CannotHunt extends Error {}

const EVENT_COLUMNS: ReadonlyMap<string, IrType> = new Map(
  (DEFAULT_CATALOG.get("events")?.columns ?? []).map((c) => [c.name, c.type]),
);

const TRUE: IrExpr = { k: "literal", value: true, type: "bool" };
const FALSE: IrExpr = { k: "literal", value: false, type: "bool" };

const call = (op: ScalarOp, args: IrExpr[], type: IrType = "bool"): IrExpr => ({ k: "call", op, args, type });
const str = (value: string): IrExpr => ({ k: "literal", value, type: "string" });
const num = (value: number): IrExpr => ({ k: "literal", value, type: Number.isInteger(value) ? "long" : "real" });
const col = (name: string): IrExpr => ({ k: "column", name, type: EVENT_COLUMNS.get(name) ?? "string" });
/** One CASE branch (shorthand keeps the `then` key from reading like a thenable). */
const branch = (when: IrExpr, then: IrExpr) => ({ when, then });
/** Two-valued logic: SQL's NULL would make `not x` drop rows the streaming engine keeps. */
const sure = (e: IrExpr): IrExpr => call("coalesce", [e, FALSE]);

export function and(xs: readonly IrExpr[]): IrExpr {
  if (xs.length === 0) return TRUE;
  return xs.slice(1).reduce((a, b) => call("and", [a, b]), xs[0] as IrExpr);
}
export function or(xs: readonly IrExpr[]): IrExpr {
  if (xs.length === 0) return FALSE;
  return xs.slice(1).reduce((a, b) => call("or", [a, b]), xs[0] as IrExpr);
}
export const not = (x: IrExpr): IrExpr => call("not", [x]);

/** Where a rule field's value lives in a stored event: a column, or `attributes` by key (and by dotted path). */
export interface FieldRef {
  /** A column's value in its stored type; for an attribute, its text when it is a scalar. */
  readonly value: IrExpr;
  readonly type: IrType;
  /** For an attribute, its JSON value: an array matches when an element does, an object matches no value test. */
  readonly json?: IrExpr;
}

/** The same resolution as field-map.ts's makeGetter applied to a normalized event (where every column is present). */
export function resolveField(name: string): FieldRef {
  const column = columnFor(name) ?? (FIELD_BY_NAME.has(name) ? name : undefined);
  if (column === "attributes" || name === "attributes") {
    throw new CannotHunt("cannot hunt on the whole `attributes` field yet: name a key inside it (attributes.key)");
  }
  if (column !== undefined) return { value: col(column), type: EVENT_COLUMNS.get(column) ?? "string" };
  const attrName = name.startsWith("attributes.") ? name.slice("attributes.".length) : name;
  const parts = attrName.split(".");
  const attrs = col("attributes");
  const flat = str(jsonPointer([attrName]));
  const flatValue = call("json_at", [attrs, flat], "json");
  // the flat key wins when it is there at all (even as null); the dotted path is read only when it is missing
  const json: IrExpr =
    parts.length > 1
      ? {
          k: "case",
          branches: [branch(call("json_has", [attrs, flat]), flatValue)],
          otherwise: call("json_at", [attrs, str(jsonPointer(parts))], "json"),
          type: "json",
        }
      : flatValue;
  return { value: call("json_scalar_text", [json], "string"), type: "string", json };
}

/** The field holds a value (not missing, not null; an attribute array or object counts). */
function present(f: FieldRef): IrExpr {
  if (!f.json) return call("isnotnull", [f.value]);
  return sure(and([call("isnotnull", [f.json]), call("ne", [call("json_kind", [f.json], "string"), str("NULL")])]));
}

/**
 * Applies a test to a field's value as text (or as a number): an attribute array passes when one of its scalar
 * elements does and an object never does, as the streaming engine lifts scalar tests over arrays.
 */
function applyTo(f: FieldRef, t: TextTest, asNumber: boolean): IrExpr {
  if (!f.json) return sure(t(asNumber ? numberOf(f) : textOf(f)));
  const conv = (x: IrExpr) => (asNumber ? call("toreal", [x], "real") : x);
  const kind = call("json_kind", [f.json], "string");
  const element: IrExpr = {
    k: "any",
    list: call("json_elements", [f.json], "list"),
    variable: "el",
    pred: t(conv({ k: "var", name: "el", type: "string" })),
    type: "bool",
  };
  return sure({
    k: "case",
    branches: [branch(call("eq", [kind, str("ARRAY")]), element), branch(call("eq", [kind, str("OBJECT")]), FALSE)],
    otherwise: t(conv(f.value)),
    type: "bool",
  });
}

/** The field as text, written as the streaming engine's String(value) writes it. */
function textOf(f: FieldRef): IrExpr {
  if (f.type === "string") return f.value;
  return call("num_text", [f.value], "string");
}

/** The field as a number (numbers as they are, numeric text parsed), like the streaming engine's asNumber. */
function numberOf(f: FieldRef): IrExpr {
  if (f.type === "long" || f.type === "real" || f.type === "datetime") return f.value;
  if (f.type === "bool") return { k: "literal", value: null, type: "real" };
  return call("toreal", [f.value], "real");
}

type TextTest = (text: IrExpr) => IrExpr;

/** A Sigma string as a test on text: exact, prefix, suffix, substring, or LIKE with `\` escapes. */
function sigmaStringTest(s: SigmaString, cased: boolean): TextTest {
  const lits = s.filter((p): p is string => typeof p === "string");
  if (!s.includes(QMARK)) {
    const stars = s.filter((p) => p === STAR).length;
    if (s.length === 0) return (t) => call("eq", [t, str("")]);
    if (stars === 0) {
      const lit = lits[0] as string;
      return (t) => call(cased ? "eq" : "ieq", [t, str(lit)]);
    }
    if (s.length === 1) return (t) => call("isnotnull", [t]);
    if (lits.length === 1) {
      const lit = lits[0] as string;
      const first = s[0] === STAR;
      const last = s[s.length - 1] === STAR;
      const op = first && last ? "contains" : last ? "startswith" : "endswith";
      return (t) => call(cased ? `${op}_cs` : op, [t, str(lit)]);
    }
  }
  const pattern = s.map((p) => (p === STAR ? "%" : p === QMARK ? "_" : p.replace(/[\\%_]/g, "\\$&"))).join("");
  return (t) => call(cased ? "like_cs" : "like", [t, str(pattern)]);
}

/** The columns a keyword search reads as text (the streaming engine searches every value but `attributes`' text). */
function keywordTexts(): IrExpr[] {
  return [...EVENT_COLUMNS.keys()]
    .filter((c) => c !== "attributes")
    .map((c) => textOf({ value: col(c), type: EVENT_COLUMNS.get(c) ?? "string" }));
}

/** True when `t` holds for some keyword text of the event: a column's text or a scalar inside `attributes`. */
function anyKeyword(t: TextTest): IrExpr {
  // keyword tests never nest, so one variable name serves every search
  const variable = "kw";
  const leaves = call("json_leaves", [col("attributes")], "list");
  const inAttrs: IrExpr = {
    k: "any",
    list: leaves,
    variable,
    pred: t({ k: "var", name: variable, type: "string" }),
    type: "bool",
  };
  return or([...keywordTexts().map((x) => sure(t(x))), sure(inAttrs)]);
}

const IPV4_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

/** An IPv4 network as an anchored RE2 pattern over canonical dotted text (the streaming engine's ipv4ToInt form). */
function cidrPattern(net: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(net.trim());
  if (!m || !compileCidr(net)) {
    throw new CannotHunt(`cannot hunt with \`cidr\` on \`${net}\` yet (IPv4 networks only)`);
  }
  const octets = [m[1], m[2], m[3], m[4]].map(Number) as number[];
  const prefix = Number(m[5]);
  const parts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    if (bits === 0) parts.push(IPV4_OCTET);
    else {
      const size = 2 ** (8 - bits);
      const lo = (octets[i] as number) & (256 - size);
      parts.push(size === 1 ? String(lo) : `(?:${Array.from({ length: size }, (_, k) => lo + k).join("|")})`);
    }
  }
  return `^${parts.join("\\.")}$`;
}

function regexTest(src: string, mods: ReadonlySet<string>): TextTest {
  const flags = ["i", "m", "s"].filter((f) => mods.has(f)).join("");
  const pattern = flags ? `(?${flags})${src}` : src;
  return (t) => call("regex", [call("substring", [t, num(0), num(MAX_REGEX_INPUT)], "string"), str(pattern)]);
}

function timePartOf(value: IrExpr, part: string): IrExpr {
  switch (part) {
    case "minute":
      return call("mod", [call("intdiv", [value, num(60_000)], "long"), num(60)], "long");
    case "hour":
      return call("hourofday", [value], "long");
    case "day":
      return call("dayofmonth", [value], "long");
    case "month":
      return call("getmonth", [value], "long");
    case "year":
      return call("getyear", [value], "long");
    case "week":
      return call("isoweek", [value], "long");
    default:
      throw new CannotHunt(`cannot hunt with \`${part}\` yet`);
  }
}

type Scalar = string | number | boolean | null;

/** One item `field|mods: values` as a two-valued predicate (mirrors modifiers.ts compileItem). */
export function itemToIr(key: string, value: unknown, opts: ItemOptions): IrExpr {
  const [fieldRaw, ...modsRaw] = key.split("|");
  const field = fieldRaw ?? "";
  const mods = modsRaw.map((m) => m.trim());
  if (
    !field &&
    !mods.some((m) => ["contains", "startswith", "endswith", "re", "cidr", "base64", "base64offset"].includes(m))
  ) {
    mods.push("contains");
  }
  const modSet = new Set(mods);
  const scalars = (Array.isArray(value) ? value : [value]) as Scalar[];
  const all = modSet.has("all");
  const cased = modSet.has("cased");
  const ref = field ? resolveField(field) : undefined;
  const pos = ["contains", "startswith", "endswith"].find((m) => modSet.has(m));

  /** `direct`: the value to test instead of the field's text or number (a time part). */
  const finish = (tests: TextTest[], asNumber = false, direct?: IrExpr): IrExpr => {
    if (!ref) {
      const each = tests.map((t) => anyKeyword(asNumber ? (x) => t(call("toreal", [x], "real")) : t));
      return all ? and(each) : or(each);
    }
    const each = tests.map((t) => (direct ? sure(t(direct)) : applyTo(ref, t, asNumber)));
    return all ? and(each) : or(each);
  };
  const neq = (inner: IrExpr): IrExpr => {
    if (!modSet.has("neq")) return inner;
    if (!ref) throw new CannotHunt("`neq` needs a field");
    return and([present(ref), not(inner)]);
  };

  if (modSet.has("exists")) {
    if (!ref) throw new CannotHunt("`exists` needs a field");
    return scalars[0] === true ? present(ref) : not(present(ref));
  }

  if (modSet.has("fieldref")) {
    if (!ref) throw new CannotHunt("`fieldref` needs a field");
    const a = textOf(ref);
    const tests = scalars.map((name) => {
      const b = textOf(resolveField(String(name)));
      const op = pos ?? "eq";
      const o = (cased ? (op === "eq" ? "eq" : `${op}_cs`) : op === "eq" ? "ieq" : op) as ScalarOp;
      return sure(call(o, [a, b]));
    });
    const negate = modSet.has("neq");
    if (all) return and(tests.map((t) => (negate ? not(t) : t)));
    return negate ? and(tests.map(not)) : or(tests);
  }

  const timeMod = TIME_PARTS.find((p) => modSet.has(p));
  const cmp = (["gt", "gte", "lt", "lte"] as const).find((c) => modSet.has(c));
  if (timeMod || cmp) {
    const op = ({ gt: "gt", gte: "ge", lt: "lt", lte: "le" } as const)[cmp ?? "gte"];
    let direct: IrExpr | undefined;
    if (timeMod && ref) {
      if (ref.type !== "datetime" && ref.type !== "long" && ref.type !== "real") {
        throw new CannotHunt(
          `cannot hunt with \`${timeMod}\` on the text field \`${field}\` yet (only on time columns)`,
        );
      }
      direct = timePartOf(ref.value, timeMod);
    } else if (timeMod) throw new CannotHunt(`cannot hunt with \`${timeMod}\` on keywords yet`);
    const tests = scalars.map((s): TextTest => {
      const n = Number(s);
      return (x) => call(cmp ? op : "eq", [x, num(n)]);
    });
    return neq(finish(tests, true, direct));
  }

  if (modSet.has("cidr")) {
    const tests = scalars.map((s) => regexTest(cidrPattern(String(s)), new Set()));
    return neq(finish(tests));
  }

  if (modSet.has("re")) {
    const tests = scalars.map((s, i) => {
      compileRegex(String(s), modSet, [i]); // the same RE2 check the streaming engine makes
      return regexTest(String(s), modSet);
    });
    return neq(finish(tests));
  }

  const tests = scalars.map((s): TextTest => {
    if (s === null) {
      return () => {
        throw new CannotHunt("internal: null handled below");
      };
    }
    const raw = String(s);
    if (raw === "" && mods.length === 0) return (t) => call("eq", [t, str("")]);
    const variants = stringVariants(raw, mods, opts, []);
    const vt = variants.map((v) => sigmaStringTest(v, cased));
    return (t) => or(vt.map((f) => f(t)));
  });
  if (scalars.includes(null)) {
    // a null keyword matches no text (every keyword text is a value), as in the streaming engine
    if (!ref) {
      const rest = tests.filter((_, i) => scalars[i] !== null);
      return all || rest.length === 0 ? FALSE : finish(rest);
    }
    const nullTest = not(present(ref));
    const others = scalars.flatMap((s, i) => (s === null ? [] : [applyTo(ref, tests[i] as TextTest, false)]));
    return neq(all ? and([nullTest, ...others]) : or([nullTest, ...others]));
  }
  return neq(finish(tests));
}

function mapToIr(map: Record<string, unknown>, opts: ItemOptions): IrExpr {
  return and(Object.keys(map).map((k) => itemToIr(k, map[k], opts)));
}

function selectionToIr(value: unknown, opts: ItemOptions): IrExpr {
  if (Array.isArray(value)) {
    if (value.every((x) => typeof x === "object" && x !== null && !Array.isArray(x))) {
      return or(value.map((m) => mapToIr(m as Record<string, unknown>, opts)));
    }
    return itemToIr("", value, opts);
  }
  if (typeof value === "object" && value !== null) return mapToIr(value as Record<string, unknown>, opts);
  return itemToIr("", value, opts);
}

/** A compiled detection section as one predicate (the section was already validated when the rule loaded). */
export function detectionToIr(d: CompiledDetection, opts: ItemOptions): IrExpr {
  const section = d.source;
  const names = Object.keys(section).filter((k) => k !== "condition" && (d.sectionName !== "filter" || k !== "rules"));
  const sels = new Map<string, IrExpr>();
  const sel = (n: string): IrExpr => {
    let e = sels.get(n);
    if (!e) {
      e = selectionToIr(section[n], opts);
      sels.set(n, e);
    }
    return e;
  };
  const build = (n: CondNode): IrExpr => {
    switch (n.t) {
      case "id":
        return sel(n.name);
      case "not":
        return not(build(n.x));
      case "and":
        return and(n.xs.map(build));
      case "or":
        return or(n.xs.map(build));
      case "of": {
        const xs = namesFor(n.pattern, names).map(sel);
        return n.all ? and(xs) : or(xs);
      }
    }
  };
  const raw = section.condition;
  const conds = (Array.isArray(raw) ? raw : [raw]) as string[];
  return or(conds.map((c) => build(parseCondition(c))));
}

/** The whole rule: routing by event kind, the detection, and every attached filter (a filter match drops the event). */
export function ruleToIr(rule: DetectionRule, opts: ItemOptions): IrExpr {
  const parts: IrExpr[] = [];
  if (rule.eventKinds !== null) {
    parts.push(or([...rule.eventKinds].map((k) => call("eq", [col("event_kind"), str(k)]))));
  }
  parts.push(detectionToIr(rule.detection, opts));
  for (const f of rule.filters) parts.push(not(detectionToIr(f, opts)));
  return and(parts);
}
