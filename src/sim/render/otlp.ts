// OTLP/JSON traces of the API gateway: one resourceSpans document per request span, attributes in OTel names.
import type { SimEvent } from "../events.js";
import { nanos } from "./time.js";

/** Span attribute name for each normalized column the gateway sets (OTel/ECS names the parser maps back). */
const ATTRIBUTE: readonly (readonly [string, string])[] = Object.entries({
  endpoint: "url.path",
  client_ip: "client.address",
  user_id: "user.id",
  auth_token_id: "user.token.id",
  model_name: "ml.model.name",
  model_version: "ml.model.version",
  error_type: "error.type",
  input_size_bytes: "http.request.body.bytes",
  input_shape: "input_shape",
  input_hash: "input_hash",
  prediction_label: "prediction_label",
  confidence: "confidence",
});

/** Strings that need no JSON escaping (ids, paths, names): written as they are, skipping JSON.stringify. */
const PLAIN = /^[\w .:/@{}|+-]*$/;

function attribute(key: string, v: string | number): string {
  if (typeof v === "string") {
    return `{"key":"${key}","value":{"stringValue":${PLAIN.test(v) ? `"${v}"` : JSON.stringify(v)}}}`;
  }
  return Number.isInteger(v) && key !== "confidence"
    ? `{"key":"${key}","value":{"intValue":"${v}"}}`
    : `{"key":"${key}","value":{"doubleValue":${v}}}`;
}

export function renderOtlp(e: SimEvent): string {
  const f = e.f;
  const attrs = [`{"key":"http.request.method","value":{"stringValue":"POST"}}`];
  const status = Number(f.http_status_code);
  attrs.push(`{"key":"http.response.status_code","value":{"intValue":"${status}"}}`);
  for (const [col, key] of ATTRIBUTE) {
    const v = f[col];
    if (v !== undefined) attrs.push(attribute(key, v));
  }
  const spanStatus =
    f.outcome === "failure" ? `{"code":2,"message":${JSON.stringify(f.message ?? "error")}}` : `{"code":1}`;
  return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api-gateway"}},{"key":"k8s.namespace.name","value":{"stringValue":"${f.k8s_namespace}"}}]},"scopeSpans":[{"scope":{"name":"envoy-gateway"},"spans":[{"traceId":"${f.trace_id}","spanId":"${f.span_id}","name":${JSON.stringify(e.x.spanName)},"kind":2,"startTimeUnixNano":"${nanos(e.t)}","endTimeUnixNano":"${nanos(e.t + Number(f.latency_ms))}","attributes":[${attrs.join(",")}],"status":${spanStatus}}]}]}]}`;
}
