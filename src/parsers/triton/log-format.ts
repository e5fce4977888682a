// `triton`: NVIDIA Triton Inference Server logs, `--log-format default` and `--log-format ISO8601`.
//
// Lines without a header (box tables, model configs) belong to the entry before them.
//
// Times: Triton formats both layouts from gmtime_r, so they are UTC whatever the host's zone (context.timeZone is
// not used). The default layout has no year. It is inferred per line with inferYear(month, day,
// context.referenceTime): the year that puts the date closest to, and at most one day after, the reference time
// (the file's modification time, else the ingest time). So lines from December read in early January belong to the
// previous year, and a file spanning New Year gets both years right as long as it is read within about a year of
// being written. A `0229` line goes to the latest leap year not after that choice.

import { continuationSession, type StartResult } from "../common/continuation-session.js";
import { severityFromLetter } from "../common/glog-severity.js";
import { boundedMessage, ok } from "../common/records.js";
import { fractionToMs, wallClockMs, yearOf } from "../common/times.js";
import type { Format, LineResult, ParseContext } from "../types.js";
import { modelTableFields, tritonMessageFields } from "./messages.js";
import { parseBoxTable } from "./table.js";

// The file is a bare name (Triton strips directories); Python-backend entries carry one extra space before the text.
const DEFAULT_LINE = /^([IWEV])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6,9}) +(\d+) ([^\s\]]+?):(\d+)\] ?(.*)$/;
const ISO_LINE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z ([IWEV]) (\d+) ([^\s\]]+?):(\d+)\] ?(.*)$/;

// Detection is stricter than parsing: exactly one space before the pid, as Triton writes it (glog pads thread ids).
const DETECT_DEFAULT = /^[IWEV]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} \d+ [^\s\]]+:\d+\]/;
const DETECT_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z [IWEV] \d+ [^\s\]]+:\d+\]/;

interface Header {
  readonly timestamp: number;
  readonly letter: string;
  readonly pid: number;
  readonly file: string;
  readonly lineNo: number;
  readonly heading: string;
  readonly layout: "default" | "ISO8601";
}

/**
 * The header of a matched line. Both layouts hold the date at groups 2-3 and the time at 4-7; `rest` is the group of
 * the pid, followed by file, line number and message.
 */
function header(
  m: RegExpExecArray,
  year: number,
  letter: string | undefined,
  rest: number,
  layout: Header["layout"],
): StartResult<Header> {
  const n = (i: number): number => Number(m[i]);
  const t = wallClockMs(
    { year, month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), millisecond: fractionToMs(m[7]) },
    "UTC",
  );
  if (!t.ok) return { ok: false, code: "invalid_timestamp", message: `Triton timestamp ${t.message}` };
  return {
    ok: true,
    header: {
      timestamp: t.ms,
      letter: letter ?? "I",
      pid: n(rest),
      file: m[rest + 1] ?? "",
      lineNo: n(rest + 2),
      heading: m[rest + 3] ?? "",
      layout,
    },
  };
}

function start(text: string, context: ParseContext): StartResult<Header> | null {
  const d = DEFAULT_LINE.exec(text);
  if (d) return header(d, yearOf(Number(d[2]), Number(d[3]), context.referenceTime), d[1], 8, "default");
  const s = ISO_LINE.exec(text);
  if (s) return header(s, Number(s[1]), s[8], 9, "ISO8601");
  return null;
}

/**
 * Newer builds write the message as an escaped, quoted string (so a message cannot forge a log line); older ones
 * write it bare. A quoted heading that is a valid JSON string is unescaped; anything else is kept as written.
 */
function unquote(heading: string): { text: string; escaped: boolean } {
  const h = heading.trim();
  if (h.length >= 2 && h.startsWith('"') && h.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(h);
      if (typeof v === "string") return { text: v, escaped: true };
    } catch {
      // Not JSON-escaped after all: keep it verbatim.
    }
  }
  return { text: h, escaped: false };
}

function finish(h: Header, continuation: readonly string[]): LineResult {
  const { text: heading, escaped } = unquote(h.heading);
  const full = [heading, ...continuation].filter((l, i) => i > 0 || l !== "").join("\n");
  const table = parseBoxTable(continuation);
  return ok({
    timestamp: h.timestamp,
    severity: severityFromLetter(h.letter),
    process_id: h.pid,
    source_file: h.file,
    source_line: h.lineNo,
    log_format: h.layout,
    message_escaped: escaped || undefined,
    ...tritonMessageFields(heading || full),
    ...(table ? { table: { columns: table.columns, rows: table.rows }, ...modelTableFields(table) } : {}),
    ...boundedMessage(full),
    continuation_lines: continuation.length || undefined,
  });
}

export const tritonLogFormat: Format = {
  name: "triton",
  description:
    "NVIDIA Triton server log, `--log-format default` (`I0802 18:11:47.100537 135 file.cc:1345] msg`, UTC, year " +
    "inferred from the file time) or `ISO8601`; quoted messages unescaped, box tables parsed, model load/unload events.",
  examples: [
    "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
    'I0803 18:43:44.778681 1525575 http_server.cc:4961] "Started HTTPService at 0.0.0.0:8000"',
    "I0520 20:03:25.912303 3355 server.cc:676]\n+--------+---------+--------+\n| Model  | Version | Status |\n+--------+---------+--------+\n| simple | 1       | READY  |\n+--------+---------+--------+",
  ],
  detect: (line) => DETECT_DEFAULT.test(line) || DETECT_ISO.test(line),
  open: (context) =>
    continuationSession<Header>(
      {
        start,
        finish: (h, c) => finish(h, c),
        orphanMessage:
          "line does not start with a Triton log header (LMMDD hh:mm:ss.uuuuuu pid file:line]) and no entry precedes it",
      },
      context,
    ),
};
