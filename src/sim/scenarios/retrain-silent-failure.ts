// Seed 11: the retraining pipeline fails silently: a run starts and never reports success or failure.
import { STREAMS } from "../events.js";
import { LOAN } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { tickHolds } from "./helpers.js";

export const retrainSilentFailure: Scenario = {
  name: "retrain-silent-failure",
  kind: "incident",
  seed: 11,
  atlas: null,
  description:
    "A retraining run of loan-approval starts and never reports success or failure (the job hangs); no new version appears.",
  entities: { model_name: LOAN.name, "attributes.run_id": "silent-run" },
  streams: [STREAMS.pipeline],
  signal: "job_started without a job_succeeded/job_failed within the usual ~45 min",
  create({ window, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (tickHolds(t, tickMs, window.start)) {
          out.emit(
            traffic.job(window.start, {
              runId: "silent-run",
              status: "started",
              startedAt: window.start,
              version: "2.2",
            }),
          );
        }
      },
    };
  },
};
