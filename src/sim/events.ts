// What the simulator produces before rendering: one event in the normalized vocabulary, tagged with its stream.

/** The real formats the simulator writes (names as `--format` takes them). */
export const SIM_FORMATS = [
  "kserve-payload",
  "torchserve",
  "otlp-json",
  "litellm",
  "vllm",
  "auth0",
  "k8s-events",
  "k8s-deploy-events",
  "evidently",
  "pipeline-job",
  "prometheus",
  "triton",
] as const;

export type SimFormat = (typeof SIM_FORMATS)[number];

/** Where an event goes: its format and the source (feed) name it is ingested under. */
export interface StreamKey {
  readonly format: SimFormat;
  readonly source: string;
}

export type FieldValue = string | number;

/**
 * One simulated event. `f` holds normalized columns (docs/fields.md names) exactly as InferWatch's parser of
 * `format` will fill them; `x` holds what only the real-format renderer needs (tensor values, Kubernetes reasons...).
 */
export interface SimEvent {
  readonly stream: StreamKey;
  /** Epoch milliseconds. */
  t: number;
  readonly f: Record<string, FieldValue | undefined>;
  readonly x: Record<string, unknown>;
}

/** Collects the events of one tick; scenarios and the baseline both emit through it. */
export interface Emitter {
  emit(e: SimEvent): void;
}

export function stream(format: SimFormat, source: string): StreamKey {
  return { format, source };
}

/** The streams of the platform model, one per (format, source). */
export const STREAMS = {
  sentiment: stream("kserve-payload", "kserve-sentiment"),
  loanA: stream("kserve-payload", "source_A"),
  loanB: stream("kserve-payload", "source_B"),
  torchserve: stream("torchserve", "torchserve-resnet50"),
  gateway: stream("otlp-json", "api-gateway"),
  litellm: stream("litellm", "litellm"),
  vllm: stream("vllm", "vllm"),
  auth0: stream("auth0", "auth0"),
  k8s: stream("k8s-events", "k8s-events"),
  rollouts: stream("k8s-deploy-events", "argo-rollouts"),
  evidently: stream("evidently", "evidently"),
  pipeline: stream("pipeline-job", "retrain-pipeline"),
  dcgm: stream("prometheus", "dcgm-exporter"),
  triton: stream("triton", "triton-embedder"),
} as const satisfies Record<string, StreamKey>;

export function streamId(s: StreamKey): string {
  return `${s.format}/${s.source}`;
}
