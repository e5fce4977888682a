// `prometheus`: the Prometheus text exposition format (Triton, vLLM, TF Serving, TorchServe, DCGM exporter scrapes).
import { epochNumberToMs, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from "../../core/time.js";
import { guardLine } from "../common/parser-errors.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { applyDcgm, dcgmSentinel, isDcgmMetric } from "./dcgm.js";
import { looksLikeSample, parseComment, parseSample, type Sample } from "./exposition.js";

/** Suffixes a sample may add to its family's name, by family type (OpenMetrics drops `_total` from counter names). */
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ["_bucket", "_sum", "_count", "_created"],
  gaugehistogram: ["_bucket", "_gsum", "_gcount"],
  summary: ["_sum", "_count", "_created"],
  counter: ["_total", "_created"],
  info: ["_info"],
};

/** A label that names the model, then the version: only a model's `version` is a model version (not go_info's). */
const MODEL_LABELS = ["model_name", "model", "ModelName"];
const VERSION_LABELS = ["model_version", "version", "ModelVersion"];
const HOST_LABELS = ["Hostname", "hostname", "instance"];

function firstLabel(labels: Record<string, string>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

/** Units written into HELP text: TorchServe's "... with unit: Milliseconds", DCGM's "... (in MHz)." */
function unitFromHelp(help: string): string | undefined {
  return /with unit: (\S+)\s*$/.exec(help)?.[1] ?? /\(in ([^)]+)\)\.?\s*$/.exec(help)?.[1];
}

class PrometheusSession implements ParseSession {
  private readonly types = new Map<string, string>();
  private readonly units = new Map<string, string>();

  constructor(private readonly context: ParseContext) {}

  push(line: SourceLine): ParsedRecord[] {
    // Nothing here should throw; if it does, the line becomes a diagnostic rather than an ingest failure.
    return guardLine(line, () => this.pushLine(line));
  }

  private pushLine(line: SourceLine): ParsedRecord[] {
    const text = line.text.trim();
    // Metadata lines are context for the samples after them, not events of their own.
    if (text.startsWith("#")) {
      const c = parseComment(text);
      if (c.kind === "type") this.types.set(c.name, c.type);
      else if (c.kind === "unit" && c.unit !== "") this.units.set(c.name, c.unit);
      else if (c.kind === "help") {
        const unit = unitFromHelp(c.text);
        if (unit !== undefined && !this.units.has(c.name)) this.units.set(c.name, unit);
      }
      return [];
    }
    const fail = (message: string): ParsedRecord[] => [
      { ok: false, line: line.line, raw: line.text, code: "unparseable", message },
    ];
    if (/^\.{2,}$|^…$/.test(text)) {
      return fail("an elision (`...`, documentation shorthand for omitted lines), not a sample");
    }
    const parsed = parseSample(text);
    if (!parsed.ok) return fail(`not a Prometheus sample line: ${parsed.message}`);
    const record = this.toRecord(parsed.sample);
    if (typeof record === "string") {
      return [{ ok: false, line: line.line, raw: line.text, code: "invalid_timestamp", message: record }];
    }
    return [{ ok: true, line: line.line, raw: line.text, record }];
  }

  end(): ParsedRecord[] {
    return [];
  }

  /** The family a sample belongs to: its own name when typed, else its name less a suffix its type allows. */
  private family(name: string): { family: string; type: string | undefined } {
    const own = this.types.get(name);
    if (own !== undefined) return { family: name, type: own };
    for (const [type, suffixes] of Object.entries(SUFFIXES)) {
      for (const s of suffixes) {
        if (!name.endsWith(s)) continue;
        const base = name.slice(0, -s.length);
        if (this.types.get(base) === type) return { family: base, type };
      }
    }
    return { family: name, type: undefined };
  }

  private toRecord(s: Sample): Record<string, unknown> | string {
    let timestamp = this.context.referenceTime;
    if (s.timestamp !== null) {
      timestamp = epochNumberToMs(s.timestamp);
      if (timestamp < MIN_TIMESTAMP_MS || timestamp >= MAX_TIMESTAMP_MS) {
        return `sample timestamp ${s.timestamp} is out of range (before 1970 or after 2200)`;
      }
    }
    const { family, type } = this.family(s.name);
    const record: Record<string, unknown> = { timestamp, event_kind: "metric", metric_name: s.name };
    record.metric_type = type ?? "untyped";
    if (family !== s.name) record.metric_family = family;
    const unit = this.units.get(family) ?? this.units.get(s.name);
    if (unit !== undefined) record.metric_unit = unit;
    const sentinel = isDcgmMetric(s.name) ? dcgmSentinel(s.valueText) : null;
    if (sentinel !== null) {
      record.metric_value_status = sentinel;
      record.metric_value_text = s.valueText;
    } else {
      record.metric_value = s.value;
    }
    record.labels = s.labels;
    const model = firstLabel(s.labels, MODEL_LABELS);
    if (model !== undefined) {
      record.model_name = model;
      const version = firstLabel(s.labels, VERSION_LABELS);
      if (version !== undefined) record.model_version = version;
    }
    const host = firstLabel(s.labels, HOST_LABELS);
    // `instance` is host:port (the scrape target); the port is not part of the host's name.
    if (host !== undefined) record.host_name = host.replace(/^([^:[\]]+):\d+$/, "$1").replace(/^\[(.+)\]:\d+$/, "$1");
    const pod = firstLabel(s.labels, ["pod"]);
    if (pod !== undefined) record.k8s_pod = pod;
    const namespace = firstLabel(s.labels, ["namespace"]);
    if (namespace !== undefined) record.k8s_namespace = namespace;
    const container = firstLabel(s.labels, ["container"]);
    if (container !== undefined) record.container_name = container;
    const worker = firstLabel(s.labels, ["WorkerName"]);
    if (worker !== undefined) record.worker = worker;
    if (isDcgmMetric(s.name)) applyDcgm(record, s.name, s.labels, s.value);
    if (s.exemplar !== null) record.exemplar = s.exemplar;
    return record;
  }
}

const HELP_OR_TYPE = /^#\s*(?:HELP|TYPE)\s+[a-zA-Z_:][a-zA-Z0-9_:]*(?:\s|$)/;

export const prometheusFormat: Format = {
  name: "prometheus",
  description:
    "Prometheus text exposition (a /metrics scrape: Triton, vLLM, TF Serving, TorchServe, NVIDIA DCGM exporter): one `metric` event per sample, with its labels, TYPE and unit; model/pod/namespace/host labels fill columns; DCGM XID errors are errors.",
  examples: [
    'nv_inference_request_success{model="my_model",version="1"} 161',
    'PredictionTime{ModelName="resnet18",Level="Model",Hostname="88665a372f4b.ant.amazon.com",} 83.13',
    'DCGM_FI_DEV_SM_CLOCK{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52"} 139',
  ],
  detect: (line) => HELP_OR_TYPE.test(line) || looksLikeSample(line),
  open: (context) => new PrometheusSession(context),
};
