// Batch job result lines of the daily retraining pipeline (started / succeeded / failed).
import type { SimEvent } from "../events.js";
import { iso } from "./time.js";

export function renderPipelineJob(e: SimEvent): string {
  const x = e.x;
  const o: Record<string, unknown> = {
    job: x.job,
    run_id: x.runId,
    status: x.status,
    started_at: iso(Number(x.startedAt)),
  };
  if (x.status !== "started") o.finished_at = iso(e.t);
  if (x.metrics) o.metrics = x.metrics;
  o.model_name = e.f.model_name;
  o.model_version = e.f.model_version;
  if (x.error) o.error = x.error;
  return JSON.stringify(o);
}
