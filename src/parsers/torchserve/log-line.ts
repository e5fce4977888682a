// The line grammar of TorchServe's log4j patterns, its timestamps, and worker names carried in thread names.
import type { TimeParse } from "../../core/time.js";
import { fractionToMs, wallClockMs } from "../common/times.js";

import type { ParseContext } from "../types.js";

// log4j's ISO8601 is `yyyy-MM-dd'T'HH:mm:ss,SSS`; log4j 1 (TorchServe before 0.3) wrote a space for the `T`.
const TIME = String.raw`(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2}),(\d{3})`;
const LEVELS = "TRACE|DEBUG|INFO|WARN|ERROR|FATAL";

// The thread is taken lazily so that a thread name with spaces still leaves the logger as the token before " - ".
const PATTERN_LINE = new RegExp(String.raw`^${TIME} \[(${LEVELS})\s*\] (.+?) (\S+) -(?: (.*))?$`);
const SHORT_LINE = new RegExp(`^${TIME} - (.*)$`);
/** A line laid out like a record whose timestamp is damaged (e.g. cut short): reported, not merged upward. */
const DAMAGED_LINE = new RegExp(String.raw`^[\dT:,. -]{4,40}\[(${LEVELS})\s*\] \S`);

export const TORCHSERVE_LINE_START = new RegExp(String.raw`^${TIME} (?:\[(?:${LEVELS})\s*\] \S|- )`);

export interface PatternHeader {
  readonly kind: "pattern";
  readonly timestamp: number;
  readonly level: string;
  readonly thread: string;
  readonly logger: string;
  readonly message: string;
}

export interface ShortHeader {
  readonly kind: "short";
  readonly timestamp: number;
  readonly message: string;
}

export type LogLineParse =
  | { ok: true; header: PatternHeader | ShortHeader }
  | { ok: false; code: "invalid_timestamp" | "unparseable"; message: string }
  | null;

function lineTime(m: RegExpExecArray, context: ParseContext): TimeParse {
  const n = (i: number): number => Number(m[i]);
  return wallClockMs(
    { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), millisecond: fractionToMs(m[7]) },
    context.timeZone,
  );
}

/** Parses a record-start line; null when the line does not start a record (a continuation line). */
export function parseLogLine(text: string, context: ParseContext): LogLineParse {
  const p = PATTERN_LINE.exec(text);
  if (p) {
    const t = lineTime(p, context);
    if (!t.ok) return { ok: false, code: "invalid_timestamp", message: `TorchServe timestamp ${t.message}` };
    return {
      ok: true,
      header: {
        kind: "pattern",
        timestamp: t.ms,
        level: p[8] ?? "INFO",
        thread: p[9] ?? "",
        logger: p[10] ?? "",
        message: p[11] ?? "",
      },
    };
  }
  const s = SHORT_LINE.exec(text);
  if (s) {
    const t = lineTime(s, context);
    if (!t.ok) return { ok: false, code: "invalid_timestamp", message: `TorchServe timestamp ${t.message}` };
    return { ok: true, header: { kind: "short", timestamp: t.ms, message: s[8] ?? "" } };
  }
  if (DAMAGED_LINE.test(text)) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: "line has a TorchServe log level but its timestamp is not yyyy-MM-ddTHH:mm:ss,SSS",
    };
  }
  return null;
}

export function severityOf(level: string): string {
  const l = level.toLowerCase();
  return l === "warn" || l === "error" || l === "fatal" || l === "debug" || l === "trace" ? l : "info";
}

// `W-<port>-<model>_<version>[-stdout|-stderr]`: the version is what follows the last underscore.
const WORKER_THREAD = /^(W-(\d+)-(.+?)(?:_([^_]+?))?)(?:-(stdout|stderr))?$/;
const BACKEND_WORKER = /^BackendWorker-(\d+)$/;

/** Worker, model and output stream named by a thread such as `W-9000-resnet-50_1.0-stdout`. */
export function workerFields(thread: string): Record<string, unknown> {
  const w = WORKER_THREAD.exec(thread);
  if (w) {
    return {
      worker: w[1],
      worker_port: Number(w[2]),
      model_name: w[3],
      model_version: w[4],
      stream: w[5],
    };
  }
  const b = BACKEND_WORKER.exec(thread);
  if (b) return { worker_port: Number(b[1]) };
  return {};
}
