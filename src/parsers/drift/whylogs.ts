// `whylogs-profile`: a whylogs v1 profile summary (`profile.view().to_pandas()` printed), one event per column.
import { compact } from "../common/records.js";
import type { Format, ParseContext, ParsedRecord, ParseSession } from "../types.js";
import { type PandasTable, PandasTableReader } from "./pandas-table.js";

const NAMESPACES = "counts|cardinality|distribution|types|ints|frequent_items";
const HEADER_TOKEN = String.raw`(?:[a-z_]+\/[a-z_0-9]+|\.\.\.|type)`;
// A header line of the summary: blank index column, then whylogs metric names; `\` when pandas wraps.
const DETECT = new RegExp(String.raw`^\s+${HEADER_TOKEN}(?:\s+${HEADER_TOKEN})*(?:\s+\\)?\s*$`);
const HAS_NAMESPACE = new RegExp(String.raw`(?:^|\s)(?:${NAMESPACES})\/`);

/** Metric columns promoted to named attributes (the rest stay under `whylogs_metrics`). */
const PROMOTED: Record<string, string> = {
  "counts/n": "count",
  "counts/null": "null_count",
  "counts/nan": "nan_count",
  "counts/inf": "inf_count",
  "distribution/mean": "mean",
  "distribution/median": "median",
  "distribution/stddev": "stddev",
  "distribution/min": "min",
  "distribution/max": "max",
  "cardinality/est": "cardinality_est",
};

const TYPE_COUNTS = ["boolean", "fractional", "integral", "object", "string", "tensor"];

function cellValue(cell: string): unknown {
  if (cell === "NaN" || cell === "None" || cell === "") return null;
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(cell)) return Number(cell);
  return cell;
}

function inferredType(metrics: Record<string, unknown>): string | undefined {
  let best: string | undefined;
  let most = 0;
  for (const t of TYPE_COUNTS) {
    const n = metrics[`types/${t}`];
    if (typeof n === "number" && n > most) {
      best = t;
      most = n;
    }
  }
  return best;
}

function tableRecords(table: PandasTable, context: ParseContext): ParsedRecord[] {
  if (!table.columns.some((c) => HAS_NAMESPACE.test(c))) {
    const raw = [...table.rows.values()].flatMap((r) => r.lines).join("\n");
    return [
      {
        ok: false,
        line: table.line,
        raw,
        code: "unparseable",
        message: `a table without whylogs metric columns (${table.columns.slice(0, 5).join(", ")})`,
      },
    ];
  }
  return [...table.rows.values()].map((row) => {
    const metrics: Record<string, unknown> = {};
    const truncated: string[] = [];
    for (const [name, cell] of row.cells) {
      metrics[name] = cellValue(cell);
      if (cell.endsWith("...")) truncated.push(name);
    }
    const promoted: Record<string, unknown> = {};
    for (const [metric, key] of Object.entries(PROMOTED)) if (metric in metrics) promoted[key] = metrics[metric];
    const stats = [
      `${metrics["counts/n"] ?? "?"} values`,
      `${metrics["counts/null"] ?? "?"} null`,
      typeof metrics["distribution/mean"] === "number" ? `mean ${metrics["distribution/mean"]}` : "",
    ].filter(Boolean);
    return {
      ok: true,
      line: row.line,
      raw: row.lines.join("\n"),
      record: compact({
        timestamp: context.referenceTime,
        // A printed profile carries no time of its own.
        timestamp_source: "reference_time",
        event_kind: "drift",
        event_action: "column_profile",
        severity: "info",
        message: `whylogs profile of column ${row.label}: ${stats.join(", ")}`,
        profile_source: "whylogs",
        feature: row.label,
        ...promoted,
        inferred_type: inferredType(metrics),
        whylogs_metrics: metrics,
        truncated_cells: truncated.length > 0 ? truncated : undefined,
        columns_elided: table.columnsElided || undefined,
        rows_elided: table.rowsElided || undefined,
        declared_metric_count: table.declared?.columns,
      }),
    };
  });
}

function openWhylogs(context: ParseContext): ParseSession {
  const reader = new PandasTableReader();
  const convert = (events: ReturnType<PandasTableReader["end"]>): ParsedRecord[] =>
    events.flatMap((e) =>
      e.kind === "table"
        ? tableRecords(e.table, context)
        : [{ ok: false as const, line: e.line, raw: e.text, code: "unparseable" as const, message: e.message }],
    );
  return {
    push: (l) => convert(reader.push(l.line, l.text)),
    end: () => convert(reader.end()),
  };
}

export const whylogsFormat: Format = {
  name: "whylogs-profile",
  description:
    "whylogs v1 profile summaries as printed by pandas (`profile.view().to_pandas()`): one drift-kind " +
    "column_profile event per column with counts, nulls, mean/median/min/max, cardinality and inferred type.",
  examples: [
    [
      "        cardinality/est  cardinality/lower_1  cardinality/upper_1  counts/inf  \\",
      "column                                                                          ",
      "legs                3.0                  3.0              3.00015           0   ",
    ].join("\n"),
  ],
  detect: (line) => DETECT.test(line) && HAS_NAMESPACE.test(line),
  open: openWhylogs,
};
