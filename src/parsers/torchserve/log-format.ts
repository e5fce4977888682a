// `torchserve`: TorchServe log4j logs (ts_log, model_log, access_log, ts_metrics) with continuation lines.
import { continuationSession, type StartResult } from "../common/continuation-session.js";
import { boundedMessage, compact, ok } from "../common/records.js";

import type { Format, LineResult, ParseContext } from "../types.js";
import { accessFields } from "./access-log.js";
import {
  type PatternHeader,
  parseLogLine,
  type ShortHeader,
  severityOf,
  TORCHSERVE_LINE_START,
  workerFields,
} from "./log-line.js";
import { lifecycleFields } from "./messages.js";
import { looksLikeMetric, metricFields, parseTsMetric } from "./metric-line.js";

type Header = PatternHeader | ShortHeader | { readonly kind: "metric"; readonly result: LineResult };

/** The part of a WorkerLifeCycle message after `[METRICS]`, without log4j's `, pattern=[METRICS]` echo. */
function backendMetricText(message: string): string | undefined {
  const at = message.indexOf("[METRICS]");
  if (at < 0) return undefined;
  return message.slice(at + "[METRICS]".length).replace(/, pattern=\[METRICS\]\s*$/, "");
}

function bareMetric(text: string): LineResult {
  const p = parseTsMetric(text);
  if (p === null) return { ok: false, code: "unparseable", message: "not a TorchServe metric line" };
  if (!p.ok) return { ok: false, code: "unparseable", message: p.message };
  if (p.metric.epochMs === undefined) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: "metric line has no `timestamp:` or epoch after its hostname",
    };
  }
  return ok({ timestamp: p.metric.epochMs, ...metricFields(p.metric), message: text });
}

/** Message-specific fields: access log, metric (frontend or backend), lifecycle, or nothing. */
function messageFields(
  message: string,
  logger: string | undefined,
): { fields: Record<string, unknown> } | { error: string } {
  if (logger === "ACCESS_LOG" || logger === undefined) {
    const a = accessFields(message);
    if (a) return { fields: a };
  }
  const metricText = backendMetricText(message) ?? (looksLikeMetric(message.trim()) ? message : undefined);
  if (metricText !== undefined) {
    const p = parseTsMetric(metricText);
    if (p !== null && !p.ok) return { error: p.message };
    if (p !== null) return { fields: { ...metricFields(p.metric), metric_timestamp: p.metric.epochMs } };
  }
  return { fields: lifecycleFields(message) };
}

function finish(header: Header, continuation: readonly string[]): LineResult {
  if (header.kind === "metric") return header.result;
  const first = header.message;
  const full =
    continuation.length === 0 ? first : first === "" ? continuation.join("\n") : `${first}\n${continuation.join("\n")}`;
  const base =
    header.kind === "pattern"
      ? {
          timestamp: header.timestamp,
          severity: severityOf(header.level),
          thread: header.thread,
          logger: header.logger,
          ...workerFields(header.thread),
        }
      : { timestamp: header.timestamp };
  const specific = messageFields(first === "" ? full : first, header.kind === "pattern" ? header.logger : undefined);
  if ("error" in specific) return { ok: false, code: "unparseable", message: specific.error };
  const fields = specific.fields;
  // The message's own model (metric dimension, URI) wins over the one the worker thread names.
  const merged = { ...base, ...compact(fields) };
  return ok({ ...merged, ...boundedMessage(full), continuation_lines: continuation.length || undefined });
}

function start(text: string, context: ParseContext): StartResult<Header> | null {
  const p = parseLogLine(text, context);
  if (p !== null) return p.ok ? { ok: true, header: p.header } : p;
  if (looksLikeMetric(text)) return { ok: true, header: { kind: "metric", result: bareMetric(text) }, complete: true };
  return null;
}

export const torchserveLogFormat: Format = {
  name: "torchserve",
  description:
    "TorchServe logs: log4j lines of ts_log/model_log/console (`2024-05-30T21:46:03,625 [INFO ] thread logger - msg`), " +
    "access_log/ts_metrics/model_metrics (`date - msg`), bare metric lines (`Name.Unit:value|#dims|#hostname:h,timestamp:t`); " +
    "lines without a timestamp continue the previous record. Times without a zone are read in the source's time zone.",
  examples: [
    '2024-05-30T21:41:47,098 [INFO ] epollEventLoopGroup-3-2 ACCESS_LOG - /127.0.0.1:36270 "GET /models HTTP/1.1" 200 2',
    '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
    "2024-05-30T21:46:03,626 [INFO ] epollEventLoopGroup-3-2 TS_METRICS - Requests4XX.Count:1.0|#Level:Host|#hostname:ip-172-31-11-32,timestamp:1717105563",
    "2024-06-22T18:40:52,653 [INFO ] W-9000-res50-trt_1.0-stdout org.pytorch.serve.wlm.WorkerLifeCycle - result=[METRICS]ts_handler_inference.Milliseconds:1.600767970085144|#ModelName:res50-trt,Level:Model|#type:GAUGE|#hostname:ip-172-31-4-205,1719081652,edac5623-7904-47a9-b6f6-bdcc5f8590ed, pattern=[METRICS]",
    "CPUUtilization.Percent:0.0|#Level:Host|#hostname:my_machine_name,timestamp:1682098185",
  ],
  detect: (line) => TORCHSERVE_LINE_START.test(line) || looksLikeMetric(line),
  open: (context) =>
    continuationSession<Header>(
      {
        start,
        finish: (h, c) => finish(h, c),
        orphanMessage:
          "line does not start with a TorchServe timestamp (yyyy-MM-ddTHH:mm:ss,SSS) and no record precedes it to continue",
      },
      context,
    ),
};
