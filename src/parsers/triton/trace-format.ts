// `triton-trace`: Triton's JSON trace files, one inference event per trace.

import { documentValue, JsonDocuments, type JsonPiece, MAX_LOGGED_VALUE_CHARS } from "../common/json-documents.js";
import { guardEnd, guardLine } from "../common/parser-errors.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { addEntry, entryId, entryProblem, newTrace, type TraceAccumulator, traceRecord } from "./trace-events.js";

/** Traces held at once; past this the oldest is emitted with what it has, so memory stays bounded. */
const MAX_OPEN_TRACES = 10_000;
/** Characters of entry text held across open traces, bounded the same way. */
const MAX_HELD_CHARS = 16 * 1024 * 1024;

class TraceSession implements ParseSession {
  private readonly json = new JsonDocuments({ mode: "elements", maxChars: MAX_LOGGED_VALUE_CHARS });
  private readonly traces = new Map<string, TraceAccumulator>();
  private heldChars = 0;

  constructor(private readonly context: ParseContext) {}

  push(line: SourceLine): ParsedRecord[] {
    // Nothing here should throw; if it does, the line becomes a diagnostic rather than an ingest failure.
    return guardLine(line, () => this.onItems(this.json.push(line)));
  }

  end(): ParsedRecord[] {
    return guardEnd(() => [...this.onItems(this.json.end()), ...this.flush()]);
  }

  private onItems(items: readonly JsonPiece[]): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    for (const item of items) {
      switch (item.kind) {
        case "document":
        case "problem": {
          const doc = documentValue(item);
          if (!doc.ok) {
            out.push(doc);
            break;
          }
          const problem = entryProblem(doc.value);
          if (problem !== null) {
            out.push({ ok: false, line: doc.line, raw: doc.raw, code: "unparseable", message: problem });
            break;
          }
          const entry = doc.value as Record<string, unknown>;
          const id = entryId(entry);
          let trace = this.traces.get(id);
          if (trace === undefined) {
            if (this.traces.size >= MAX_OPEN_TRACES) out.push(...this.emitOldest());
            trace = newTrace(id, doc.line);
            this.traces.set(id, trace);
          }
          const before = trace.chars;
          addEntry(trace, entry, doc.raw);
          this.heldChars += trace.chars - before;
          while (this.heldChars > MAX_HELD_CHARS && this.traces.size > 0) out.push(...this.emitOldest());
          break;
        }
        case "array_end":
          out.push(...this.flush());
          break;
        case "text":
          out.push({
            ok: false,
            line: item.line,
            raw: item.raw,
            code: "unparseable",
            message: "expected a Triton trace JSON array or entry",
          });
          break;
      }
    }
    return out;
  }

  private record(t: TraceAccumulator): ParsedRecord {
    return { ...traceRecord(t, this.context), line: t.line, raw: t.raws.join("\n") };
  }

  private emitOldest(): ParsedRecord[] {
    const first = this.traces.values().next();
    if (first.done) return [];
    this.traces.delete(first.value.id);
    this.heldChars -= first.value.chars;
    return [this.record(first.value)];
  }

  private flush(): ParsedRecord[] {
    const out = [...this.traces.values()].map((t) => this.record(t));
    this.traces.clear();
    this.heldChars = 0;
    return out;
  }
}

export const tritonTraceFormat: Format = {
  name: "triton-trace",
  description:
    "NVIDIA Triton trace files (JSON arrays of {id, model_name, model_version, request_id}, {id, timestamps: [{name, ns}]}, " +
    "{id, activity, tensor}): one inference event per trace with latency, queue and compute times in ms. Trace clocks " +
    "are steady (not wall) clocks, so events take the file's reference time.",
  examples: [
    [
      "[",
      '  {"id": 1, "timestamps": [{ "name": "HTTP_RECV_START", "ns": 2356425054587444 }] },',
      '  {"id": 1, "timestamps": [{ "name": "QUEUE_START", "ns": 2356425054791517 }] },',
      '  {"id": 1, "timestamps": [{ "name": "COMPUTE_START", "ns": 2356425054887198 }] },',
      '  {"id": 1, "timestamps": [{ "name": "COMPUTE_END", "ns": 2356425057540989 }] },',
      '  {"id": 1, "timestamps": [{ "name": "HTTP_SEND_END", "ns": 2356425057712991 }] }',
      "]",
    ].join("\n"),
  ],
  detect: (line) =>
    /^\s*\[?\s*\{\s*"id"\s*:\s*\d+\s*,\s*"(?:timestamps|model_name|model_version|request_id|parent_id|activity)"\s*:/.test(
      line,
    ) ||
    /^\s*\[?\s*\{\s*"model_name"\s*:\s*"[^"]*"\s*,\s*"model_version"\s*:\s*\d+\s*,\s*"id"\s*:\s*\d+/.test(line) ||
    /^\s*\{\s*"name"\s*:\s*"[^"]+"\s*,\s*"ns"\s*:\s*\d+\s*\}/.test(line) ||
    /^\s*"activity"\s*:\s*"TENSOR_(?:QUEUE_INPUT|BACKEND_OUTPUT)"/.test(line),
  open: (context) => new TraceSession(context),
};
