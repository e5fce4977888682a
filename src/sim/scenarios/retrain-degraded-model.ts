// Seed 11: the retraining pipeline ships a degraded model: a poor AUC, then lower-confidence predictions.
import { STREAMS } from "../events.js";
import { LOAN } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { round3, tickHolds } from "./helpers.js";

export const DEGRADED_VERSION = "2.2";

export const retrainDegradedModel: Scenario = {
  name: "retrain-degraded-model",
  kind: "incident",
  seed: 11,
  atlas: null,
  description:
    "A retraining run succeeds with AUC 0.71 (usually ~0.87) and version 2.2 is rolled out; its predictions have visibly lower confidence.",
  entities: { model_name: LOAN.name, model_version: DEGRADED_VERSION },
  streams: [STREAMS.pipeline, STREAMS.loanA, STREAMS.loanB, STREAMS.rollouts],
  signal: "job_succeeded with metrics.auc 0.71, then loan-approval 2.2 with confidence ~0.55-0.7",
  create({ window, rng, traffic }) {
    const deployAt = window.start + 60_000;
    return {
      tick(t, tickMs, out) {
        if (tickHolds(t, tickMs, window.start)) {
          const startedAt = window.start - 2_400_000;
          const metrics = { auc: 0.712, accuracy: 0.801, rows_trained: 1_402_118 };
          out.emit(
            traffic.job(window.start, {
              runId: "degraded-run",
              status: "succeeded",
              startedAt,
              version: DEGRADED_VERSION,
              metrics,
            }),
          );
        }
        if (tickHolds(t, tickMs, deployAt)) {
          out.emit(
            traffic.k8s(deployAt, {
              kind: "Rollout",
              object: LOAN.name,
              reason: "RolloutUpdated",
              message: "Rollout updated to revision 22",
              warning: false,
            }),
          );
        }
      },
      adjust(e) {
        if (
          e.t < deployAt ||
          e.f.model_name !== LOAN.name ||
          e.f.outcome !== "success" ||
          e.f.deployment_group !== "default"
        )
          return;
        if (e.stream.format !== "kserve-payload") return;
        const conf = round3(0.52 + 0.18 * rng.float());
        const top = Number(e.f.prediction_label);
        e.f.model_version = DEGRADED_VERSION;
        e.f.confidence = conf;
        e.x.probs = top === 1 ? [round3(1 - conf), conf] : [conf, round3(1 - conf)];
      },
    };
  },
};
