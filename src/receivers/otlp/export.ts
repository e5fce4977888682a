// OTLP/HTTP export requests (JSON or protobuf) → ingest items, and the answers OTLP exporters expect back.
import { InferWatchError } from "../../core/errors.js";
import { otlpItems } from "../../parsers/otel/format.js";
import type { IngestItem } from "../../pipeline/body.js";
import { otlpRoot } from "./schema.js";

export type Signal = "logs" | "traces" | "metrics";
export type Encoding = "json" | "protobuf";

const SIGNALS: Record<Signal, { top: string; request: string; response: string; rejected: string }> = {
  logs: {
    top: "resourceLogs",
    request: "ExportLogsServiceRequest",
    response: "ExportLogsServiceResponse",
    rejected: "rejectedLogRecords",
  },
  traces: {
    top: "resourceSpans",
    request: "ExportTraceServiceRequest",
    response: "ExportTraceServiceResponse",
    rejected: "rejectedSpans",
  },
  metrics: {
    top: "resourceMetrics",
    request: "ExportMetricsServiceRequest",
    response: "ExportMetricsServiceResponse",
    rejected: "rejectedDataPoints",
  },
};

/** Source type of the events an OTLP receiver reads itself (log bodies another parser recognizes keep its name). */
export const OTLP_FORMAT = "otlp";

/** The encoding a Content-Type names, or null for one OTLP/HTTP does not define (answered with 415). */
export function encodingOf(contentType: string): Encoding | null {
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/** Decodes an export request into its OTLP/JSON shape (`{"resourceLogs": [...]}`). */
export function decodeExport(signal: Signal, encoding: Encoding, body: Buffer): Record<string, unknown> {
  const spec = SIGNALS[signal];
  let doc: unknown;
  if (encoding === "json") {
    try {
      doc = JSON.parse(body.toString("utf8"));
    } catch (e) {
      throw new InferWatchError("invalid_json", `body is not valid JSON: ${(e as Error).message}`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
      throw new InferWatchError("unparseable", `body must be an ${spec.request} JSON object`);
    }
  } else {
    const type = otlpRoot.lookupType(`otlp.${spec.request}`);
    try {
      // Longs as decimal strings and bytes as base64, as in OTLP/JSON (ids in base64 are read by the same mapping).
      doc = type.toObject(type.decode(body), { longs: String, bytes: String, enums: Number, defaults: false });
    } catch (e) {
      throw new InferWatchError("invalid_encoding", `body is not an OTLP ${spec.request}: ${(e as Error).message}`);
    }
  }
  const groups = (doc as Record<string, unknown>)[spec.top];
  if (groups !== undefined && !Array.isArray(groups)) {
    throw new InferWatchError("unparseable", `${spec.top} must be an array`);
  }
  return { [spec.top]: groups ?? [] };
}

function isPlainBody(item: unknown): item is { body: { stringValue: string } } {
  const body = (item as { body?: unknown } | null)?.body;
  return (
    body !== null &&
    typeof body === "object" &&
    typeof (body as { stringValue?: unknown }).stringValue === "string" &&
    Object.keys(body).length === 1
  );
}

/**
 * One ingest item per log record, span or data point, read with the OTLP mapping of src/parsers/otel. A plain
 * (non-GenAI) log record whose body is a string is an envelope: the body is parsed as a log line (a TorchServe or
 * vLLM line shipped by the Collector's filelog receiver), the record's resource, trace context and attributes
 * fill in what the line does not say.
 */
export function exportItems(doc: Record<string, unknown>): IngestItem[] {
  const results = otlpItems(doc) ?? [];
  return results.map((r, i): IngestItem => {
    const line = i + 1;
    if (r.ok && r.record.event_kind === "log" && isPlainBody(r.item) && r.item.body.stringValue !== "") {
      const { message: _message, ...record } = r.record;
      return { line, text: r.item.body.stringValue, envelope: { format: OTLP_FORMAT, record } };
    }
    const result = r.ok
      ? { ok: true as const, record: r.record }
      : { ok: false as const, code: r.code, message: r.message };
    return { line, text: JSON.stringify(r.item) ?? "null", read: { format: OTLP_FORMAT, result } };
  });
}

/** The success answer: empty, or a partial success naming how many records were rejected and why. */
export function encodeResponse(
  signal: Signal,
  encoding: Encoding,
  rejected: number,
  errorMessage: string,
): Buffer | string {
  const spec = SIGNALS[signal];
  const body = rejected > 0 ? { partialSuccess: { [spec.rejected]: rejected, errorMessage } } : {};
  if (encoding === "json") {
    // proto3 JSON writes int64 as a string.
    return JSON.stringify(
      rejected > 0 ? { partialSuccess: { [spec.rejected]: String(rejected), errorMessage } } : body,
    );
  }
  const type = otlpRoot.lookupType(`otlp.${spec.response}`);
  return Buffer.from(type.encode(type.fromObject(body)).finish());
}

/** gRPC status codes OTLP/HTTP error bodies carry. */
export const RPC = { invalidArgument: 3, resourceExhausted: 8, unavailable: 14, unauthenticated: 16, internal: 13 };

/** An error answer: a google.rpc.Status in the request's encoding. */
export function encodeStatus(encoding: Encoding, code: number, message: string): Buffer | string {
  if (encoding === "json") return JSON.stringify({ code, message });
  const type = otlpRoot.lookupType("otlp.RpcStatus");
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}

/** Encodes an export request (for tests and benchmarks: the bytes an OTLP exporter sends). */
export function encodeExport(signal: Signal, doc: Record<string, unknown>): Buffer {
  const type = otlpRoot.lookupType(`otlp.${SIGNALS[signal].request}`);
  return Buffer.from(type.encode(type.fromObject(doc)).finish());
}
