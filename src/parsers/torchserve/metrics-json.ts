// `torchserve-metrics-json`: TorchServe metrics written by its JSONPatternLayout (pretty-printed JSON objects).
import { describeType } from "../../core/time.js";
import { documentSession } from "../common/document-session.js";
import { documentValue, MAX_LOGGED_VALUE_CHARS } from "../common/json-documents.js";
import { guarded } from "../common/parser-errors.js";
import { ok, referenceTime } from "../common/records.js";
import { epochSecondsToMs } from "../common/times.js";
import type { Format, LineResult, ParseContext } from "../types.js";
import { metricFields } from "./metric-line.js";

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

/** One JSONPatternLayout object → a metric record. Without a `Timestamp` the record takes the reference time. */
export function jsonMetricRecord(value: unknown, context: ParseContext): LineResult {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, code: "not_an_object", message: `expected a JSON metric object, got ${describeType(value)}` };
  }
  const o = value as Record<string, unknown>;
  const name = str(o.MetricName);
  const rawValue = str(o.Value);
  if (name === undefined || rawValue === undefined) {
    return { ok: false, code: "unparseable", message: "JSON metric object lacks MetricName or Value" };
  }
  const num = Number(rawValue);
  if (rawValue.trim() === "" || Number.isNaN(num)) {
    return { ok: false, code: "unparseable", message: `metric Value ${JSON.stringify(rawValue)} is not a number` };
  }
  const dimensions: Record<string, string> = {};
  if (Array.isArray(o.Dimensions)) {
    for (const d of o.Dimensions) {
      if (d !== null && typeof d === "object") {
        const dn = str((d as Record<string, unknown>).Name);
        const dv = str((d as Record<string, unknown>).Value);
        if (dn !== undefined && dv !== undefined) dimensions[dn] = dv;
      }
    }
  }
  let time: Record<string, unknown> = referenceTime(context);
  if (o.Timestamp !== undefined) {
    const ms = epochSecondsToMs(o.Timestamp);
    if (ms === undefined) {
      return {
        ok: false,
        code: "invalid_timestamp",
        message: `metric Timestamp ${JSON.stringify(o.Timestamp)} is not epoch seconds`,
      };
    }
    time = { timestamp: ms };
  }
  return ok({
    ...time,
    ...metricFields({
      name,
      unit: str(o.Unit) ?? "",
      value: num,
      dimensions,
      ...(str(o.HostName) !== undefined ? { host: str(o.HostName) as string } : {}),
      ...(str(o.RequestId) !== undefined ? { requestId: str(o.RequestId) as string } : {}),
    }),
  });
}

export const torchserveMetricsJsonFormat: Format = {
  name: "torchserve-metrics-json",
  description:
    "TorchServe metrics from its JSONPatternLayout: JSON objects (pretty-printed or one per line) with MetricName, " +
    "Value, Unit, Dimensions, HostName. Objects without a Timestamp take the file's reference time.",
  examples: [
    '{\n  "MetricName": "DiskAvailable",\n  "Value": "108.15547180175781",\n  "Unit": "Gigabytes",\n  "Dimensions": [\n    {\n      "Name": "Level",\n      "Value": "Host"\n    }\n  ],\n  "HostName": "my_machine_name"\n}',
  ],
  // The opening `{` alone says nothing; the `"MetricName"` line (first key) does.
  detect: (line) => /^\s*(?:\{\s*)?"MetricName"\s*:/.test(line),
  open: (context) =>
    documentSession({
      json: { mode: "documents", maxChars: MAX_LOGGED_VALUE_CHARS },
      stray: () => "expected a JSON metric object starting with `{`",
      document: (d) => {
        const doc = documentValue(d);
        if (!doc.ok) return [doc];
        const value = doc.value;
        return guarded(doc, () => [{ ...jsonMetricRecord(value, context), line: doc.line, raw: doc.raw }]);
      },
    }),
};
