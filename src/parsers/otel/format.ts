// `otlp-json`: OpenTelemetry OTLP/JSON exports (logs, traces, metrics), one document per line or pretty-printed.
import { type ItemResult, itemRecords } from "../common/document-items.js";
import { documentSession } from "../common/document-session.js";
import { type DocumentValue, documentValue } from "../common/json-documents.js";
import { isObject } from "../common/json-values.js";
import { guarded } from "../common/parser-errors.js";
import type { Format, ParsedRecord } from "../types.js";
import { resourceLogs } from "./logs.js";
import { resourceMetrics } from "./metrics.js";
import { resourceSpans } from "./traces.js";

const SIGNALS: readonly [string, string, (g: Record<string, unknown>) => ItemResult[]][] = [
  ["resourceLogs", "scopeLogs", resourceLogs],
  ["resourceSpans", "scopeSpans", resourceSpans],
  ["resourceMetrics", "scopeMetrics", resourceMetrics],
];

/** Legacy (pre-1.0) scope field of each signal, accepted on a bare resource group. */
const LEGACY_SCOPE: Record<string, string> = {
  scopeLogs: "instrumentationLibraryLogs",
  scopeSpans: "instrumentationLibrarySpans",
  scopeMetrics: "instrumentationLibraryMetrics",
};

/**
 * The items of one document: an Export*ServiceRequest (`{"resourceSpans": [...]}`), a bare resource group
 * (`{"resource": ..., "scopeSpans": [...]}`, as SDK debug output prints), or an array of either.
 */
export function otlpItems(doc: unknown): ItemResult[] | null {
  if (Array.isArray(doc)) {
    const all: ItemResult[] = [];
    for (const d of doc) {
      const items = otlpItems(d);
      if (items === null) return null;
      all.push(...items);
    }
    return all;
  }
  if (!isObject(doc)) return null;
  let recognized = false;
  const out: ItemResult[] = [];
  for (const [top, scopeKey, read] of SIGNALS) {
    if (Array.isArray(doc[top])) {
      recognized = true;
      for (const g of doc[top] as unknown[]) if (isObject(g)) out.push(...read(g));
    } else if (Array.isArray(doc[scopeKey]) || Array.isArray(doc[LEGACY_SCOPE[scopeKey] as string])) {
      recognized = true;
      out.push(...read(doc));
    }
  }
  return recognized ? out : null;
}

/** Records of one assembled document. A single-item document keeps its text as `raw`; otherwise each record's raw
 * is its own item as compact JSON, so a large export is not copied once per span. */
function documentRecords(doc: DocumentValue): ParsedRecord[] {
  if (!doc.ok) return [doc];
  const value = doc.value;
  return guarded(
    doc,
    () => {
      const items = otlpItems(value);
      if (items === null) {
        const message = "not an OTLP/JSON export: expected a resourceLogs, resourceSpans or resourceMetrics array";
        return [{ ok: false, line: doc.line, raw: doc.raw, code: "unparseable", message }];
      }
      return itemRecords(doc, items, items.length === 1);
    },
    "OTLP document",
  );
}

/** A whole export on one line, or the line naming the signal inside a pretty-printed one. */
const OTLP_START = /^\s*\{\s*"resource(?:Logs|Spans|Metrics)"\s*:\s*\[/;
const OTLP_SIGNAL_LINE = /^\s*"resource(?:Logs|Spans|Metrics)"\s*:\s*\[/;

export const otlpJsonFormat: Format = {
  name: "otlp-json",
  description:
    "OpenTelemetry OTLP/JSON exports (collector file exporter, SDK/OTLP HTTP JSON): one record per log record, span or metric data point; GenAI spans and events become `llm` events.",
  examples: [
    '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},"scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"I\'m a server span","startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","kind":2,"attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]}',
    '{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},"scopeLogs":[{"scope":{"name":"my.library","version":"1.0.0"},"logRecords":[{"timeUnixNano":"1544712660300000000","observedTimeUnixNano":"1544712660300000000","severityNumber":10,"severityText":"Information","traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","body":{"stringValue":"Example log record"}}]}]}]}',
  ],
  detect: (line) => OTLP_START.test(line) || OTLP_SIGNAL_LINE.test(line),
  open: () =>
    documentSession({
      claimOpenDocuments: true,
      stray: () => "expected an OTLP/JSON document starting with `{` (or `[`)",
      document: (d) => documentRecords(documentValue(d)),
    }),
};
