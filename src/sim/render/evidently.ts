// Evidently 0.4 reports (DataDriftTable): one report per line, with the model id in the metadata.
import type { SimEvent } from "../events.js";
import { iso } from "./time.js";

export interface DriftColumn {
  readonly name: string;
  readonly score: number;
  readonly threshold: number;
}

export function renderEvidently(e: SimEvent): string {
  const cols = e.x.columns as readonly DriftColumn[];
  const byColumn = cols
    .map(
      (c) =>
        `"${c.name}": {"column_name": "${c.name}", "column_type": "num", "drift_detected": ${c.score < c.threshold}, "drift_score": ${c.score}, "stattest_name": "K-S p_value", "stattest_threshold": ${c.threshold}}`,
    )
    .join(", ");
  const drifted = cols.filter((c) => c.score < c.threshold).length;
  const share = drifted / cols.length;
  return `{"version": "0.4.33", "timestamp": "${iso(e.t)}", "metadata": {"model_id": "${e.f.model_name}"}, "metrics": [{"metric": "DataDriftTable", "result": {"dataset_drift": ${share >= 0.5}, "drift_by_columns": {${byColumn}}, "number_of_columns": ${cols.length}, "number_of_drifted_columns": ${drifted}, "share_of_drifted_columns": ${share}}}]}`;
}
