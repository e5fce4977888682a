// Builds the inference event of a request and its response (or of whichever half arrived alone).
import { utf8Bytes } from "../common/hashing.js";
import { asId, asObject, type JsonObject } from "../common/json-values.js";
import { compactPresent } from "../common/records.js";
import { elapsedMs, type Instant, parseInstant } from "../common/times.js";
import type { ParseContext } from "../types.js";
import { summarizeRequest, summarizeResponse } from "./bodies.js";
import type { Half } from "./halves.js";

/** W3C traceparent: `00-<32 hex trace id>-<16 hex span id>-<flags>`. */
function traceparent(v: string | undefined): { trace_id?: string; span_id?: string } {
  const m = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(v?.trim() ?? "");
  return m ? { trace_id: m[1], span_id: m[2] } : {};
}

/** Model name from the route: `/v2/models/<name>[/versions/<v>]/infer`, `/v1/models/<name>:predict`. */
function routeModel(path: string | undefined): { name?: string; version?: string } {
  const v2 = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?\/infer$/.exec(path ?? "");
  if (v2) return { name: v2[1], ...(v2[2] === undefined ? {} : { version: v2[2] }) };
  const v1 = /^\/v1\/models\/([^/:]+):(predict|explain)$/.exec(path ?? "");
  return v1 ? { name: v1[1] } : {};
}

/** The request id that pairs the two halves: Seldon's `requestid` (its two events have different ids), else `id`. */
export function pairKey(h: Half): string | undefined {
  if (h.vendor === "seldon" && h.attrs.requestid !== undefined) return `seldon:${h.attrs.requestid}`;
  if (h.attrs.id !== undefined && h.attrs.id !== "") return `ce:${h.attrs.id}`;
  // V2 bodies carry an `id` the response repeats: the pairing key when no CloudEvent id is there.
  const bodyId = asId(asObject(h.body)?.id);
  return bodyId === undefined ? undefined : `body:${bodyId}`;
}

function bodySize(h: Half): number | undefined {
  if (h.bodyBytes !== undefined) return h.bodyBytes;
  // Without the header, the compact JSON size: pretty-printed dumps would otherwise count their indentation.
  return h.body === undefined ? undefined : utf8Bytes(JSON.stringify(h.body));
}

/** The raw text of the event: both halves in input order, once when they came in the same block. */
export function joinedRaw(req: Half | undefined, res: Half | undefined): { line: number; raw: string } {
  const halves = [req, res].filter((h): h is Half => h !== undefined).sort((a, b) => a.line - b.line);
  const first = halves[0] as Half;
  const second = halves[1];
  if (!second || (second.line === first.line && second.raw === first.raw)) return { line: first.line, raw: first.raw };
  return { line: first.line, raw: `${first.raw}\n${second.raw}` };
}

/** The event of an exchange; the `unpaired` attribute names the half that arrived alone. */
export function inferenceRecord(req: Half | undefined, res: Half | undefined, ctx: ParseContext): JsonObject {
  const attr = (k: string): string | undefined => req?.attrs[k] ?? res?.attrs[k];
  const vendor = req?.vendor ?? res?.vendor;
  const reqTime: Instant | undefined = req ? parseInstant(req.attrs.time, ctx.timeZone) : undefined;
  const resTime: Instant | undefined = res ? parseInstant(res.attrs.time, ctx.timeZone) : undefined;
  const time = reqTime ?? resTime;
  const reqSummary = req?.body !== undefined ? summarizeRequest(req.body) : undefined;
  const resSummary = res?.body !== undefined ? summarizeResponse(res.body) : undefined;
  const route = routeModel(req?.httpPath);
  const prediction = resSummary?.prediction;
  const endpoint = attr("endpoint");
  const isvc = attr("inferenceservicename") ?? attr("inferenceservice");
  const failed = resSummary?.error !== undefined || (res?.httpStatus !== undefined && res.httpStatus >= 400);
  const model =
    vendor === "seldon"
      ? (attr("modelid") ?? req?.headers["model-id"] ?? res?.headers["model-id"] ?? isvc)
      : (isvc ?? resSummary?.modelName ?? route.name);
  const record: JsonObject = {
    timestamp: time ? time.ms : ctx.referenceTime,
    event_kind: "inference",
    event_action: "predict",
    outcome: res ? (failed ? "failure" : "success") : "unknown",
    ...compactPresent({
      timestamp_source: time ? undefined : "reference_time",
      // A `time` that does not parse is kept for forensics; the event still counts, at the input's reference time.
      unparsed_time: time ? undefined : (req?.attrs.time ?? res?.attrs.time),
      severity: failed ? "error" : undefined,
      model_name: model,
      model_version: resSummary?.modelVersion ?? route.version,
      served_model_name: resSummary?.modelName !== model ? resSummary?.modelName : undefined,
      seldon_deployment: vendor === "seldon" ? isvc : undefined,
      k8s_namespace: attr("namespace"),
      endpoint: endpoint || req?.httpPath,
      // KServe's logger sets `endpoint` to the predictor that served: `default` or `canary`.
      deployment_group: endpoint,
      component: attr("component"),
      request_id:
        (vendor === "seldon" ? attr("requestid") : undefined) ?? attr("id") ?? reqSummary?.id ?? resSummary?.id,
      ...traceparent(req?.attrs.traceparent ?? req?.headers.traceparent ?? res?.attrs.traceparent),
      latency_ms: elapsedMs(reqTime, resTime),
      http_status_code: res?.httpStatus,
      error_type: resSummary?.error === undefined ? undefined : "model_error",
      message: resSummary?.error,
      input_shape: reqSummary?.inputShape,
      input_size_bytes: req ? bodySize(req) : undefined,
      input_hash: reqSummary?.inputHash,
      batch_size: reqSummary?.batchSize,
      protocol: reqSummary?.protocol ?? resSummary?.protocol,
      prediction_label: prediction?.label,
      confidence: prediction?.confidence,
      prediction_value: prediction?.value,
      output_summary: prediction && Object.keys(prediction.summary).length > 0 ? prediction.summary : undefined,
      ce_source: attr("source"),
      ce_specversion: attr("specversion"),
      unpaired: req && !res ? "request" : res && !req ? "response" : undefined,
    }),
  };
  return record;
}
