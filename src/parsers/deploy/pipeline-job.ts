// `pipeline-job`: batch job results as JSON lines ({"job", "run_id", "status", "started_at", "finished_at", "metrics"}).

import { asText, isObject, type JsonObject } from "../common/json-values.js";
import { objectLineFormat } from "../common/object-line-format.js";
import { compact } from "../common/records.js";
import { parseEventTime } from "../common/times.js";

import type { LineResult, ParseContext } from "../types.js";

function detect(line: string): boolean {
  const t = line.trim();
  return (
    t.startsWith("{") &&
    t.endsWith("}") &&
    /"job"\s*:\s*"/.test(t) &&
    /"run_id"\s*:/.test(t) &&
    /"status"\s*:\s*"/.test(t)
  );
}

/** Schedulers spell the same states differently; events use one spelling each. */
const STATUS: Record<string, string> = {
  started: "started",
  start: "started",
  running: "running",
  succeeded: "succeeded",
  success: "succeeded",
  successful: "succeeded",
  completed: "succeeded",
  complete: "succeeded",
  done: "succeeded",
  failed: "failed",
  failure: "failed",
  error: "failed",
  errored: "failed",
  cancelled: "cancelled",
  canceled: "cancelled",
  skipped: "skipped",
};

const OUTCOME: Record<string, "success" | "failure"> = {
  succeeded: "success",
  failed: "failure",
  cancelled: "failure",
};

type Time = { ok: true; ms: number | undefined } | { ok: false; message: string };

function timeField(obj: JsonObject, key: string, context: ParseContext): Time {
  const v = obj[key];
  if (v === undefined || v === null || v === "") return { ok: true, ms: undefined };
  const t = parseEventTime(v, context.timeZone);
  return t.ok ? t : { ok: false, message: `field '${key}' ${t.message}` };
}

const CONSUMED = [
  "job",
  "run_id",
  "status",
  "started_at",
  "finished_at",
  "timestamp",
  "metrics",
  "model_version",
  "model_name",
  "model",
  "error",
];

export function pipelineRecord(obj: JsonObject, context: ParseContext): LineResult {
  const job = asText(obj.job);
  const rawStatus = asText(obj.status);
  if (!job || !rawStatus) return { ok: false, code: "unparseable", message: "a job result needs 'job' and 'status'" };
  const started = timeField(obj, "started_at", context);
  if (!started.ok) return { ok: false, code: "invalid_timestamp", message: started.message };
  const finished = timeField(obj, "finished_at", context);
  if (!finished.ok) return { ok: false, code: "invalid_timestamp", message: finished.message };
  const stamped = timeField(obj, "timestamp", context);
  if (!stamped.ok) return { ok: false, code: "invalid_timestamp", message: stamped.message };
  const status = STATUS[rawStatus.toLowerCase()] ?? rawStatus.toLowerCase();
  // The event happened when the job reached this status: its end if it has one, else its start.
  const timestamp = stamped.ms ?? finished.ms ?? started.ms;
  if (timestamp === undefined) {
    return {
      ok: false,
      code: "missing_timestamp",
      message: "a job result needs 'finished_at', 'started_at' or 'timestamp'",
    };
  }
  const duration = started.ms !== undefined && finished.ms !== undefined ? finished.ms - started.ms : undefined;
  const error = obj.error;
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (!CONSUMED.includes(k)) rest[k] = v;
  const outcome = OUTCOME[status] ?? "unknown";
  return {
    ok: true,
    record: compact({
      ...rest,
      timestamp,
      event_kind: "pipeline",
      event_action: `job_${status}`,
      outcome,
      severity: outcome === "failure" ? "error" : "info",
      message: `${job} run ${String(obj.run_id ?? "?")} ${status}${typeof error === "string" ? `: ${error}` : ""}`,
      latency_ms: duration !== undefined && duration >= 0 ? duration : undefined,
      model_name: asText(obj.model_name) ?? asText(obj.model),
      model_version:
        obj.model_version === undefined || obj.model_version === null ? undefined : String(obj.model_version),
      job_name: job,
      run_id: obj.run_id === undefined || obj.run_id === null ? undefined : String(obj.run_id),
      job_status: rawStatus,
      error_message: typeof error === "string" ? error : undefined,
      error_details: isObject(error) ? error : undefined,
      // Nested, not spread: a metric named `latency_ms` or `confidence` must not pose as an event column.
      metrics: isObject(obj.metrics) ? obj.metrics : undefined,
    }),
  };
}

export const pipelineJobFormat = objectLineFormat({
  name: "pipeline-job",
  description:
    'Batch/ML pipeline job results as JSON lines ({"job", "run_id", "status": started|succeeded|failed, ' +
    '"started_at", "finished_at", "metrics", "model_version"}): pipeline events `job_<status>` with duration.',
  examples: [
    '{"job": "retrain-loan", "run_id": "2026-11-22T02:00:00Z-7f3a", "status": "succeeded", "started_at": "2026-11-22T02:00:04Z", "finished_at": "2026-11-22T02:41:37.250Z", "metrics": {"auc": 0.871, "accuracy": 0.912, "rows_trained": 1840221}, "model_version": "9"}',
  ],
  detect,
  record: pipelineRecord,
});
