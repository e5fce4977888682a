// OTLP spans (resourceSpans[].scopeSpans[].spans[]) → one record per span: latency, ids, status, GenAI columns.
import type { ItemResult } from "../common/document-items.js";
import { isObject } from "../common/json-values.js";
import { idToHex, keyValues, nanosDiffMs, nanosToMs } from "./any-value.js";
import { placeAttributes } from "./columns.js";
import { applyGenAi, type GenAiEvent, isGenAi } from "./genai.js";
import { arrayOf, contextAttributes, enumNumber, scopeGroups } from "./items.js";

const SPAN_KINDS = [
  "SPAN_KIND_UNSPECIFIED",
  "SPAN_KIND_INTERNAL",
  "SPAN_KIND_SERVER",
  "SPAN_KIND_CLIENT",
  "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
];
const STATUS_CODES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

interface SpanEvent extends GenAiEvent {
  readonly timestamp: number | null;
}

function spanEvents(list: unknown): SpanEvent[] {
  return arrayOf(list)
    .filter(isObject)
    .map((e) => ({
      name: typeof e.name === "string" ? e.name : "",
      timestamp: nanosToMs(e.timeUnixNano),
      attributes: keyValues(e.attributes),
    }));
}

/** Status → outcome; OTel's "unset" means the instrumentation did not judge, so the outcome is unknown. */
function applyStatus(record: Record<string, unknown>, attrs: Record<string, unknown>, status: unknown): boolean {
  const s = isObject(status) ? status : {};
  const code = enumNumber(s.code, STATUS_CODES) ?? 0;
  record.outcome = code === 1 ? "success" : code === 2 ? "failure" : "unknown";
  if (typeof s.message === "string" && s.message !== "") {
    record.message = s.message;
    attrs["otel.status_description"] = s.message;
  }
  return code === 2;
}

function span(sp: Record<string, unknown>, context: Record<string, unknown>): ItemResult {
  const timestamp = nanosToMs(sp.startTimeUnixNano) ?? nanosToMs(sp.endTimeUnixNano);
  if (timestamp === null) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: "span has no startTimeUnixNano (nanosecond epoch string)",
      item: sp,
    };
  }
  const attrs: Record<string, unknown> = { ...context, ...keyValues(sp.attributes) };
  const record: Record<string, unknown> = { timestamp };
  const latency = nanosDiffMs(sp.startTimeUnixNano, sp.endTimeUnixNano);
  if (latency !== null) record.latency_ms = latency;
  const traceId = idToHex(sp.traceId, 16);
  if (traceId) record.trace_id = traceId;
  const spanId = idToHex(sp.spanId, 8);
  if (spanId) record.span_id = spanId;
  const parent = idToHex(sp.parentSpanId, 8);
  if (parent) attrs.parent_span_id = parent;
  const name = typeof sp.name === "string" ? sp.name : "";
  if (name !== "") attrs.span_name = name;
  const kind = enumNumber(sp.kind, SPAN_KINDS);
  if (kind !== null && kind > 0 && kind < SPAN_KINDS.length) {
    attrs.span_kind = (SPAN_KINDS[kind] as string).slice("SPAN_KIND_".length).toLowerCase();
  }
  if (typeof sp.traceState === "string" && sp.traceState !== "") attrs.trace_state = sp.traceState;
  const failed = applyStatus(record, attrs, sp.status);
  if (failed) record.severity = "error";

  const events = spanEvents(sp.events);
  let used = new Set<number>();
  if (isGenAi(attrs, events)) {
    record.event_kind = "llm";
    used = applyGenAi(record, attrs, events);
  } else {
    record.event_kind = "log";
  }
  // The operation name (GenAI) is the better action; the span name often embeds the model or a path.
  if (record.event_action === undefined && name !== "") record.event_action = name;
  const exception = events.find((e) => e.name === "exception");
  const rest = events.filter((_, i) => !used.has(i));
  if (rest.length > 0) {
    attrs.span_events = rest.map((e) => ({ name: e.name, timestamp: e.timestamp, attributes: e.attributes }));
  }
  const links = arrayOf(sp.links)
    .filter(isObject)
    .map((l) => ({ trace_id: idToHex(l.traceId, 16), span_id: idToHex(l.spanId, 8) }));
  if (links.length > 0) attrs.span_links = links;
  placeAttributes(record, attrs);
  // A span that names the model it served (`ml.model.name` and the other aliases of model_name) is an inference
  // request, as a model server's or gateway's access log line would be; detection routes on that kind.
  if (record.event_kind === "log" && typeof record.model_name === "string" && record.model_name !== "") {
    record.event_kind = "inference";
  }
  // Without an `error.type` attribute, a failed span's recorded exception names the error.
  if (failed && exception) {
    const type = exception.attributes["exception.type"];
    if (record.error_type === undefined && typeof type === "string" && type !== "") record.error_type = type;
    const msg = exception.attributes["exception.message"];
    if (record.message === undefined && typeof msg === "string" && msg !== "") record.message = msg;
  }
  return { ok: true, record, item: sp };
}

/** Every span of one ResourceSpans group. */
export function resourceSpans(group: Record<string, unknown>): ItemResult[] {
  const out: ItemResult[] = [];
  for (const { scope, group: scopeSpans } of scopeGroups(group, "scopeSpans", "instrumentationLibrarySpans")) {
    const context = contextAttributes(group.resource, scope);
    for (const sp of arrayOf(scopeSpans.spans)) {
      out.push(
        isObject(sp)
          ? span(sp, context)
          : { ok: false, code: "unparseable", message: "a spans entry is not an object", item: sp },
      );
    }
  }
  return out;
}
