// `k8s-deploy-events`: Kubernetes Events about deploys: Argo Rollouts (Rollout, AnalysisRun) and Deployment scaling.
import { parseTimestamp } from "../../core/time.js";
import { objectDocumentSession } from "../common/document-session.js";
import type { JsonDocument } from "../common/json-documents.js";
import { asNumber, asText, isObject, type JsonObject } from "../common/json-values.js";
import { compact, snakeCase } from "../common/records.js";
import type { Format, ParsedRecord } from "../types.js";
import { messageFacts } from "./rollout-messages.js";

/** Objects whose events are deploy steps; other events belong to the general Kubernetes events format. */
const DEPLOY_KINDS = new Set(["Rollout", "AnalysisRun", "Experiment", "Deployment"]);

const FAILURE_REASONS = new Set([
  "RolloutAborted",
  "ProgressDeadlineExceeded",
  "InvalidSpec",
  "ReplicaSetCreateError",
  "TargetGroupUnverified",
  "LoadBalancerNotFound",
  "ServiceReferenceError",
]);
const SUCCESS_REASONS = new Set([
  "RolloutCompleted",
  "RolloutStepCompleted",
  "RolloutHealthy",
  "NewReplicaSetAvailable",
]);

function outcomeOf(reason: string): "success" | "failure" | "unknown" {
  if (FAILURE_REASONS.has(reason) || /(?:Error|Failed|Aborted)$/.test(reason)) return "failure";
  if (SUCCESS_REASONS.has(reason) || /(?:Successful|Verified)$/.test(reason)) return "success";
  return "unknown";
}

// One Event object on one line (event exporters, `kubectl get events -w -o json | jq -c`). A pretty-printed
// Event's lines look like any other Kubernetes JSON, so it needs `format=k8s-deploy-events`.
function detect(line: string): boolean {
  const t = line.trim();
  return (
    t.startsWith("{") &&
    t.endsWith("}") &&
    /"involvedObject"\s*:/.test(t) &&
    (/"kind"\s*:\s*"(?:Rollout|AnalysisRun|Experiment)"/.test(t) || /"reason"\s*:\s*"ScalingReplicaSet"/.test(t))
  );
}

type Built =
  | { ok: true; record: Record<string, unknown> }
  | { ok: false; code: "unparseable" | "invalid_timestamp"; message: string };

function eventRecord(ev: JsonObject): Built {
  const obj = isObject(ev.involvedObject) ? ev.involvedObject : undefined;
  const reason = asText(ev.reason);
  if (!obj || !reason)
    return { ok: false, code: "unparseable", message: "not a Kubernetes Event (no involvedObject and reason)" };
  const kind = asText(obj.kind) ?? "?";
  if (!DEPLOY_KINDS.has(kind)) {
    return {
      ok: false,
      code: "unparseable",
      message: `not a deploy event (involvedObject kind ${kind}, reason ${reason})`,
    };
  }
  const meta = isObject(ev.metadata) ? ev.metadata : {};
  const source = isObject(ev.source) ? ev.source : {};
  // lastTimestamp is the latest occurrence of a repeated event; events.k8s.io writers fill eventTime instead.
  const when = [ev.lastTimestamp, ev.eventTime, ev.firstTimestamp, meta.creationTimestamp].find(
    (v) => v !== undefined && v !== null && v !== "",
  );
  if (when === undefined) return { ok: false, code: "invalid_timestamp", message: "the Event has no timestamp" };
  const time = parseTimestamp(when);
  if (!time.ok) return { ok: false, code: "invalid_timestamp", message: `Event time ${time.message}` };
  const message = asText(ev.message) ?? "";
  const name = asText(obj.name);
  return {
    ok: true,
    record: compact({
      timestamp: time.ms,
      event_kind: "deploy",
      event_action: snakeCase(reason),
      outcome: outcomeOf(reason),
      severity: asText(ev.type) === "Warning" ? "warn" : "info",
      message,
      k8s_namespace: asText(obj.namespace) ?? asText(meta.namespace),
      host_name: asText(source.host),
      k8s_reason: reason,
      k8s_event_type: asText(ev.type),
      object_kind: kind,
      object_name: name,
      rollout: kind === "Rollout" ? name : undefined,
      deployment: kind === "Deployment" ? name : undefined,
      reporting_component: asText(source.component) ?? asText(ev.reportingComponent),
      count: asNumber(ev.count),
      event_name: asText(meta.name),
      ...messageFacts(message),
    }),
  };
}

function documentRecords(doc: JsonObject, d: JsonDocument): ParsedRecord[] {
  const events = Array.isArray(doc.items) ? doc.items : [doc];
  return events.map((ev) => {
    if (!isObject(ev))
      return {
        ok: false,
        line: d.line,
        raw: JSON.stringify(ev),
        code: "not_an_object",
        message: "an EventList item is not an object",
      };
    const built = eventRecord(ev);
    // Items of an EventList share the document's first line; each keeps its own JSON as raw text.
    const raw = events.length === 1 && ev === doc ? d.raw : JSON.stringify(ev);
    return built.ok ? { ok: true, line: d.line, raw, record: built.record } : { ...built, line: d.line, raw };
  });
}

export const k8sDeployEventsFormat: Format = {
  name: "k8s-deploy-events",
  description:
    "Kubernetes Events about deploys, as JSON (one per line, pretty-printed, or an EventList): Argo Rollouts " +
    "(RolloutUpdated, RolloutStepCompleted, RolloutPaused, RolloutAborted, RolloutCompleted, TrafficWeightUpdated, " +
    "AnalysisRun...) and Deployment ScalingReplicaSet, with canary weight, step, revision and replica counts.",
  examples: [
    '{"kind":"Event","apiVersion":"v1","metadata":{"name":"loan-model.1809a6b4c2d7e9f1","namespace":"ml-serving","creationTimestamp":"2026-11-22T10:02:31Z"},"involvedObject":{"kind":"Rollout","namespace":"ml-serving","name":"loan-model","uid":"5b0c3f2e-8a41-4d77-9a3e-2f6b1c0d9e8a","apiVersion":"argoproj.io/v1alpha1","resourceVersion":"884213"},"reason":"RolloutStepCompleted","message":"Rollout step 1/8 completed (setWeight: 10)","source":{"component":"rollouts-controller"},"firstTimestamp":"2026-11-22T10:02:31Z","lastTimestamp":"2026-11-22T10:02:31Z","count":1,"type":"Normal","eventTime":null,"reportingComponent":"rollouts-controller","reportingInstance":""}',
  ],
  detect,
  open: () => objectDocumentSession(documentRecords),
};
