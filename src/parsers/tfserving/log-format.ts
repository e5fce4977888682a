// `tfserving`: TensorFlow Serving's glog-style server log, with servable load/unload lifecycle events.
import { continuationSession, type StartResult } from "../common/continuation-session.js";
import { severityFromLetter } from "../common/glog-severity.js";
import { boundedMessage, ok } from "../common/records.js";
import { fractionToMs, wallClockMs, yearOf } from "../common/times.js";
import type { Format, LineResult, ParseContext } from "../types.js";
import { tfLifecycleFields } from "./lifecycle.js";

// TensorFlow's logging writes strftime("%Y-%m-%d %H:%M:%S") in local time, then the microseconds.
const TF_LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{1,9}): ([IWEF]) ([^\s\]]+?):(\d+)\](?: ?(.*))?$/;
// glog as gRPC core writes it in the same stream: `E0621 19:20:34.134165172       7 ev_epoll1_linux.c:1051] msg`.
const GLOG_LINE = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6,9})\s+(\d+) ([^\s\]]+?):(\d+)\]\s?(.*)$/;

interface Header {
  readonly timestamp: number;
  readonly letter: string;
  readonly file: string;
  readonly lineNo: number;
  readonly message: string;
  readonly threadId?: number;
}

function start(text: string, context: ParseContext): StartResult<Header> | null {
  const t = TF_LINE.exec(text);
  const g = t ? null : GLOG_LINE.exec(text);
  if (!t && !g) return null;
  const n = (m: RegExpExecArray, i: number): number => Number(m[i]);
  let time: ReturnType<typeof wallClockMs>;
  let header: Omit<Header, "timestamp">;
  if (t) {
    time = wallClockMs(
      {
        year: n(t, 1),
        month: n(t, 2),
        day: n(t, 3),
        hour: n(t, 4),
        minute: n(t, 5),
        second: n(t, 6),
        millisecond: fractionToMs(t[7]),
      },
      context.timeZone,
    );
    header = { letter: t[8] ?? "I", file: t[9] ?? "", lineNo: n(t, 10), message: t[11] ?? "" };
  } else {
    const m = g as RegExpExecArray;
    const month = n(m, 2);
    const day = n(m, 3);
    time = wallClockMs(
      {
        year: yearOf(month, day, context.referenceTime),
        month,
        day,
        hour: n(m, 4),
        minute: n(m, 5),
        second: n(m, 6),
        millisecond: fractionToMs(m[7]),
      },
      context.timeZone,
    );
    header = { letter: m[1] ?? "I", threadId: n(m, 8), file: m[9] ?? "", lineNo: n(m, 10), message: m[11] ?? "" };
  }
  if (!time.ok) return { ok: false, code: "invalid_timestamp", message: `log timestamp ${time.message}` };
  return { ok: true, header: { ...header, timestamp: time.ms } };
}

function finish(h: Header, continuation: readonly string[]): LineResult {
  const lines = h.message === "" ? continuation : [h.message, ...continuation];
  const full = lines.join("\n");
  return ok({
    timestamp: h.timestamp,
    severity: severityFromLetter(h.letter),
    source_file: h.file,
    source_line: h.lineNo,
    thread_id: h.threadId,
    ...tfLifecycleFields(full),
    ...boundedMessage(full),
    continuation_lines: continuation.length || undefined,
  });
}

export const tfservingLogFormat: Format = {
  name: "tfserving",
  description:
    "TensorFlow Serving server log (`2024-01-17 20:47:00.893640: I tensorflow_serving/core/loader_harness.cc:95] msg`, " +
    "local time): severity, source file, servable load/unload events with model name and version.",
  examples: [
    "2024-01-17 20:47:00.893640: I tensorflow_serving/core/loader_harness.cc:95] Successfully loaded servable version {name: s2d version: 1}",
    "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]\nExporting HTTP/REST API at:localhost:8501 ...",
  ],
  detect: (line) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,9}: [IWEF] [^\s\]]+:\d+\]/.test(line),
  open: (context) =>
    continuationSession<Header>(
      {
        start,
        finish: (h, c) => finish(h, c),
        orphanMessage:
          "line does not start with a TF Serving timestamp (YYYY-MM-DD HH:MM:SS.ffffff: L file:line]) and no record precedes it to continue",
      },
      context,
    ),
};
