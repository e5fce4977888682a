// `tfserving-rest`: TF Serving REST traffic (curl transcripts, HTTP responses, JSON bodies, PredictionLog records).
import { describeType } from "../../core/time.js";
import { hashJson, utf8Bytes } from "../common/hashing.js";
import {
  documentValue,
  JsonDocuments,
  type JsonPiece,
  MAX_LOGGED_VALUE_CHARS,
  opensJson,
} from "../common/json-documents.js";
import { isObject } from "../common/json-values.js";
import { guardEnd, guardLine } from "../common/parser-errors.js";
import { compact, ok, referenceTime } from "../common/records.js";
import type { Format, LineResult, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { type CurlRequest, parseCurl, restRoute } from "./curl.js";
import { predictionLogRecord } from "./prediction-log.js";
import {
  type BodyKind,
  bodyKind,
  errorFields,
  metadataFields,
  requestFields,
  responseFields,
  statusFields,
} from "./rest-bodies.js";

const CURL_LINE = /^\s*(?:\$\s+)?curl\s/;
const HTTP_STATUS = /^HTTP\/\d(?:\.\d)? ([1-5]\d\d)(?: (.*))?$/;
const HEADER = /^([A-Za-z][\w-]*):\s*(.*)$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Lines of one exchange (curl, status, headers) held while waiting for its body. */
const MAX_EXCHANGE_LINES = 200;
const IMF_DATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** An HTTP `Date:` header (IMF-fixdate, always GMT) → epoch ms. */
export function httpDateMs(value: string): number | undefined {
  const m = IMF_DATE.exec(value.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] ?? "");
  if (month < 0) return undefined;
  const ms = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

interface Exchange {
  readonly line: number;
  readonly raw: string[];
  curlText: string;
  curlOpen: boolean;
  request?: CurlRequest;
  status?: number;
  readonly headers: Map<string, string>;
}

function responseKindFields(
  kind: BodyKind,
  o: Record<string, unknown>,
  status: number | undefined,
): Record<string, unknown> {
  switch (kind) {
    case "error":
      return errorFields(o, status);
    case "status":
      return statusFields(o);
    case "metadata":
      return metadataFields(o);
    default:
      return responseFields(o);
  }
}

/** Fields of a curl request body: a TF Serving request when it parses as one, else just its hash and size. */
function curlBodyFields(req: CurlRequest | undefined): Record<string, unknown> {
  if (req?.body === undefined) return req?.bodyFile !== undefined ? { request_body_file: req.bodyFile } : {};
  try {
    const v: unknown = JSON.parse(req.body);
    if (isObject(v) && bodyKind(v) === "request") return requestFields(v, req.body);
  } catch {
    // Not JSON: still worth a hash, so repeated probes can be counted.
  }
  return { input_hash: hashJson(req.body), input_size_bytes: utf8Bytes(req.body) };
}

/**
 * A curl command (or an HTTP status line) opens an exchange; the JSON body after it closes it into one event. Bodies
 * met on their own (captured request or response logs, PredictionLog lines) are events by themselves.
 */
class RestSession implements ParseSession {
  private readonly json = new JsonDocuments({ mode: "documents", maxChars: MAX_LOGGED_VALUE_CHARS });
  private pending: Exchange | null = null;

  constructor(private readonly context: ParseContext) {}

  push(source: SourceLine): ParsedRecord[] {
    // Nothing here should throw; if it does, the line becomes a diagnostic rather than an ingest failure.
    return guardLine(source, () => this.step(source));
  }

  end(): ParsedRecord[] {
    return guardEnd(() => [...this.onItems(this.json.end()), ...this.flushPending()]);
  }

  private step(source: SourceLine): ParsedRecord[] {
    const text = source.text;
    if (this.json.open) return this.onItems(this.json.push(source));
    // A runaway exchange (endless headers or curl continuations) is closed rather than held without bound.
    const overflow = this.pending !== null && this.pending.raw.length >= MAX_EXCHANGE_LINES ? this.flushPending() : [];
    if (overflow.length > 0) return [...overflow, ...this.step(source)];
    const p = this.pending;
    if (p?.curlOpen) {
      p.raw.push(text);
      this.addCurlText(p, text);
      return [];
    }
    if (CURL_LINE.test(text)) {
      const out = this.flushPending();
      const ex: Exchange = { line: source.line, raw: [text], curlText: "", curlOpen: false, headers: new Map() };
      this.addCurlText(ex, text);
      this.pending = ex;
      return out;
    }
    const status = HTTP_STATUS.exec(text);
    if (status) {
      const out = p === null || p.status !== undefined ? this.flushPending() : [];
      const ex: Exchange = this.pending ?? {
        line: source.line,
        raw: [],
        curlText: "",
        curlOpen: false,
        headers: new Map(),
      };
      ex.raw.push(text);
      ex.status = Number(status[1]);
      this.pending = ex;
      return out;
    }
    const header = HEADER.exec(text);
    if (header && p?.status !== undefined) {
      p.raw.push(text);
      p.headers.set((header[1] ?? "").toLowerCase(), header[2] ?? "");
      return [];
    }
    if (opensJson(text)) return this.onItems(this.json.push(source));
    const message = /^\s*\$\s*$/.test(text)
      ? "a shell prompt with no command"
      : "not a curl command, an HTTP status or header line, or a JSON body";
    return [{ ok: false, line: source.line, raw: text, code: "unparseable", message }];
  }

  /** Accumulates a curl command across backslash-continued lines; parses it once complete. */
  private addCurlText(ex: Exchange, text: string): void {
    const continued = /\\\s*$/.test(text);
    ex.curlText += ` ${continued ? text.replace(/\\\s*$/, "") : text}`;
    ex.curlOpen = continued;
    if (!continued) ex.request = parseCurl(ex.curlText.trim()) ?? undefined;
  }

  private onItems(items: readonly JsonPiece[]): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    for (const item of items) {
      if (item.kind === "text") {
        out.push({ ok: false, line: item.line, raw: item.raw, code: "unparseable", message: "expected a JSON body" });
      } else if (item.kind !== "array_end") {
        const doc = documentValue(item);
        if (doc.ok) out.push(...this.onDocument(doc));
        else out.push(...this.flushPending(), doc);
      }
    }
    return out;
  }

  private onDocument(item: { line: number; raw: string; value: unknown }): ParsedRecord[] {
    const v = item.value;
    if (!isObject(v)) {
      return [
        {
          ok: false,
          line: item.line,
          raw: item.raw,
          code: "not_an_object",
          message: `expected a JSON object, got ${describeType(v)}`,
        },
      ];
    }
    const kind = bodyKind(v);
    if (kind === null) {
      const keys = Object.keys(v).slice(0, 8).join(", ");
      return [
        {
          ok: false,
          line: item.line,
          raw: item.raw,
          code: "unparseable",
          message: `JSON body is not a TF Serving request, response, error, model status or PredictionLog (keys: ${keys})`,
        },
      ];
    }
    if (kind === "prediction_log" || kind === "request") {
      const out = this.flushPending();
      const r: LineResult =
        kind === "prediction_log"
          ? predictionLogRecord(v, this.context)
          : ok({ ...referenceTime(this.context), ...requestFields(v, item.raw), message_type: "request" });
      out.push({ ...r, line: item.line, raw: item.raw });
      return out;
    }
    const ex = this.pending;
    this.pending = null;
    if (ex === null) {
      const r = ok({
        ...referenceTime(this.context),
        ...responseKindFields(kind, v, undefined),
        message_type: "response",
      });
      return [{ ...r, line: item.line, raw: item.raw }];
    }
    const r = ok(this.exchangeFields(ex, responseKindFields(kind, v, ex.status)));
    return [{ ...r, line: ex.line, raw: [...ex.raw, item.raw].join("\n") }];
  }

  /** One event for a request and its response: route, input, HTTP status, output summary. */
  private exchangeFields(ex: Exchange, response: Record<string, unknown>): Record<string, unknown> {
    const route = ex.request?.url !== undefined ? restRoute(ex.request.url) : undefined;
    const request = curlBodyFields(ex.request);
    const date = ex.headers.get("date");
    const dateMs = date === undefined ? undefined : httpDateMs(date);
    const verb = route?.verb;
    const action =
      verb === "predict" || verb === "classify" || verb === "regress"
        ? verb
        : (response.event_action ?? request.event_action ?? (verb === "status" ? "model_status" : verb));
    const failed = ex.status !== undefined ? ex.status >= 400 : response.outcome === "failure";
    return compact({
      ...(dateMs !== undefined ? { timestamp: dateMs } : referenceTime(this.context)),
      ...request,
      ...response,
      event_kind: response.event_kind ?? request.event_kind ?? "inference",
      event_action: action,
      http_method: ex.request?.method,
      endpoint: route?.endpoint,
      server_address: route?.server_address,
      model_name: route?.model_name ?? response.model_name,
      model_version: route?.model_version ?? response.model_version,
      version_label: route?.version_label,
      http_status_code: ex.status,
      outcome: failed ? "failure" : "success",
      severity: failed ? "error" : undefined,
      error_type: failed
        ? (response.error_type ?? (ex.status !== undefined ? `http_${ex.status}` : "error"))
        : undefined,
      response_size_bytes: ex.headers.has("content-length") ? Number(ex.headers.get("content-length")) : undefined,
    });
  }

  /** The held exchange: an event if a response status was seen, else a request that never got its response. */
  private flushPending(): ParsedRecord[] {
    const ex = this.pending;
    if (ex === null) return [];
    this.pending = null;
    const raw = ex.raw.join("\n");
    if (ex.status === undefined) {
      return [
        {
          ok: false,
          line: ex.line,
          raw,
          code: "incomplete_record",
          message: `request on line ${ex.line} has no response after it (no HTTP status line or JSON body)`,
        },
      ];
    }
    return [{ ...ok(this.exchangeFields(ex, {})), line: ex.line, raw }];
  }
}

export const tfservingRestFormat: Format = {
  name: "tfserving-rest",
  description:
    "TensorFlow Serving REST traffic: curl transcripts, HTTP response lines, JSON request/response bodies " +
    "(predict/classify/regress, errors, model status) and PredictionLog records in proto3 JSON. Inputs are hashed, " +
    "outputs summarized; bodies without a time take the file's reference time.",
  examples: [
    '$ curl -d \'{"instances": [1.0,2.0,5.0]}\' -X POST http://localhost:8501/v1/models/saved_model_half_plus_three:predict\n{\n    "predictions": [3.5, 4.0, 5.5]\n}',
    '{ "error": "Servable not found for request: Latest(half)" }',
  ],
  // Specific first keys only: a lone `{` says nothing, and `"inputs": [`/`"outputs": [` open KServe V2 documents.
  detect: (line) =>
    /^\s*(?:\$\s+)?curl\s.*\/v1\/models\//.test(line) ||
    // The URL line of a backslash-continued curl command (plain string tests: detect runs on every line).
    (/^\s+-/.test(line) && line.includes("://") && line.includes("/v1/models/")) ||
    /^\s*(?:\{\s*)?"(?:instances|predictions|model_version_status|logMetadata|log_metadata|predictLog|predict_log|classifyLog|regressLog)"\s*:/.test(
      line,
    ) ||
    /^\s*(?:\{\s*)?"(?:inputs|outputs)"\s*:\s*(?:\{|\[\s*[[\d"-])/.test(line) ||
    /^\s*\{\s*"error"\s*:\s*"Servable not found/.test(line),
  open: (context) => new RestSession(context),
};
