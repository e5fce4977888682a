// Alertmanager webhook payloads (version 4) → alert events, with labels mapped to the columns inference telemetry
// also fills (host, namespace, pod, container, model), so an alert can be joined with the requests it concerns.
import type { IngestItem } from "../../pipeline/body.js";

export const ALERTMANAGER_FORMAT = "alertmanager";
/** Alerts per payload; Alertmanager's own `max_alerts` is usually far lower. */
const MAX_ALERTS = 10_000;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> | null {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== "string") return null;
    out[k] = s;
  }
  return out;
}

/** Severity label values in common use, mapped to the event model's severities. */
const SEVERITIES: Record<string, string> = {
  critical: "fatal",
  emergency: "fatal",
  page: "fatal",
  fatal: "fatal",
  error: "error",
  high: "error",
  major: "error",
  warning: "warn",
  warn: "warn",
  medium: "warn",
  minor: "warn",
  info: "info",
  informational: "info",
  low: "info",
  none: "info",
  debug: "debug",
};

/** Go's zero time, which Alertmanager sends as `endsAt` of an alert without an end. */
function isZeroTime(s: unknown): boolean {
  return typeof s !== "string" || s.startsWith("0001-01-01");
}

function first(map: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) if (map[k] !== undefined && map[k] !== "") return map[k];
  return undefined;
}

export type WebhookResult = { items: IngestItem[] } | { error: string };

/**
 * Validates a webhook body and turns each alert into an item carrying its record. A payload that is not version 4
 * or not shaped like one is refused as a whole with a message naming the problem.
 */
export function webhookItems(text: string): WebhookResult {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    return { error: `body is not JSON: ${(e as Error).message}` };
  }
  if (!isPlainObject(payload)) return { error: "body must be a JSON object (an Alertmanager webhook payload)" };
  if (payload.version !== "4") {
    return { error: `unsupported webhook version ${JSON.stringify(payload.version ?? null)}; expected "4"` };
  }
  const alerts = payload.alerts;
  if (!Array.isArray(alerts)) return { error: "'alerts' must be an array" };
  if (alerts.length > MAX_ALERTS) return { error: `more than ${MAX_ALERTS} alerts in one payload` };
  const groupLabels = stringMap(payload.groupLabels);
  const commonLabels = stringMap(payload.commonLabels);
  if (groupLabels === null || commonLabels === null)
    return { error: "'groupLabels' and 'commonLabels' must map names to strings" };
  const group = {
    receiver: typeof payload.receiver === "string" ? payload.receiver : undefined,
    group_key: typeof payload.groupKey === "string" ? payload.groupKey : undefined,
    group_labels: groupLabels,
    external_url: typeof payload.externalURL === "string" ? payload.externalURL : undefined,
    truncated_alerts: typeof payload.truncatedAlerts === "number" ? payload.truncatedAlerts : 0,
  };
  const items: IngestItem[] = [];
  for (const [i, alert] of alerts.entries()) {
    const where = `alerts[${i}]`;
    if (!isPlainObject(alert)) return { error: `${where} must be an object` };
    const labels = stringMap(alert.labels);
    const annotations = stringMap(alert.annotations);
    if (labels === null || annotations === null)
      return { error: `${where}: labels and annotations must map names to strings` };
    const status = alert.status;
    if (status !== "firing" && status !== "resolved") {
      return { error: `${where}.status must be "firing" or "resolved", got ${JSON.stringify(status ?? null)}` };
    }
    if (typeof alert.startsAt !== "string") return { error: `${where}.startsAt must be an RFC 3339 time` };
    const resolvedAt = status === "resolved" && !isZeroTime(alert.endsAt) ? (alert.endsAt as string) : undefined;
    const name = labels.alertname ?? "alert";
    const severity = SEVERITIES[(labels.severity ?? "").toLowerCase()];
    const record: Record<string, unknown> = {
      // A resolution happens when the alert ends; a firing alert when it starts.
      timestamp: resolvedAt ?? alert.startsAt,
      event_kind: "alert",
      event_action: `alert_${status}`,
      message: first(annotations, ["summary", "description", "message"]) ?? `${name} is ${status}`,
      ...(severity ? { severity } : {}),
      host_name: first(labels, ["host", "hostname", "node", "instance"]),
      k8s_namespace: first(labels, ["namespace", "kubernetes_namespace"]),
      k8s_pod: first(labels, ["pod", "pod_name", "kubernetes_pod_name"]),
      container_name: first(labels, ["container", "container_name"]),
      model_name: first(labels, ["model_name", "model"]),
      model_version: first(labels, ["model_version"]),
      endpoint: first(labels, ["endpoint"]),
      attributes: {
        alert: {
          name,
          status,
          fingerprint: typeof alert.fingerprint === "string" ? alert.fingerprint : undefined,
          starts_at: alert.startsAt,
          ends_at: isZeroTime(alert.endsAt) ? undefined : alert.endsAt,
          generator_url: typeof alert.generatorURL === "string" ? alert.generatorURL : undefined,
          labels,
          annotations,
          ...group,
        },
      },
    };
    items.push({ line: i + 1, text: JSON.stringify(alert), value: record, format: ALERTMANAGER_FORMAT });
  }
  return { items };
}
