// Triton log messages that mean more than their text: model lifecycle, endpoints, requests, status tables.
import { firstMatch, type MessageRule, modelEvent } from "../common/message-rules.js";
import { clip } from "../common/records.js";
import type { BoxTable } from "./table.js";

const RULES: readonly MessageRule[] = [
  [/^successfully loaded '([^']+)'(?: version (\d+))?/, modelEvent("model_loaded", "success")],
  [/^successfully unloaded '([^']+)'(?: version (\d+))?/, modelEvent("model_unloaded", "success")],
  [/^loading: ([^:\s]+):(\d+)$/, modelEvent("model_loading")],
  [/^unloading: ([^:\s]+):(\d+)$/, modelEvent("model_unloading")],
  [/^AsyncLoad\(\) '([^']+)'/, modelEvent("model_load_requested")],
  [/^AsyncUnload\(\) '([^']+)'/, modelEvent("model_unload_requested")],
  [
    /^failed to load '([^']+)'(?: version (\d+))?: (.*)/s,
    (m) => ({
      event_kind: "deploy",
      event_action: "model_load_failed",
      outcome: "failure",
      model_name: m[1],
      model_version: m[2],
      error_message: clip(m[3] ?? ""),
      error_type: "model_load_error",
    }),
  ],
  [
    /^Started (\w+(?: \w+)*?) at (\S+)$/,
    (m) => ({ event_kind: "infra", event_action: "service_started", service: m[1], listen_address: m[2] }),
  ],
];

const REQUEST_ID = /\[request id: ([^\]]+)\]/;
// With --log-verbose, the HTTP endpoint logs each request as `HTTP request: <evhtp method number> <path>`.
const HTTP_REQUEST = /^HTTP request: (\d+) (\S+)/;
const EVHTP_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"];
const V2_MODEL = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(\w+))?/;

function httpRequestFields(m: RegExpExecArray): Record<string, unknown> {
  const path = (m[2] ?? "").replace(/[?#].*$/, "");
  const route = V2_MODEL.exec(path);
  const infer = route?.[3] === "infer" || route?.[3] === "generate" || route?.[3] === "generate_stream";
  return {
    event_kind: infer ? "inference" : "log",
    event_action: infer ? route?.[3] : "http_request",
    http_method: EVHTP_METHODS[Number(m[1])],
    endpoint: path,
    model_name: route?.[1],
    model_version: route?.[2],
  };
}

/** Fields a message carries: lifecycle event, or request id and failure of an inference request. */
export function tritonMessageFields(message: string): Record<string, unknown> {
  const fields = firstMatch(RULES, message);
  if (fields) return fields;
  const h = HTTP_REQUEST.exec(message);
  if (h) return httpRequestFields(h);
  const r = REQUEST_ID.exec(message);
  if (r) {
    const id = r[1] === "<id_unknown>" ? undefined : r[1];
    const failed = /\bfailed\b/i.test(message);
    return {
      request_id: id,
      ...(failed
        ? { event_kind: "inference", event_action: "infer", outcome: "failure", error_type: "infer_failed" }
        : {}),
    };
  }
  return {};
}

/** A `Model | Version | Status` table → one deploy event listing each model's state. */
export function modelTableFields(table: BoxTable): Record<string, unknown> {
  if (!table.columns.includes("Model") || !table.columns.includes("Status")) return {};
  const models = table.rows.map((r) => ({ model: r.Model, version: r.Version, status: r.Status }));
  const failed = models.some((m) => !(m.status ?? "").startsWith("READY"));
  const only = models.length === 1 ? models[0] : undefined;
  return {
    event_kind: "deploy",
    event_action: "model_status",
    outcome: failed ? "failure" : "success",
    model_name: only?.model,
    model_version: only?.version,
    models,
  };
}
