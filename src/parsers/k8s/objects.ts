// Kubernetes API objects → `infra` records: Events (core/v1 and events.k8s.io/v1), lists, watch events, and pod
// status (terminated / waiting containers: OOMKilled, CrashLoopBackOff, ...).

import { parseTimestamp } from "../../core/time.js";
import type { ItemResult } from "../common/document-items.js";
import { asText, isObject } from "../common/json-values.js";

/** What one Kubernetes object (or container status) turns into. */
export type ObjectResult = ItemResult;

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return isObject(v) ? v : {};
}

/** First of the values that parses as a time, with the field it came from. */
function firstTime(candidates: readonly [string, unknown][]): { ms: number; from: string } | null {
  for (const [from, v] of candidates) {
    if (v === null || v === undefined || v === "") continue;
    const t = parseTimestamp(v);
    if (t.ok) return { ms: t.ms, from };
  }
  return null;
}

/** `spec.containers{web}` → `web`: the container an event is about. */
function containerFromFieldPath(fieldPath: unknown): string | undefined {
  if (typeof fieldPath !== "string") return undefined;
  return /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}/.exec(fieldPath)?.[1];
}

function setIf(record: Obj, key: string, v: unknown): void {
  if (v !== undefined && v !== null && v !== "") record[key] = v;
}

/** An Event of core/v1 or events.k8s.io/v1 (whose fields are `regarding`, `note`, `deprecated*`, `series`). */
export function eventRecord(ev: Obj): ObjectResult {
  const meta = obj(ev.metadata);
  const series = obj(ev.series);
  // The latest occurrence first: `count` and `lastTimestamp` describe the same repeat.
  const time = firstTime([
    ["lastTimestamp", ev.lastTimestamp],
    ["deprecatedLastTimestamp", ev.deprecatedLastTimestamp],
    ["series.lastObservedTime", series.lastObservedTime],
    ["eventTime", ev.eventTime],
    ["firstTimestamp", ev.firstTimestamp],
    ["deprecatedFirstTimestamp", ev.deprecatedFirstTimestamp],
    ["metadata.creationTimestamp", meta.creationTimestamp],
  ]);
  if (time === null) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: "Event has none of lastTimestamp, eventTime, firstTimestamp, metadata.creationTimestamp",
      item: ev,
    };
  }
  const involved = obj(ev.involvedObject ?? ev.regarding);
  const source = obj(ev.source ?? ev.deprecatedSource);
  const type = asText(ev.type);
  const record: Obj = { timestamp: time.ms, event_kind: "infra", event_action: asText(ev.reason) ?? "k8s_event" };
  if (type === "Warning") {
    record.severity = "warn";
    record.outcome = "failure";
  } else if (type === "Normal") {
    record.severity = "info";
  }
  setIf(record, "message", asText(ev.message) ?? asText(ev.note));
  setIf(record, "k8s_namespace", asText(involved.namespace) ?? asText(meta.namespace));
  const kind = asText(involved.kind);
  if (kind === "Pod") setIf(record, "k8s_pod", asText(involved.name));
  setIf(record, "container_name", containerFromFieldPath(involved.fieldPath));
  setIf(record, "host_name", asText(source.host) ?? (kind === "Node" ? asText(involved.name) : undefined));
  setIf(record, "k8s_event_type", type);
  setIf(record, "count", typeof ev.count === "number" ? ev.count : series.count);
  setIf(record, "involved_kind", kind);
  if (kind !== "Pod") setIf(record, "involved_name", asText(involved.name));
  setIf(record, "involved_uid", asText(involved.uid));
  setIf(record, "involved_field_path", asText(involved.fieldPath));
  setIf(
    record,
    "source_component",
    asText(source.component) ?? asText(ev.reportingController) ?? asText(ev.reportingComponent),
  );
  setIf(record, "reporting_instance", asText(ev.reportingInstance));
  setIf(record, "k8s_event_action", asText(ev.action));
  setIf(record, "k8s_event_name", asText(meta.name));
  setIf(record, "k8s_event_uid", asText(meta.uid));
  record.timestamp_source = time.from;
  return { ok: true, record, item: ev };
}

/** Waiting reasons that are just a container starting, not a problem. */
const BENIGN_WAITING = new Set(["ContainerCreating", "PodInitializing"]);

interface PodIdentity {
  readonly pod?: string;
  readonly namespace?: string;
  readonly node?: string;
}

/** The notable states of one container status: a terminated (now or last) or problem-waiting container. */
function containerStatusRecords(cs: Obj, who: PodIdentity, referenceTime: number, item: unknown): ObjectResult[] {
  const out: ObjectResult[] = [];
  const base = (): Obj => {
    const r: Obj = { event_kind: "infra" };
    setIf(r, "k8s_pod", who.pod);
    setIf(r, "k8s_namespace", who.namespace);
    setIf(r, "host_name", who.node);
    setIf(r, "container_name", asText(cs.name));
    setIf(r, "restart_count", typeof cs.restartCount === "number" ? cs.restartCount : undefined);
    return r;
  };
  for (const which of ["lastState", "state"] as const) {
    const state = obj(cs[which]);
    const terminated = obj(state.terminated);
    if (Object.keys(terminated).length > 0) {
      const exitCode = typeof terminated.exitCode === "number" ? terminated.exitCode : undefined;
      const reason = asText(terminated.reason);
      const failed = reason !== "Completed" || (exitCode !== undefined && exitCode !== 0);
      const time = firstTime([
        ["finishedAt", terminated.finishedAt],
        ["startedAt", terminated.startedAt],
      ]);
      const r = base();
      r.timestamp = time?.ms ?? referenceTime;
      r.event_action = reason ?? "Terminated";
      r.severity = failed ? "error" : "info";
      r.outcome = failed ? "failure" : "success";
      setIf(r, "message", asText(terminated.message));
      setIf(r, "exit_code", exitCode);
      setIf(r, "signal", terminated.signal);
      setIf(r, "container_id", asText(terminated.containerID));
      setIf(r, "started_at", asText(terminated.startedAt));
      setIf(r, "finished_at", asText(terminated.finishedAt));
      r.status_field = `${which}.terminated`;
      r.timestamp_source = time?.from ?? "reference_time";
      out.push({ ok: true, record: r, item });
    }
    const waiting = obj(state.waiting);
    const waitingReason = asText(waiting.reason);
    if (which === "state" && waitingReason !== undefined && !BENIGN_WAITING.has(waitingReason)) {
      const r = base();
      // A waiting state carries no time of its own: the status was observed around the input's time.
      r.timestamp = referenceTime;
      r.event_action = waitingReason;
      r.severity = "warn";
      r.outcome = "failure";
      setIf(r, "message", asText(waiting.message));
      r.status_field = "state.waiting";
      r.timestamp_source = "reference_time";
      out.push({ ok: true, record: r, item });
    }
  }
  return out;
}

/** Records of a pod's status: each notable container state, the pod's own failure reason, else its phase. */
export function podRecords(pod: Obj, referenceTime: number): ObjectResult[] {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const who: PodIdentity = { pod: asText(meta.name), namespace: asText(meta.namespace), node: asText(spec.nodeName) };
  const out: ObjectResult[] = [];
  for (const key of ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"]) {
    const list = status[key];
    if (!Array.isArray(list)) continue;
    for (const cs of list) if (isObject(cs)) out.push(...containerStatusRecords(cs, who, referenceTime, pod));
  }
  const reason = asText(status.reason);
  if (out.length > 0 && reason === undefined) return out;
  const r: Obj = { timestamp: referenceTime, event_kind: "infra", event_action: reason ?? "pod_status" };
  setIf(r, "k8s_pod", who.pod);
  setIf(r, "k8s_namespace", who.namespace);
  setIf(r, "host_name", who.node);
  setIf(r, "message", asText(status.message));
  setIf(r, "pod_phase", asText(status.phase));
  if (reason !== undefined) {
    r.severity = "warn";
    r.outcome = "failure";
  }
  r.timestamp_source = "reference_time";
  return [...out, { ok: true, record: r, item: pod }];
}

/**
 * Records of any Kubernetes document: Event, EventList/List/PodList (`items`), watch event (`{type, object}`),
 * Pod, or a bare pod/container status fragment (`containerStatuses`, `lastState`, `state`), as docs quote them.
 */
export function k8sObjectRecords(doc: unknown, referenceTime: number): ObjectResult[] {
  if (Array.isArray(doc)) return doc.flatMap((d) => k8sObjectRecords(d, referenceTime));
  if (!isObject(doc)) {
    return [{ ok: false, code: "unparseable", message: "not a Kubernetes object (expected a mapping)", item: doc }];
  }
  const kind = asText(doc.kind);
  if (kind === "Event") return [eventRecord(doc)];
  if (Array.isArray(doc.items) && (kind === undefined || kind.endsWith("List"))) {
    return doc.items.flatMap((d) => k8sObjectRecords(d, referenceTime));
  }
  if (typeof doc.type === "string" && "object" in doc && Object.keys(doc).length <= 2)
    return watchRecords(doc, referenceTime);
  if (kind === "Pod") return podRecords(doc, referenceTime);
  if (kind === undefined) {
    if (isObject(doc.status) && Array.isArray(obj(doc.status).containerStatuses)) return podRecords(doc, referenceTime);
    if (Array.isArray(doc.containerStatuses)) return podRecords({ status: doc }, referenceTime);
    if (isObject(doc.lastState) || isObject(doc.state)) {
      const found = containerStatusRecords(doc, {}, referenceTime, doc);
      if (found.length > 0) return found;
    }
    // An Event without its `kind` (some shippers strip it) still has these.
    if ((isObject(doc.involvedObject) || isObject(doc.regarding)) && typeof doc.reason === "string")
      return [eventRecord(doc)];
  }
  return [
    {
      ok: false,
      code: "unparseable",
      message: `a Kubernetes ${kind ?? "document"} with no Event or pod status in it`,
      item: doc,
    },
  ];
}

/** A watch stream line. BOOKMARKs only carry a resourceVersion: they are progress markers, not events. */
function watchRecords(w: Obj, referenceTime: number): ObjectResult[] {
  const type = w.type as string;
  if (type === "BOOKMARK") return [];
  const object = obj(w.object);
  if (type === "ERROR") {
    const record: Obj = {
      timestamp: referenceTime,
      event_kind: "infra",
      event_action: "watch_error",
      severity: "error",
      outcome: "failure",
    };
    setIf(record, "message", asText(object.message));
    const code = object.code;
    if (typeof code === "number" && code >= 100 && code <= 599) record.http_status_code = code;
    setIf(record, "error_type", asText(object.reason));
    return [{ ok: true, record, item: w }];
  }
  return k8sObjectRecords(object, referenceTime).map((r) =>
    r.ok ? { ...r, record: { ...r.record, watch_type: type } } : r,
  );
}
