// `seldon-pipeline`: Seldon Core v2 Kafka messages (`seldon pipeline inspect`), inputs and outputs paired.
import { utf8Bytes } from "../common/hashing.js";
import { asObject, type JsonObject } from "../common/json-values.js";
import { compactPresent } from "../common/records.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { summarizeRequest, summarizeResponse } from "./bodies.js";

/** `seldon.<namespace>.<model|pipeline>.<name>.<inputs|outputs>`. */
const LINE = /^seldon\.([a-z0-9-]+)\.(model|pipeline)\.([\w.-]+?)\.(inputs|outputs)\t(\S+)\t(\{.*)$/;
const MAX_PENDING = 10_000;

/**
 * The time inside an xid (github.com/rs/xid, Seldon's request ids): 20 base32hex characters whose first 32 bits are
 * seconds since the epoch. Undefined when the id is not an xid.
 */
export function xidTime(id: string): number | undefined {
  if (!/^[0-9a-v]{20}$/.test(id)) return undefined;
  let seconds = 0;
  let bits = 0;
  for (const c of id) {
    const v = Number.parseInt(c, 32);
    for (let b = 4; b >= 0 && bits < 32; b--, bits++) seconds = seconds * 2 + ((v >> b) & 1);
    if (bits >= 32) break;
  }
  return seconds * 1000;
}

interface Message {
  readonly line: number;
  readonly raw: string;
  readonly namespace: string;
  readonly kind: "model" | "pipeline";
  readonly name: string;
  readonly direction: "inputs" | "outputs";
  readonly id: string;
  readonly body: JsonObject;
}

function read(l: SourceLine): Message | ParsedRecord {
  const fail = (code: "unparseable" | "invalid_json", message: string): ParsedRecord => ({
    ok: false,
    line: l.line,
    raw: l.text,
    code,
    message,
  });
  const m = LINE.exec(l.text);
  if (!m)
    return fail("unparseable", "expected `seldon.<ns>.<model|pipeline>.<name>.<inputs|outputs><TAB><id><TAB>{json}`");
  let body: unknown;
  try {
    body = JSON.parse(m[6] ?? "");
  } catch (e) {
    return fail("invalid_json", `the message is not valid JSON: ${(e as Error).message}`);
  }
  const o = asObject(body);
  if (!o) return fail("unparseable", "the message is not a JSON object");
  return {
    line: l.line,
    raw: l.text,
    namespace: m[1] ?? "",
    kind: m[2] === "pipeline" ? "pipeline" : "model",
    name: m[3] ?? "",
    direction: m[4] === "outputs" ? "outputs" : "inputs",
    id: m[5] ?? "",
    body: o,
  };
}

function eventOf(input: Message | undefined, output: Message | undefined, ctx: ParseContext): ParsedRecord {
  const m = (input ?? output) as Message;
  const req = input ? summarizeRequest(input.body) : undefined;
  const res = output ? summarizeResponse(output.body) : undefined;
  const time = xidTime(m.id);
  const prediction = res?.prediction;
  const record: JsonObject = {
    timestamp: time ?? ctx.referenceTime,
    event_kind: "inference",
    event_action: m.kind === "pipeline" ? "pipeline" : "predict",
    outcome: output ? (res?.error === undefined ? "success" : "failure") : "unknown",
    ...compactPresent({
      timestamp_source: time === undefined ? "reference_time" : "request_id",
      model_name: m.name,
      model_version: res?.modelVersion,
      served_model_name: res?.modelName,
      seldon_resource: m.kind,
      k8s_namespace: m.namespace,
      request_id: m.id,
      input_shape: req?.inputShape,
      input_size_bytes: input ? utf8Bytes(JSON.stringify(input.body)) : undefined,
      input_hash: req?.inputHash,
      batch_size: req?.batchSize,
      prediction_label: prediction?.label,
      confidence: prediction?.confidence,
      prediction_value: prediction?.value,
      output_summary: prediction && Object.keys(prediction.summary).length > 0 ? prediction.summary : undefined,
      message: res?.error,
      unpaired: input && !output ? "request" : output && !input ? "response" : undefined,
    }),
  };
  const parts = [input, output].filter((x): x is Message => x !== undefined).sort((a, b) => a.line - b.line);
  return { ok: true, line: parts[0]?.line ?? m.line, raw: parts.map((p) => p.raw).join("\n"), record };
}

class SeldonPipelineSession implements ParseSession {
  private readonly pending = new Map<string, { inputs?: Message; outputs?: Message }>();

  constructor(private readonly context: ParseContext) {}

  push(l: SourceLine): ParsedRecord[] {
    let m: Message | ParsedRecord;
    try {
      m = read(l);
    } catch (e) {
      return [{ ok: false, line: l.line, raw: l.text, code: "unparseable", message: (e as Error).message }];
    }
    if ("ok" in m) return [m];
    const key = `${m.namespace}\t${m.kind}\t${m.name}\t${m.id}`;
    const out: ParsedRecord[] = [];
    const slot = this.pending.get(key) ?? {};
    if (slot[m.direction]) out.push(eventOf(slot.inputs, slot.outputs, this.context));
    const next = slot[m.direction] ? { [m.direction]: m } : { ...slot, [m.direction]: m };
    this.pending.delete(key);
    if (next.inputs && next.outputs) {
      out.push(eventOf(next.inputs, next.outputs, this.context));
      return out;
    }
    this.pending.set(key, next);
    if (this.pending.size > MAX_PENDING) {
      const [oldestKey, oldest] = this.pending.entries().next().value as [
        string,
        { inputs?: Message; outputs?: Message },
      ];
      this.pending.delete(oldestKey);
      out.push(eventOf(oldest.inputs, oldest.outputs, this.context));
    }
    return out;
  }

  end(): ParsedRecord[] {
    const out = [...this.pending.values()].map((s) => eventOf(s.inputs, s.outputs, this.context));
    this.pending.clear();
    return out;
  }
}

export const seldonPipelineFormat: Format = {
  name: "seldon-pipeline",
  description:
    "Seldon Core v2 Kafka messages as printed by `seldon pipeline inspect` (topic, request id, protobuf-JSON): a " +
    "model's (or pipeline's) inputs and outputs paired by request id into one inference event; the time is the one " +
    "encoded in the xid request id (whole seconds).",
  examples: [
    'seldon.default.model.mul10.outputs\tciep0bofh5ss73dpdiq0\t{"modelName":"mul10_1", "modelVersion":"1", "outputs":[{"name":"OUTPUT", "datatype":"FP32", "shape":["4"], "contents":{"fp32Contents":[10, 20, 30, 40]}}]}',
  ],
  detect: (line) => /^seldon\.[a-z0-9-]+\.(model|pipeline)\.[\w.-]+\.(inputs|outputs)\t\S+\t\{/.test(line),
  open: (context) => new SeldonPipelineSession(context),
};
