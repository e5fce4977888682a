// TorchServe's StatsD-like metric lines (frontend and backend `[METRICS]` forms) read into metric fields.
import { epochSecondsToMs } from "../common/times.js";

// The name may itself hold dots (`W-9004-DocTag_1.0.ms`): the unit is what follows the last one.
const METRIC_HEAD =
  /^([\w.-]+)\.([A-Za-z%][\w%]*):([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN|[-+]?Infinity)\|(.*)$/;

export interface TsMetric {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly dimensions: Record<string, string>;
  readonly host?: string;
  readonly epochMs?: number;
  readonly requestId?: string;
  readonly metricType?: string;
}

export type MetricParse = { ok: true; metric: TsMetric } | { ok: false; message: string } | null;

/** Could this text be a metric line? (cheap; `parseTsMetric` decides) */
export function looksLikeMetric(text: string): boolean {
  return METRIC_HEAD.test(text);
}

/** Parses a metric line; null when the text does not start like one. */
export function parseTsMetric(text: string): MetricParse {
  const m = METRIC_HEAD.exec(text.trim());
  if (!m) return null;
  const dimensions: Record<string, string> = {};
  let host: string | undefined;
  let epochMs: number | undefined;
  let requestId: string | undefined;
  let metricType: string | undefined;
  for (const rawSection of (m[4] ?? "").split("|")) {
    const section = rawSection.startsWith("#") ? rawSection.slice(1) : rawSection;
    if (section === "") continue;
    if (section.startsWith("hostname:")) {
      const [h, ...rest] = section.slice("hostname:".length).split(",");
      host = h;
      for (const token of rest) {
        const t = token.trim();
        const stamp = t.startsWith("timestamp:") ? t.slice("timestamp:".length) : /^\d+$/.test(t) ? t : undefined;
        if (stamp !== undefined && epochMs === undefined) {
          epochMs = epochSecondsToMs(stamp);
          if (epochMs === undefined)
            return { ok: false, message: `metric timestamp ${JSON.stringify(stamp)} is not epoch seconds` };
        } else if (t !== "") requestId = t;
      }
      continue;
    }
    if (section.startsWith("type:")) {
      metricType = section.slice("type:".length);
      continue;
    }
    for (const pair of section.split(",")) {
      const colon = pair.indexOf(":");
      if (colon <= 0) return { ok: false, message: `metric dimension ${JSON.stringify(pair)} is not Name:value` };
      dimensions[pair.slice(0, colon)] = pair.slice(colon + 1);
    }
  }
  return {
    ok: true,
    metric: {
      name: m[1] ?? "",
      unit: m[2] ?? "",
      value: Number(m[3]),
      dimensions,
      ...(host !== undefined ? { host } : {}),
      ...(epochMs !== undefined ? { epochMs } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(metricType !== undefined ? { metricType } : {}),
    },
  };
}

/** The normalized fields of a metric (its time is the caller's choice). */
export function metricFields(metric: TsMetric): Record<string, unknown> {
  const d = metric.dimensions;
  return {
    event_kind: "metric",
    metric_name: metric.name,
    metric_value: Number.isFinite(metric.value) ? metric.value : String(metric.value),
    metric_unit: metric.unit,
    dimensions: Object.keys(d).length > 0 ? d : undefined,
    metric_level: d.Level,
    model_name: d.ModelName,
    model_version: d.ModelVersion,
    worker: d.WorkerName,
    host_name: metric.host,
    request_id: metric.requestId,
    metric_type: metric.metricType,
  };
}
