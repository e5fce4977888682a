// Compiles a `detection` section (named selections + condition) into one predicate and the anchors that index it.
import { type CondNode, namesFor, parseCondition } from "./condition.js";
import { CompileProblem } from "./issues.js";
import {
  type CompiledItem,
  compileItem,
  type ItemAnchor,
  type ItemOptions,
  MIN_SUB_ANCHOR,
  type Predicate,
} from "./modifiers.js";

/** A necessary condition: the rule can only match when `field` (lower-cased) is one of `values`. */
export type Anchor = ItemAnchor;

interface CompiledSelection {
  readonly test: Predicate;
  /** Necessary anchors (any one of them must hold). */
  readonly anchors: readonly Anchor[];
}

export interface CompiledDetection {
  readonly test: Predicate;
  readonly anchors: readonly Anchor[];
  readonly fields: readonly string[];
  /** The section as written (selections and condition) and its name, for compilers to other targets (to-ir.ts). */
  readonly source: Readonly<Record<string, unknown>>;
  readonly sectionName: string;
}

/** Anchors that hold for every alternative: per field present in all, the union of values. */
function orAnchors(alts: readonly (readonly Anchor[])[]): Anchor[] {
  if (alts.length === 0) return [];
  const first = alts[0] as readonly Anchor[];
  const out: Anchor[] = [];
  for (const a of first) {
    const values = new Set(a.values);
    let kind = a.kind;
    let ok = true;
    for (const other of alts.slice(1)) {
      const same = other.filter((o) => o.field === a.field);
      if (same.length === 0) {
        ok = false;
        break;
      }
      // the tightest anchor of that alternative on this field (exact before substring)
      const rank = (x: Anchor) => (x.kind === "eq" ? 0 : 1_000_000) + x.values.length;
      const best = same.reduce((x, y) => (rank(y) < rank(x) ? y : x));
      for (const v of best.values) values.add(v);
      if (best.kind === "sub") kind = "sub";
    }
    if (ok && (kind === "eq" || [...values].every((v) => v.length >= MIN_SUB_ANCHOR))) {
      out.push({ field: a.field, kind, values: [...values] });
    }
  }
  return out;
}

function andAll(ps: readonly Predicate[]): Predicate {
  if (ps.length === 1) return ps[0] as Predicate;
  if (ps.length === 2) {
    const [a, b] = ps as [Predicate, Predicate];
    return (v) => a(v) && b(v);
  }
  return (v) => {
    for (const p of ps) if (!p(v)) return false;
    return true;
  };
}

function orAll(ps: readonly Predicate[]): Predicate {
  if (ps.length === 1) return ps[0] as Predicate;
  if (ps.length === 2) {
    const [a, b] = ps as [Predicate, Predicate];
    return (v) => a(v) || b(v);
  }
  return (v) => {
    for (const p of ps) if (p(v)) return true;
    return false;
  };
}

function compileMap(
  map: Record<string, unknown>,
  opts: ItemOptions,
  path: (string | number)[],
  fields: Set<string>,
): CompiledSelection {
  const keys = Object.keys(map);
  if (keys.length === 0) throw new CompileProblem("a selection map cannot be empty", path);
  const items: CompiledItem[] = [];
  const problems: CompileProblem[] = [];
  for (const k of keys) {
    try {
      items.push(compileItem(k, map[k], opts, [...path, k]));
    } catch (e) {
      if (!(e instanceof CompileProblem)) throw e;
      problems.push(e);
    }
  }
  if (problems.length > 0) throw new AggregateCompileProblem(problems);
  for (const it of items) for (const f of it.fields) fields.add(f);
  // cheap, anchored tests first: they fail fastest on non-matching events
  const ordered = [...items].sort((a, b) => Number(b.anchor !== undefined) - Number(a.anchor !== undefined));
  return {
    test: andAll(ordered.map((i) => i.test)),
    anchors: items.flatMap((i) => (i.anchor ? [i.anchor] : [])),
  };
}

function compileSelection(name: string, value: unknown, opts: ItemOptions, fields: Set<string>): CompiledSelection {
  const path: (string | number)[] = ["detection", name];
  if (value === null || value === undefined) throw new CompileProblem(`selection \`${name}\` is empty`, path);
  if (Array.isArray(value)) {
    if (value.length === 0) throw new CompileProblem(`selection \`${name}\` is an empty list`, path);
    const maps = value.filter((x) => typeof x === "object" && x !== null && !Array.isArray(x));
    if (maps.length === value.length) {
      const sels = value.map((m, i) => compileMap(m as Record<string, unknown>, opts, [...path, i], fields));
      return { test: orAll(sels.map((s) => s.test)), anchors: orAnchors(sels.map((s) => s.anchors)) };
    }
    if (maps.length > 0) {
      throw new CompileProblem(`selection \`${name}\` mixes maps and plain values in one list`, path);
    }
    return { test: compileItem("", value, opts, path).test, anchors: [] };
  }
  if (typeof value === "object") return compileMap(value as Record<string, unknown>, opts, path, fields);
  return { test: compileItem("", value, opts, path).test, anchors: [] };
}

/** Compiles the detection section; `conditionField` lets filters reuse this with their own section name. */
export function compileDetection(
  section: Record<string, unknown>,
  opts: ItemOptions,
  sectionName = "detection",
): CompiledDetection {
  const names = Object.keys(section).filter((k) => k !== "condition" && (sectionName !== "filter" || k !== "rules"));
  const fields = new Set<string>();
  const problems: CompileProblem[] = [];
  const sels = new Map<string, CompiledSelection>();
  for (const n of names) {
    try {
      sels.set(n, compileSelection(n, section[n], opts, fields));
    } catch (e) {
      const list = e instanceof AggregateCompileProblem ? e.problems : e instanceof CompileProblem ? [e] : undefined;
      if (!list) throw e;
      for (const p of list) problems.push(new CompileProblem(p.message, [sectionName, ...p.path.slice(1)]));
    }
  }
  const raw = section.condition;
  const conds = Array.isArray(raw) ? raw : [raw];
  if (conds.length === 0 || conds.some((c) => typeof c !== "string")) {
    problems.push(
      new CompileProblem("`condition` must be a string (or a list of strings)", [sectionName, "condition"]),
    );
  }
  const trees: CondNode[] = [];
  for (const c of conds) {
    if (typeof c !== "string") continue;
    try {
      trees.push(parseCondition(c));
    } catch (e) {
      if (!(e instanceof CompileProblem)) throw e;
      problems.push(new CompileProblem(e.message, [sectionName, "condition"]));
    }
  }
  // Resolve names (reports unknown identifiers even when a selection failed to compile).
  const build = (n: CondNode): { test: Predicate; anchors: readonly Anchor[] } => {
    switch (n.t) {
      case "id": {
        if (!names.includes(n.name)) throw new CompileProblem(`condition names \`${n.name}\`, which is not defined`);
        const s = sels.get(n.name);
        return s ?? { test: () => false, anchors: [] };
      }
      case "not": {
        const inner = build(n.x).test;
        return { test: (v) => !inner(v), anchors: [] };
      }
      case "and": {
        const xs = n.xs.map(build);
        return { test: andAll(xs.map((x) => x.test)), anchors: xs.flatMap((x) => x.anchors) };
      }
      case "or": {
        const xs = n.xs.map(build);
        return { test: orAll(xs.map((x) => x.test)), anchors: orAnchors(xs.map((x) => x.anchors)) };
      }
      case "of": {
        const matched = namesFor(n.pattern, names);
        if (matched.length === 0) {
          throw new CompileProblem(
            n.pattern === null ? "`them` refers to no selection" : `\`${n.pattern}\` matches no selection name`,
          );
        }
        const xs = matched.map((m) => build({ t: "id", name: m }));
        return n.all
          ? { test: andAll(xs.map((x) => x.test)), anchors: xs.flatMap((x) => x.anchors) }
          : { test: orAll(xs.map((x) => x.test)), anchors: orAnchors(xs.map((x) => x.anchors)) };
      }
    }
  };
  const built: { test: Predicate; anchors: readonly Anchor[] }[] = [];
  for (const t of trees) {
    try {
      built.push(build(t));
    } catch (e) {
      if (!(e instanceof CompileProblem)) throw e;
      problems.push(new CompileProblem(e.message, [sectionName, "condition"]));
    }
  }
  if (problems.length > 0) throw new AggregateCompileProblem(problems);
  const one = built.length === 1 ? (built[0] as (typeof built)[number]) : undefined;
  return {
    test: one ? one.test : orAll(built.map((b) => b.test)),
    anchors: one ? one.anchors : orAnchors(built.map((b) => b.anchors)),
    fields: [...fields],
    source: section,
    sectionName,
  };
}

/** Several problems from one section, each with its own path. */
export class AggregateCompileProblem extends Error {
  readonly problems: readonly CompileProblem[];
  constructor(problems: readonly CompileProblem[]) {
    super(problems.map((p) => p.message).join("; "));
    this.problems = problems;
  }
}
