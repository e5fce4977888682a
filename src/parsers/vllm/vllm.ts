// `vllm`: vLLM server logs: engine stats, request lifecycle, uvicorn lines, other logs and their tracebacks.
import { inferYear, localToEpochMs } from "../../core/time.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import {
  isContinuation,
  looksLikeVllm,
  readAccess,
  readVllmLine,
  severityOf,
  type VllmLine,
  withoutPrefix,
} from "./lines.js";
import { readMessage } from "./messages.js";

type Fields = Record<string, unknown>;

/** Requests whose receive time is remembered (to give `Finished request` a latency); the oldest are forgotten. */
const MAX_OPEN_REQUESTS = 10_000;
/** Traceback lines joined onto one record at most; more become their own diagnostics. */
const MAX_CONTINUATION_LINES = 1_000;

/** LLM events name the serving system; logs and metrics already have it as their source type. */
function withProvider(fields: Fields): Fields {
  return fields.event_kind === "llm" ? { ...fields, llm_provider: "vllm" } : fields;
}

interface Held {
  line: number;
  lines: string[];
  record: Fields;
}

class VllmSession implements ParseSession {
  /** The last warning or error, kept while a traceback may still follow it (other records are emitted at once). */
  private held: Held | null = null;
  /** Time of the last line that had one: uvicorn lines carry none and take it. */
  private lastTime: number | null = null;
  private readonly receivedAt = new Map<string, number>();

  constructor(private readonly context: ParseContext) {}

  push(l: SourceLine): ParsedRecord[] {
    try {
      return this.read(l);
    } catch (e) {
      return [...this.release(), this.diagnostic(l, `could not read the line: ${(e as Error).message}`)];
    }
  }

  end(): ParsedRecord[] {
    return this.release();
  }

  private read(l: SourceLine): ParsedRecord[] {
    const parsed = readVllmLine(l.text);
    if (!parsed) {
      const text = withoutPrefix(l.text);
      if (isContinuation(text)) {
        if (this.held && this.held.lines.length < MAX_CONTINUATION_LINES) {
          this.held.lines.push(l.text);
          return [];
        }
        if (!this.held && text.startsWith("Traceback ")) {
          // An uncaught exception printed without a log line: the traceback is its own error record.
          this.held = { line: l.line, lines: [l.text], record: this.untimed({ event_kind: "log", severity: "error" }) };
          return [];
        }
      }
      return [
        ...this.release(),
        this.diagnostic(l, "expected a vLLM log line (`INFO 08-06 12:34:56 [file.py:123] ...`) or a uvicorn line"),
      ];
    }
    const out = this.release();
    for (const record of this.recordsOf(parsed)) {
      const severity = record.severity;
      if (severity === "error" || severity === "fatal" || severity === "warn") {
        // What waited is complete; this one waits for a traceback that may follow.
        out.push(...this.release());
        this.held = { line: l.line, lines: [l.text], record };
      } else {
        out.push({ ok: true, line: l.line, raw: l.text, record });
      }
    }
    return out;
  }

  private recordsOf(parsed: VllmLine): Fields[] {
    const base: Fields = { severity: severityOf(parsed.level) };
    if (parsed.prefix) {
      base.process = parsed.prefix.process;
      base.pid = parsed.prefix.pid;
      if (parsed.prefix.rank !== undefined) base.rank = parsed.prefix.rank;
    }
    if (parsed.kind === "uvicorn")
      return [withProvider(this.untimed({ ...base, ...this.uvicornFields(parsed.message) }))];
    const year = inferYear(parsed.month, parsed.day, this.context.referenceTime);
    const timestamp = localToEpochMs({ ...parsed, year }, this.context.timeZone);
    this.lastTime = timestamp;
    const m = readMessage(parsed.message);
    const fields: Fields = { ...base, timestamp, logger: `${parsed.file}:${parsed.lineno}`, ...m.fields };
    if (fields.message === undefined && m.fields.event_kind !== "metric") fields.message = parsed.message;
    const ids = m.requestIds ?? [];
    if (ids.length === 0) return [withProvider(fields)];
    return ids.map((id) => withProvider({ ...fields, request_id: id, ...this.track(id, m.action, timestamp) }));
  }

  /** Remembers receive times and gives finished/aborted requests their latency (whole seconds: the log's precision). */
  private track(id: string, action: string | undefined, time: number): Fields {
    if (action === "request_received") {
      if (this.receivedAt.size >= MAX_OPEN_REQUESTS) {
        const oldest = this.receivedAt.keys().next();
        if (!oldest.done) this.receivedAt.delete(oldest.value);
      }
      this.receivedAt.set(id, time);
      return {};
    }
    if (action !== "request_finished" && action !== "request_aborted") return {};
    const start = this.receivedAt.get(id);
    this.receivedAt.delete(id);
    return start !== undefined && time >= start ? { latency_ms: time - start } : {};
  }

  private uvicornFields(message: string): Fields {
    const access = readAccess(message);
    if (!access) return { event_kind: "log", message };
    return {
      event_kind: "llm",
      event_action: "http_request",
      message,
      client_ip: access.clientIp,
      client_port: access.clientPort,
      http_method: access.method,
      endpoint: access.path.split("?")[0],
      http_status_code: access.status,
      outcome: access.status >= 400 ? "failure" : "success",
    };
  }

  /** A line without a time gets the previous line's, or the input's reference time; either way it says so. */
  private untimed(fields: Fields): Fields {
    return this.lastTime === null
      ? { timestamp: this.context.referenceTime, timestamp_source: "reference_time", ...fields }
      : { timestamp: this.lastTime, timestamp_source: "previous_line", ...fields };
  }

  private release(): ParsedRecord[] {
    const h = this.held;
    if (!h) return [];
    this.held = null;
    const record = { ...h.record };
    if (h.lines.length > 1) {
      const traceback = h.lines
        .slice(1)
        .map((t) => withoutPrefix(t))
        .join("\n");
      record.message = record.message === undefined ? traceback : `${String(record.message)}\n${traceback}`;
      const last = withoutPrefix(h.lines[h.lines.length - 1] ?? "");
      const error = /^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit))\b/.exec(last);
      if (error) record.error_type = error[1];
    }
    return [{ ok: true, line: h.line, raw: h.lines.join("\n"), record }];
  }

  private diagnostic(l: SourceLine, message: string): ParsedRecord {
    return { ok: false, line: l.line, raw: l.text, code: "unparseable", message };
  }
}

export const vllmFormat: Format = {
  name: "vllm",
  description:
    "vLLM server logs (V0 and V1 engines, with or without the `(APIServer pid=N)` prefix): engine stats as metric " +
    "events, request lifecycle (received with prompt and sampling params, added, generated, finished, aborted) and " +
    "uvicorn access lines as llm events, other lines as logs; tracebacks join the error they follow.",
  examples: [
    "INFO 05-16 04:49:00 [loggers.py:116] Engine 000: Avg prompt throughput: 0.7 tokens/s, Avg generation throughput: 6.0 tokens/s, Running: 1 reqs, Waiting: 0 reqs, GPU KV cache usage: 0.0%, Prefix cache hit rate: 0.0%",
    "INFO 05-16 04:49:00 [async_llm.py:256] Added request cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0.",
    '(APIServer pid=110552) INFO:     127.0.0.1:19378 - "POST /v1/chat/completions HTTP/1.1" 200 OK',
  ],
  detect: looksLikeVllm,
  open: (context) => new VllmSession(context),
};
