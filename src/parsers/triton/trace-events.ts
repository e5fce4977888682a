// Triton trace entries gathered per trace id into one inference event with its latencies.
import { hashJson } from "../common/hashing.js";
import { ok, referenceTime } from "../common/records.js";
import { namedShapes } from "../common/tensor-shapes.js";

import type { LineResult, ParseContext } from "../types.js";

type Obj = Record<string, unknown>;

interface TensorEntry {
  readonly name: string;
  readonly dtype?: string;
  readonly shape: number[];
  readonly data?: unknown;
}

/** Entries of one trace kept for `raw`; later ones are still read, only not kept. */
export const MAX_RAW_ENTRIES = 500;

export interface TraceAccumulator {
  readonly id: string;
  readonly line: number;
  readonly raws: string[];
  entries: number;
  chars: number;
  modelName?: string;
  modelVersion?: string;
  requestId?: string;
  parentId?: string;
  readonly stamps: Map<string, number>;
  readonly inputs: TensorEntry[];
  readonly outputs: TensorEntry[];
}

// Older builds named timestamps in words ("request handler start"); newer ones in capitals (REQUEST_START).
const ALIASES: Record<string, string> = {
  REQUEST_HANDLER_START: "REQUEST_START",
  REQUEST_HANDLER_END: "REQUEST_END",
  GRPC_WAIT_READ_START: "GRPC_WAITREAD_START",
  GRPC_WAIT_READ_END: "GRPC_WAITREAD_END",
};

function stampName(name: string): string {
  const n = name
    .trim()
    .toUpperCase()
    .replace(/[\s/]+/g, "_");
  return ALIASES[n] ?? n;
}

function scalar(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
}

/** Why an entry cannot join a trace, or null when it can. */
export function entryProblem(entry: unknown): string | null {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return "trace entry is not a JSON object";
  if (scalar((entry as Obj).id) === undefined) return "trace entry has no `id`";
  return null;
}

export function entryId(entry: Obj): string {
  return scalar(entry.id) ?? "";
}

export function newTrace(id: string, line: number): TraceAccumulator {
  return { id, line, raws: [], entries: 0, chars: 0, stamps: new Map(), inputs: [], outputs: [] };
}

/** Adds one entry (already checked by `entryProblem`) to its trace. */
export function addEntry(trace: TraceAccumulator, entry: Obj, raw: string): void {
  trace.entries++;
  if (trace.raws.length < MAX_RAW_ENTRIES) {
    trace.raws.push(raw);
    trace.chars += raw.length;
  }
  trace.modelName ??= scalar(entry.model_name);
  trace.modelVersion ??= scalar(entry.model_version);
  const rid = scalar(entry.request_id);
  if (rid !== undefined && rid !== "") trace.requestId ??= rid;
  const parent = scalar(entry.parent_id);
  if (parent !== undefined && parent !== "0") trace.parentId ??= parent;
  if (Array.isArray(entry.timestamps)) {
    for (const s of entry.timestamps) {
      if (s === null || typeof s !== "object") continue;
      const name = scalar((s as Obj).name);
      const ns = Number((s as Obj).ns);
      // The first of a repeated name wins (decoupled models report INFER_RESPONSE_COMPLETE per response).
      if (name !== undefined && Number.isFinite(ns) && !trace.stamps.has(stampName(name)))
        trace.stamps.set(stampName(name), ns);
    }
  }
  const tensor = entry.tensor;
  if (typeof entry.activity === "string" && tensor !== null && typeof tensor === "object") {
    const t = tensor as Obj;
    const shape = (scalar(t.shape) ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter((d) => d !== "")
      .map(Number);
    // Only the hash of the data is ever output; long data is hashed now rather than held.
    const data = typeof t.data === "string" && t.data.length > 256 ? hashJson(t.data) : t.data;
    const e: TensorEntry = { name: scalar(t.name) ?? "", dtype: scalar(t.dtype), shape, data };
    if (entry.activity === "TENSOR_QUEUE_INPUT") trace.inputs.push(e);
    else if (entry.activity === "TENSOR_BACKEND_OUTPUT") trace.outputs.push(e);
  }
}

/** Earliest plausible wall-clock instant: Triton's own traces use a steady (boot-relative) clock, so none is. */
const EPOCH_FLOOR_MS = Date.UTC(2000, 0, 1);

function ms(ns: number): number {
  return Math.round(ns / 1e3) / 1e3;
}

/** The inference event of a complete trace. */
export function traceRecord(t: TraceAccumulator, context: ParseContext): LineResult {
  const at = (n: string): number | undefined => t.stamps.get(n);
  const span = (a: string, b: string): number | undefined => {
    const x = at(a);
    const y = at(b);
    return x !== undefined && y !== undefined && y >= x ? ms(y - x) : undefined;
  };
  const protocol =
    at("HTTP_RECV_START") !== undefined ? "http" : at("GRPC_WAITREAD_START") !== undefined ? "grpc" : undefined;
  const first = t.stamps.size > 0 ? Math.min(...t.stamps.values()) : undefined;
  const wallClock =
    first !== undefined && first / 1e6 >= EPOCH_FLOOR_MS && first / 1e6 < context.referenceTime + 86_400_000;
  const inputs = [...t.inputs].sort((a, b) => a.name.localeCompare(b.name));
  return ok({
    ...(wallClock ? { timestamp: Math.floor((first as number) / 1e6) } : referenceTime(context)),
    trace_start_ns: wallClock ? undefined : first,
    event_kind: "inference",
    event_action: "infer",
    model_name: t.modelName,
    model_version: t.modelVersion,
    request_id: t.requestId ?? t.id,
    triton_trace_id: t.id,
    parent_trace_id: t.parentId,
    protocol,
    // HTTP: receive start to send end; gRPC: from the end of wait/read (its start is idle waiting); else the handler.
    latency_ms:
      span("HTTP_RECV_START", "HTTP_SEND_END") ??
      span("GRPC_WAITREAD_END", "GRPC_SEND_END") ??
      span("REQUEST_START", "REQUEST_END"),
    queue_ms: span("QUEUE_START", "COMPUTE_START"),
    compute_ms: span("COMPUTE_START", "COMPUTE_END"),
    handler_ms: span("REQUEST_START", "REQUEST_END"),
    receive_ms: span("HTTP_RECV_START", "HTTP_RECV_END"),
    send_ms: span("HTTP_SEND_START", "HTTP_SEND_END") ?? span("GRPC_SEND_START", "GRPC_SEND_END"),
    compute_input_ms: span("COMPUTE_START", "COMPUTE_INPUT_END"),
    compute_infer_ms: span("COMPUTE_INPUT_END", "COMPUTE_OUTPUT_START"),
    compute_output_ms: span("COMPUTE_OUTPUT_START", "COMPUTE_END"),
    first_response_ms: span("REQUEST_START", "INFER_RESPONSE_COMPLETE"),
    input_hash: inputs.length > 0 ? hashJson(inputs) : undefined,
    input_shape: namedShapes(inputs.map((i) => [i.name, i.shape] as const)),
    input_dtypes: inputs.length > 0 ? Object.fromEntries(inputs.map((i) => [i.name, i.dtype])) : undefined,
    output_summary:
      t.outputs.length > 0
        ? { outputs: t.outputs.map((o) => ({ name: o.name, dtype: o.dtype, shape: o.shape })) }
        : undefined,
    trace_entries: t.entries,
    raw_truncated: t.entries > t.raws.length || undefined,
  });
}
