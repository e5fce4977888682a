// Alertmanager webhook payloads → alert records: label mapping, time choice, and refusals that name the problem.
import assert from "node:assert/strict";
import { test } from "node:test";
import { webhookItems } from "./webhook.js";

const payload = (alerts: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: "4",
    groupKey: '{}:{alertname="GPUMemoryHigh"}',
    truncatedAlerts: 0,
    status: "firing",
    receiver: "inferwatch",
    groupLabels: { alertname: "GPUMemoryHigh" },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://am:9093",
    alerts,
    ...extra,
  });

const alert = {
  status: "firing",
  labels: { alertname: "GPUMemoryHigh", severity: "warning", pod: "triton-0", container: "triton", model: "bert" },
  annotations: { description: "memory high" },
  startsAt: "2026-11-22T10:00:00Z",
  endsAt: "0001-01-01T00:00:00Z",
  generatorURL: "http://prom/graph",
  fingerprint: "c0ffee",
};

test("a firing alert maps labels to columns and keeps everything else under attributes.alert", () => {
  const r = webhookItems(payload([alert]));
  assert.ok("items" in r);
  const v = r.items[0]?.value as Record<string, unknown>;
  assert.equal(r.items[0]?.format, "alertmanager");
  assert.equal(v.timestamp, "2026-11-22T10:00:00Z");
  assert.equal(v.event_kind, "alert");
  assert.equal(v.event_action, "alert_firing");
  assert.equal(v.severity, "warn");
  assert.equal(v.message, "memory high");
  assert.equal(v.k8s_pod, "triton-0");
  assert.equal(v.container_name, "triton");
  assert.equal(v.model_name, "bert");
  const a = (v.attributes as { alert: Record<string, unknown> }).alert;
  assert.equal(a.fingerprint, "c0ffee");
  assert.equal(a.ends_at, undefined);
  assert.equal(a.receiver, "inferwatch");
  assert.deepEqual(a.group_labels, { alertname: "GPUMemoryHigh" });
});

test("a resolved alert is stamped with its end; an unknown severity label is left out of the column", () => {
  const r = webhookItems(
    payload([
      {
        ...alert,
        status: "resolved",
        endsAt: "2026-11-22T10:05:00Z",
        labels: { alertname: "X", severity: "p3" },
        annotations: {},
      },
    ]),
  );
  assert.ok("items" in r);
  const v = r.items[0]?.value as Record<string, unknown>;
  assert.equal(v.timestamp, "2026-11-22T10:05:00Z");
  assert.equal(v.event_action, "alert_resolved");
  assert.equal(v.severity, undefined);
  assert.equal(v.message, "X is resolved");
});

test("refusals name the problem", () => {
  const cases: [string, RegExp][] = [
    ["not json", /not JSON/],
    ["[]", /JSON object/],
    [payload([alert], { version: "3" }), /version "3"/],
    [payload([alert], { alerts: {} }), /'alerts' must be an array/],
    [payload([{ ...alert, status: "pending" }]), /alerts\[0\]\.status/],
    [payload([{ ...alert, labels: { a: 1 } }]), /alerts\[0\]: labels/],
    [payload([alert, { ...alert, startsAt: 5 }]), /alerts\[1\]\.startsAt/],
  ];
  for (const [body, message] of cases) {
    const r = webhookItems(body);
    assert.ok("error" in r, body);
    assert.match(r.error, message);
  }
});
