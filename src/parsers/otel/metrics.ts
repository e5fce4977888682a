// OTLP metrics (resourceMetrics[].scopeMetrics[].metrics[]) → one `metric` record per data point.
import type { ItemResult } from "../common/document-items.js";
import { isObject } from "../common/json-values.js";
import { int64Value, keyValues, nanosToMs } from "./any-value.js";
import { placeAttributes } from "./columns.js";
import { applyGenAi, isGenAi } from "./genai.js";
import { arrayOf, contextAttributes, enumNumber, scopeGroups } from "./items.js";

const TEMPORALITY = ["unspecified", "delta", "cumulative"];
const TEMPORALITY_ENUM = [
  "AGGREGATION_TEMPORALITY_UNSPECIFIED",
  "AGGREGATION_TEMPORALITY_DELTA",
  "AGGREGATION_TEMPORALITY_CUMULATIVE",
];

/** Metric data kinds, by their OTLP/JSON field name, and the `metric_type` each is recorded as. */
const KINDS: readonly [string, string][] = [
  ["gauge", "gauge"],
  ["sum", "sum"],
  ["histogram", "histogram"],
  ["exponentialHistogram", "exponential_histogram"],
  ["summary", "summary"],
];

function num(v: unknown): number | string | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") return Number.isFinite(Number(v)) && v.trim() !== "" ? Number(v) : v;
  return null;
}

function counts(v: unknown): (number | string | null)[] {
  return arrayOf(v).map(int64Value);
}

/** The value and shape-specific details of one data point. */
function pointValue(kind: string, dp: Record<string, unknown>): { value: unknown; details: Record<string, unknown> } {
  switch (kind) {
    case "gauge":
    case "sum":
      return { value: "asInt" in dp ? int64Value(dp.asInt) : num(dp.asDouble), details: {} };
    case "histogram":
      return {
        value: num(dp.sum),
        details: {
          metric_count: int64Value(dp.count),
          histogram: {
            bucket_counts: counts(dp.bucketCounts),
            explicit_bounds: arrayOf(dp.explicitBounds).map(num),
            min: num(dp.min),
            max: num(dp.max),
          },
        },
      };
    case "exponentialHistogram": {
      const side = (b: unknown) =>
        isObject(b)
          ? { offset: typeof b.offset === "number" ? b.offset : 0, bucket_counts: counts(b.bucketCounts) }
          : null;
      return {
        value: num(dp.sum),
        details: {
          metric_count: int64Value(dp.count),
          histogram: {
            scale: num(dp.scale),
            zero_count: int64Value(dp.zeroCount),
            zero_threshold: num(dp.zeroThreshold),
            positive: side(dp.positive),
            negative: side(dp.negative),
            min: num(dp.min),
            max: num(dp.max),
          },
        },
      };
    }
    default:
      return {
        value: num(dp.sum),
        details: {
          metric_count: int64Value(dp.count),
          quantiles: arrayOf(dp.quantileValues)
            .filter(isObject)
            .map((q) => ({ quantile: num(q.quantile), value: num(q.value) })),
        },
      };
  }
}

function dataPoint(
  metric: Record<string, unknown>,
  kind: string,
  type: string,
  data: Record<string, unknown>,
  dp: Record<string, unknown>,
  context: Record<string, unknown>,
): ItemResult {
  const item = { ...metric, [kind]: { ...data, dataPoints: [dp] } };
  const timestamp = nanosToMs(dp.timeUnixNano) ?? nanosToMs(dp.startTimeUnixNano);
  if (timestamp === null) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: "data point has no timeUnixNano (nanosecond epoch string)",
      item,
    };
  }
  const attrs: Record<string, unknown> = { ...context, ...keyValues(dp.attributes) };
  const { value, details } = pointValue(kind, dp);
  const record: Record<string, unknown> = {
    timestamp,
    event_kind: "metric",
    metric_name: metric.name,
    metric_type: type,
  };
  record.metric_value = value;
  if (typeof metric.unit === "string" && metric.unit !== "") record.metric_unit = metric.unit;
  if (typeof metric.description === "string" && metric.description !== "") {
    record.metric_description = metric.description;
  }
  Object.assign(record, details);
  const start = nanosToMs(dp.startTimeUnixNano);
  if (start !== null) record.start_time_ms = start;
  if (kind === "sum") record.monotonic = data.isMonotonic === true;
  const temporality = enumNumber(data.aggregationTemporality, TEMPORALITY_ENUM);
  if (temporality !== null && temporality > 0) record.aggregation_temporality = TEMPORALITY[temporality];
  // GenAI metrics (gen_ai.client.token.usage...) carry the model and provider as point attributes.
  if (isGenAi(attrs)) applyGenAi(record, attrs);
  placeAttributes(record, attrs);
  return { ok: true, record, item };
}

/** Every data point of one ResourceMetrics group. */
export function resourceMetrics(group: Record<string, unknown>): ItemResult[] {
  const out: ItemResult[] = [];
  for (const { scope, group: scopeMetrics } of scopeGroups(group, "scopeMetrics", "instrumentationLibraryMetrics")) {
    const context = contextAttributes(group.resource, scope);
    for (const metric of arrayOf(scopeMetrics.metrics)) {
      if (!isObject(metric) || typeof metric.name !== "string") {
        out.push({ ok: false, code: "unparseable", message: "a metrics entry has no name", item: metric });
        continue;
      }
      const found = KINDS.find(([k]) => isObject(metric[k]));
      if (!found) {
        out.push({
          ok: false,
          code: "unparseable",
          message: `metric ${metric.name} has none of gauge, sum, histogram, exponentialHistogram, summary`,
          item: metric,
        });
        continue;
      }
      const [kind, type] = found;
      const data = metric[kind] as Record<string, unknown>;
      const { dataPoints: _points, ...shape } = data;
      for (const dp of arrayOf(data.dataPoints)) {
        out.push(
          isObject(dp)
            ? dataPoint(metric, kind, type, shape, dp, context)
            : { ok: false, code: "unparseable", message: `a data point of ${metric.name} is not an object`, item: dp },
        );
      }
    }
  }
  return out;
}
