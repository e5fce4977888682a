// The formats InferWatch can read, by name, and the order auto-detection tries them in.

import { InferWatchError } from "../core/errors.js";
import { authFormats } from "./auth/index.js";
import { autoFormat } from "./auto.js";
import { deployFormats } from "./deploy/index.js";
import { driftFormats } from "./drift/index.js";
import { jsonFormat } from "./json.js";
import { k8sEventsFormat } from "./k8s/format.js";
import { kubectlFormat } from "./k8s/kubectl.js";
import { langfuseFormat } from "./llm/langfuse.js";
import { litellmFormat } from "./llm/litellm.js";
import { openaiFormat } from "./llm/openai.js";
import { otlpJsonFormat } from "./otel/format.js";
import { kservePayloadFormat, seldonPayloadFormat } from "./payload/payload-formats.js";
import { seldonPipelineFormat } from "./payload/seldon-pipeline.js";
import { prometheusFormat } from "./prometheus/format.js";
import { tfservingLogFormat } from "./tfserving/log-format.js";
import { tfservingRestFormat } from "./tfserving/rest-format.js";
import { torchserveLogFormat } from "./torchserve/log-format.js";
import { torchserveMetricsJsonFormat } from "./torchserve/metrics-json.js";
import { torchserveMetricsQlogFormat } from "./torchserve/metrics-qlog.js";
import { tritonLogFormat } from "./triton/log-format.js";
import { tritonTraceFormat } from "./triton/trace-format.js";
import type { Format } from "./types.js";
import { vllmFormat } from "./vllm/vllm.js";

/**
 * Built-in formats in auto-detection order: the most specific discriminators first. `json` (already-normalized
 * events) is not in the list: it is the fallback for JSON nobody else claims.
 */
const BUILTIN: readonly Format[] = [
  // Documents with unmistakable top-level keys or event types.
  otlpJsonFormat,
  kservePayloadFormat,
  seldonPayloadFormat,
  litellmFormat,
  langfuseFormat,
  // Deploy events before generic Kubernetes events: a Rollout's events are deploys, not infrastructure noise.
  ...deployFormats,
  k8sEventsFormat,
  ...driftFormats,
  tritonTraceFormat,
  torchserveMetricsJsonFormat,
  // Line formats with fixed markers (timestamp shapes, level tags, metric grammars).
  torchserveLogFormat,
  tfservingLogFormat,
  tritonLogFormat,
  vllmFormat,
  seldonPipelineFormat,
  prometheusFormat,
  kubectlFormat,
  torchserveMetricsQlogFormat,
  // JSON shapes recognized by their key sets, the loosest last.
  tfservingRestFormat,
  openaiFormat,
  ...authFormats,
];

export interface FormatRegistry {
  find(name: string): Format | undefined;
  /** Every name `format=` accepts, `auto` first. */
  names(): string[];
}

/** Formats from configuration (custom JSON mappings) are tried before the built-in ones: they are the user's word. */
export function createRegistry(custom: readonly Format[] = []): FormatRegistry {
  const taken = new Set(["auto", "json", ...BUILTIN.map((f) => f.name)]);
  const clashes = custom.filter((f) => taken.has(f.name)).map((f) => f.name);
  if (clashes.length > 0) {
    throw new InferWatchError(
      "config_invalid",
      `formats.custom: ${clashes.map((n) => JSON.stringify(n)).join(", ")} ${clashes.length === 1 ? "is a built-in format name" : "are built-in format names"}; choose another name`,
    );
  }
  const ordered = [...custom, ...BUILTIN];
  const auto = autoFormat([...ordered, jsonFormat], jsonFormat);
  const byName = new Map<string, Format>([auto, ...ordered, jsonFormat].map((f) => [f.name, f]));
  return {
    find: (name) => byName.get(name),
    names: () => [...byName.keys()],
  };
}
