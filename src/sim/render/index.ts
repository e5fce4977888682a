// Renders a simulated event as a line (or lines) of its real format, or as a normalized JSON event.
import type { SimEvent, SimFormat } from "../events.js";
import { renderAuth0 } from "./auth0.js";
import { renderEvidently } from "./evidently.js";
import { renderK8sEvent } from "./k8s.js";
import { renderKserve } from "./kserve.js";
import { renderLitellm } from "./litellm.js";
import { renderOtlp } from "./otlp.js";
import { renderPipelineJob } from "./pipeline-job.js";
import { renderPrometheus } from "./prometheus.js";
import { iso } from "./time.js";
import { renderTorchserve } from "./torchserve.js";
import { renderTriton } from "./triton.js";
import { renderVllm } from "./vllm.js";

const RENDERERS: Record<SimFormat, (e: SimEvent) => string> = {
  "kserve-payload": renderKserve,
  torchserve: renderTorchserve,
  "otlp-json": renderOtlp,
  litellm: renderLitellm,
  vllm: renderVllm,
  auth0: renderAuth0,
  "k8s-events": renderK8sEvent,
  "k8s-deploy-events": renderK8sEvent,
  evidently: renderEvidently,
  "pipeline-job": renderPipelineJob,
  prometheus: renderPrometheus,
  triton: renderTriton,
};

/** The event in its real format: one line, or several joined by "\n" (a KServe request and its response). */
export function renderReal(e: SimEvent): string {
  return RENDERERS[e.stream.format](e);
}

/**
 * The event as InferWatch's `json` format reads it: normalized columns, the feed as `source_id`, and the format it
 * would have come in as under `attributes.sim_format`.
 */
export function renderNormalized(e: SimEvent): string {
  const o: Record<string, unknown> = { timestamp: iso(e.t), source_id: e.stream.source };
  for (const [k, v] of Object.entries(e.f)) if (v !== undefined) o[k] = v;
  o.attributes = { sim_format: e.stream.format };
  return JSON.stringify(o);
}
