// Loads Sigma documents (rules, correlations, filters) from YAML texts, validates schema and semantics, and compiles
// them, collecting every problem with its file:line instead of stopping at the first.
import { EVENT_KINDS } from "../../core/fields.js";
import { AggregateCompileProblem, type CompiledDetection, compileDetection } from "./detection.js";
import { CompileProblem, type RuleIssue } from "./issues.js";
import type { ItemOptions } from "./modifiers.js";
import {
  type CorrelationType,
  correlationSchema,
  filterSchema,
  type Level,
  type Logsource,
  parseTimespan,
  ruleSchema,
} from "./schema.js";
import { resolveTechniques, type Technique } from "./techniques.js";
import { readYamlDocs, type SourceDoc } from "./yaml-source.js";

export interface RuleMeta {
  /** `id`, else `name`, else `file#n`: what alerts carry as the rule id. */
  readonly id: string;
  readonly name: string | undefined;
  readonly title: string;
  readonly level: Level;
  readonly status: string | undefined;
  readonly author: string | undefined;
  readonly description: string | undefined;
  readonly tags: readonly string[];
  /** ATT&CK / ATLAS tags resolved to ids and names. */
  readonly techniques: readonly Technique[];
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  readonly file: string;
  readonly line: number;
  /** The rule's embedded `tests` section, unvalidated (see rule-tests.ts). */
  readonly tests: unknown;
}

export interface DetectionRule {
  readonly kind: "detection";
  /** Position in the rule set's `detections` (lets the engine keep per-rule state in flat arrays). */
  readonly index: number;
  readonly meta: RuleMeta;
  readonly logsource: Logsource;
  /** Event kinds the rule is routed to (`product: inferwatch`), or null when it runs wherever its fields exist. */
  readonly eventKinds: ReadonlySet<string> | null;
  readonly detection: CompiledDetection;
  /** Meta filters attached to this rule: a match is dropped when any of them matches. */
  readonly filters: CompiledDetection[];
}

export interface CorrelationCondition {
  readonly gt?: number | undefined;
  readonly gte?: number | undefined;
  readonly lt?: number | undefined;
  readonly lte?: number | undefined;
  readonly eq?: number | undefined;
  readonly neq?: number | undefined;
}

export interface CorrelationRule {
  readonly kind: "correlation";
  readonly meta: RuleMeta;
  readonly type: CorrelationType;
  /** Referenced rules, resolved to their ids, in the order written (order matters for temporal_ordered). */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  readonly condition: CorrelationCondition;
  readonly field: string | undefined;
  /** alias → (rule id → field name in that rule's events). */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly generate: boolean;
}

export interface FilterRule {
  readonly kind: "filter";
  readonly meta: RuleMeta;
  readonly logsource: Logsource | undefined;
  readonly targets: readonly string[];
  readonly detection: CompiledDetection;
}

export interface RuleSet {
  readonly detections: readonly DetectionRule[];
  readonly correlations: readonly CorrelationRule[];
  readonly filters: readonly FilterRule[];
}

export interface RuleSource {
  readonly file: string;
  readonly text: string;
}

export interface LoadOptions {
  /** `expand` placeholders: name → values. */
  readonly placeholders?: Readonly<Record<string, readonly string[]>>;
}

/** Categories of `product: inferwatch` and the event kinds they route to. */
export const INFERWATCH_CATEGORIES: ReadonlySet<string> = new Set(EVENT_KINDS);

function listOf(v: string | readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  return typeof v === "string" ? [v] : [...v];
}

function meta(doc: SourceDoc, d: Record<string, unknown>, index: number, defLevel: Level): RuleMeta {
  const s = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : undefined);
  const id = s("id") ?? s("name") ?? `${doc.file}#${index + 1}`;
  const fp = d.falsepositives;
  return {
    id,
    name: s("name"),
    title: s("title") ?? id,
    level: (s("level") as Level | undefined) ?? defLevel,
    status: s("status"),
    author: s("author"),
    description: s("description"),
    tags: Array.isArray(d.tags) ? (d.tags as string[]) : [],
    techniques: resolveTechniques(Array.isArray(d.tags) ? (d.tags as string[]) : []),
    references: Array.isArray(d.references) ? (d.references as string[]) : [],
    falsepositives: Array.isArray(fp) ? (fp as string[]) : typeof fp === "string" ? [fp] : [],
    file: doc.file,
    line: doc.locate([]).line,
    tests: d.tests,
  };
}

function pushProblem(issues: RuleIssue[], doc: SourceDoc, e: unknown): void {
  if (e instanceof AggregateCompileProblem) {
    for (const p of e.problems) issues.push(doc.issue(p.path, p.message));
  } else if (e instanceof CompileProblem) issues.push(doc.issue(e.path, e.message));
  else throw e;
}

function routeKinds(doc: SourceDoc, ls: Logsource, issues: RuleIssue[], path: string): ReadonlySet<string> | null {
  if (ls.product?.toLowerCase() !== "inferwatch") return null;
  if (!ls.category) return null;
  const c = ls.category.toLowerCase();
  if (!INFERWATCH_CATEGORIES.has(c)) {
    issues.push(
      doc.issue(
        [path, "category"],
        `unknown category \`${ls.category}\` for product inferwatch (known: ${[...INFERWATCH_CATEGORIES].join(", ")})`,
      ),
    );
    return null;
  }
  return new Set([c]);
}

interface Pending {
  doc: SourceDoc;
  corr?: { meta: RuleMeta; raw: NonNullable<ReturnType<typeof correlationSchema.safeParse>["data"]>["correlation"] };
  filter?: { meta: RuleMeta; logsource: Logsource | undefined; targets: string[]; detection: CompiledDetection };
}

/** Loads and compiles rule texts. Returns every issue found; the rule set holds only what compiled cleanly. */
export function loadRules(
  sources: readonly RuleSource[],
  opts: LoadOptions = {},
): { set: RuleSet; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const itemOpts: ItemOptions = {
    placeholders: new Map(Object.entries(opts.placeholders ?? {}).map(([k, v]) => [k, [...v]])),
  };
  const detections: DetectionRule[] = [];
  const pending: Pending[] = [];
  const seen = new Map<string, RuleIssue>();
  const nameToId = new Map<string, string>();

  const register = (doc: SourceDoc, m: RuleMeta): boolean => {
    const prev = seen.get(m.id);
    if (prev) {
      issues.push(doc.issue(["id"], `duplicate rule id ${m.id} (first defined at ${prev.file}:${prev.line})`));
      return false;
    }
    seen.set(m.id, doc.issue(["id"], ""));
    if (m.name) nameToId.set(m.name, m.id);
    return true;
  };

  for (const src of sources) {
    const { docs, issues: yamlIssues } = readYamlDocs(src.file, src.text);
    issues.push(...yamlIssues);
    docs.forEach((doc, index) => {
      const d = doc.value;
      if (typeof d !== "object" || d === null || Array.isArray(d)) {
        issues.push(doc.issue([], "a Sigma document must be a YAML map"));
        return;
      }
      const rec = d as Record<string, unknown>;
      if ("action" in rec) {
        issues.push(
          doc.issue(
            ["action"],
            "rule collections (`action: global/repeat/reset`) are Sigma v1 syntax: write each rule as its own document",
          ),
        );
        return;
      }
      const schema = "correlation" in rec ? correlationSchema : "filter" in rec ? filterSchema : ruleSchema;
      const parsed = schema.safeParse(rec);
      if (!parsed.success) {
        for (const iss of parsed.error.issues) {
          const p = iss.path.filter((x): x is string | number => typeof x !== "symbol");
          issues.push(doc.issue(p, `${p.length ? `\`${p.join(".")}\`: ` : ""}${iss.message}`));
        }
        if (!("correlation" in rec) && !("filter" in rec) && !("detection" in rec)) {
          issues.push(doc.issue([], "not a Sigma rule: it needs `detection`, `correlation` or `filter`"));
        }
        return;
      }
      if ("correlation" in rec) {
        const c = correlationSchema.parse(rec);
        const m = meta(doc, rec, index, "medium");
        if (register(doc, m)) pending.push({ doc, corr: { meta: m, raw: c.correlation } });
        return;
      }
      if ("filter" in rec) {
        const f = filterSchema.parse(rec);
        const m = meta(doc, rec, index, "informational");
        try {
          const det = compileDetection(f.filter as Record<string, unknown>, itemOpts, "filter");
          if (register(doc, m)) {
            pending.push({
              doc,
              filter: { meta: m, logsource: f.logsource, targets: listOf(f.filter.rules), detection: det },
            });
          }
        } catch (e) {
          pushProblem(issues, doc, e);
        }
        return;
      }
      const r = ruleSchema.parse(rec);
      const m = meta(doc, rec, index, "medium");
      const before = issues.length;
      const kinds = routeKinds(doc, r.logsource, issues, "logsource");
      try {
        const det = compileDetection(r.detection, itemOpts);
        if (issues.length === before && register(doc, m)) {
          detections.push({
            kind: "detection",
            index: detections.length,
            meta: m,
            logsource: r.logsource,
            eventKinds: kinds,
            detection: det,
            filters: [],
          });
        }
      } catch (e) {
        pushProblem(issues, doc, e);
      }
    });
  }

  const resolve = (ref: string) => (seen.has(ref) ? ref : nameToId.get(ref));
  const byId = new Map(detections.map((d) => [d.meta.id, d]));
  const correlations: CorrelationRule[] = [];
  const filters: FilterRule[] = [];

  for (const p of pending) {
    const { doc } = p;
    if (p.filter) {
      const f = p.filter;
      const targets: string[] = [];
      f.targets.forEach((t, i) => {
        const id = resolve(t);
        const rule = id ? byId.get(id) : undefined;
        if (!rule) {
          issues.push(doc.issue(["filter", "rules", i], `filter refers to unknown detection rule \`${t}\``));
          return;
        }
        if (f.logsource && !logsourceFits(f.logsource, rule.logsource)) {
          issues.push(doc.issue(["logsource"], `filter logsource does not match that of rule \`${t}\``));
          return;
        }
        targets.push(rule.meta.id);
      });
      if (f.targets.length === 0) {
        if (!f.logsource) {
          issues.push(
            doc.issue(["filter"], "a filter without `rules` needs a `logsource` to select the rules it applies to"),
          );
          continue;
        }
        for (const r of detections) if (logsourceFits(f.logsource, r.logsource)) targets.push(r.meta.id);
      }
      for (const id of targets) byId.get(id)?.filters.push(f.detection);
      filters.push({ kind: "filter", meta: f.meta, logsource: f.logsource, targets, detection: f.detection });
      continue;
    }
    if (!p.corr) continue;
    const { meta: m, raw } = p.corr;
    const before = issues.length;
    const refs = listOf(raw.rules);
    const ids: string[] = [];
    refs.forEach((ref, i) => {
      const id = resolve(ref);
      if (!id) issues.push(doc.issue(["correlation", "rules", i], `correlation refers to unknown rule \`${ref}\``));
      else if (!byId.has(id)) {
        issues.push(
          doc.issue(
            ["correlation", "rules", i],
            `rule \`${ref}\` is not a detection rule (chained correlations are not supported)`,
          ),
        );
      } else ids.push(id);
    });
    const timespanMs = parseTimespan(raw.timespan);
    if (timespanMs === undefined) {
      issues.push(
        doc.issue(["correlation", "timespan"], `timespan \`${raw.timespan}\` is not like 30s, 5m, 1h, 7d or 2w`),
      );
    }
    const groupBy = listOf(raw["group-by"]);
    const aliases = new Map<string, Map<string, string>>();
    for (const [alias, map] of Object.entries(raw.aliases ?? {})) {
      const inner = new Map<string, string>();
      for (const [ref, field] of Object.entries(map)) {
        const id = resolve(ref);
        if (!id || !ids.includes(id)) {
          issues.push(
            doc.issue(
              ["correlation", "aliases", alias, ref],
              `alias \`${alias}\` maps rule \`${ref}\`, which the correlation does not reference`,
            ),
          );
        } else inner.set(id, field);
      }
      for (const id of ids) {
        if (!inner.has(id)) {
          issues.push(
            doc.issue(["correlation", "aliases", alias], `alias \`${alias}\` gives no field for rule \`${id}\``),
          );
        }
      }
      aliases.set(alias, inner);
    }
    const cond = raw.condition ?? {};
    const bounds = (["gt", "gte", "lt", "lte", "eq", "neq"] as const).filter((k) => cond[k] !== undefined);
    const temporal = raw.type === "temporal" || raw.type === "temporal_ordered";
    if (!temporal && bounds.length === 0) {
      issues.push(doc.issue(["correlation", "condition"], `${raw.type} needs a condition such as \`gte: 10\``));
    }
    const needsField = raw.type.startsWith("value_");
    if (needsField && !cond.field) {
      issues.push(
        doc.issue(["correlation", "condition"], `${raw.type} needs \`condition.field\`, the field to aggregate`),
      );
    }
    if (!needsField && cond.field) {
      issues.push(doc.issue(["correlation", "condition", "field"], `${raw.type} takes no \`field\``));
    }
    if (
      raw.type === "value_percentile" &&
      cond.lt === undefined &&
      cond.lte === undefined &&
      cond.gt === undefined &&
      cond.gte === undefined
    ) {
      issues.push(
        doc.issue(["correlation", "condition"], "value_percentile needs a percentage bound (lt/lte/gt/gte, 0..100)"),
      );
    }
    if (issues.length !== before || timespanMs === undefined) continue;
    const condition: CorrelationCondition = temporal && bounds.length === 0 ? { gte: ids.length } : cond;
    correlations.push({
      kind: "correlation",
      meta: m,
      type: raw.type,
      rules: ids,
      groupBy,
      timespanMs,
      condition,
      field: cond.field,
      aliases,
      generate: raw.generate ?? false,
    });
  }

  return { set: { detections, correlations, filters }, issues };
}

/** Whether every logsource key the filter names is the same in the rule (case-insensitive). */
function logsourceFits(filter: Logsource, rule: Logsource): boolean {
  for (const k of ["product", "category", "service"] as const) {
    const f = filter[k];
    if (f !== undefined && f.toLowerCase() !== rule[k]?.toLowerCase()) return false;
  }
  return true;
}
