// OTLP log records (resourceLogs[].scopeLogs[].logRecords[]) → records; GenAI events among them → `llm` records.
import type { ItemResult } from "../common/document-items.js";
import { isObject } from "../common/json-values.js";
import { anyValue, idToHex, keyValues, nanosToMs } from "./any-value.js";
import { placeAttributes } from "./columns.js";
import { applyGenAi, isGenAi } from "./genai.js";
import { arrayOf, contextAttributes, scopeGroups } from "./items.js";

/** OTel SeverityNumber ranges (1-4 TRACE ... 21-24 FATAL) → InferWatch severities. */
const SEVERITY_BY_RANGE = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

const SEVERITY_WORDS: Record<string, string> = {
  trace: "trace",
  debug: "debug",
  info: "info",
  information: "info",
  notice: "info",
  warn: "warn",
  warning: "warn",
  error: "error",
  err: "error",
  fatal: "fatal",
  critical: "fatal",
};

function severityOf(num: unknown, text: unknown): string | undefined {
  if (typeof num === "number" && num >= 1 && num <= 24) return SEVERITY_BY_RANGE[Math.floor((num - 1) / 4)];
  if (typeof text === "string") return SEVERITY_WORDS[text.trim().toLowerCase()];
  return undefined;
}

function logRecord(lr: Record<string, unknown>, context: Record<string, unknown>): ItemResult {
  const timestamp = nanosToMs(lr.timeUnixNano) ?? nanosToMs(lr.observedTimeUnixNano);
  if (timestamp === null) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: "log record has neither timeUnixNano nor observedTimeUnixNano (nanosecond epoch strings)",
      item: lr,
    };
  }
  const attrs: Record<string, unknown> = { ...context, ...keyValues(lr.attributes) };
  const record: Record<string, unknown> = { timestamp };
  const observed = nanosToMs(lr.observedTimeUnixNano);
  if (observed !== null && observed !== timestamp) attrs["otel.observed_time_ms"] = observed;
  const severity = severityOf(lr.severityNumber, lr.severityText);
  if (severity !== undefined) record.severity = severity;
  // The producer's own wording ("Information", "E") is kept beside the canonical level.
  if (typeof lr.severityText === "string" && lr.severityText !== "" && lr.severityText.toLowerCase() !== severity) {
    attrs.severity_text = lr.severityText;
  }
  const body = anyValue(lr.body);
  if (typeof body === "string") {
    if (body !== "") record.message = body;
  } else if (body !== null) {
    record.message = JSON.stringify(body);
  }
  const traceId = idToHex(lr.traceId, 16);
  if (traceId) record.trace_id = traceId;
  const spanId = idToHex(lr.spanId, 8);
  if (spanId) record.span_id = spanId;
  // `eventName` is the field since OTLP 1.5; before, events carried an `event.name` attribute.
  let eventName: unknown = lr.eventName;
  if (typeof eventName !== "string" || eventName === "") {
    eventName = attrs["event.name"];
    if (typeof eventName === "string" && eventName !== "") delete attrs["event.name"];
  }
  if (typeof eventName === "string" && eventName !== "") record.event_action = eventName;
  // A GenAI event's payload is its body (content events) or its attributes (inference details).
  const asEvent = typeof eventName === "string" ? [{ name: eventName, attributes: {}, body }] : [];
  if (isGenAi(attrs, asEvent)) {
    record.event_kind = "llm";
    applyGenAi(record, attrs, asEvent);
  } else {
    record.event_kind = "log";
  }
  placeAttributes(record, attrs);
  return { ok: true, record, item: lr };
}

/** Every log record of one ResourceLogs group. */
export function resourceLogs(group: Record<string, unknown>): ItemResult[] {
  const out: ItemResult[] = [];
  for (const { scope, group: scopeLogs } of scopeGroups(group, "scopeLogs", "instrumentationLibraryLogs")) {
    const context = contextAttributes(group.resource, scope);
    for (const lr of arrayOf(scopeLogs.logRecords)) {
      out.push(
        isObject(lr)
          ? logRecord(lr, context)
          : { ok: false, code: "unparseable", message: "a logRecords entry is not an object", item: lr },
      );
    }
  }
  return out;
}
