// One evaluation: read the alerts and their evidence through KQL, then score them against the labels.
import { type EvalLabel, entityFields } from "./labels.js";
import { type EvalReport, score } from "./score.js";
import { type RunKql, readAlerts, readEntities, readSpan } from "./source.js";

export interface EvaluateOptions {
  /** Only alerts of this mode (default: both; shadow rules are exactly the ones under evaluation). */
  readonly mode?: "live" | "shadow";
}

export async function evaluate(
  run: RunKql,
  labels: readonly EvalLabel[],
  o: EvaluateOptions = {},
): Promise<EvalReport> {
  const alerts = await readAlerts(run, o.mode);
  const evidence = await readEntities(
    run,
    alerts.flatMap((a) => a.evidence_event_ids),
    entityFields(labels),
  );
  // The events' span is the simulated time; without events, fall back on the labels' own span.
  const span =
    (await readSpan(run)) ?? Math.max(...labels.map((l) => l.end_ms)) - Math.min(...labels.map((l) => l.start_ms));
  return score({ labels, alerts, evidence, span_ms: span });
}
