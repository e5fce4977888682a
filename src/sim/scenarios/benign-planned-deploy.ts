// Benign look-alike: a planned resnet50 deploy (1.0 -> 1.1), announced by its rollout events, with no regression.
import { STREAMS } from "../events.js";
import { RESNET } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { tickHolds } from "./helpers.js";

export const benignPlannedDeploy: Scenario = {
  name: "benign-planned-deploy",
  kind: "benign",
  atlas: null,
  description:
    "resnet50 1.0 -> 1.1 through a rollout announced by its events; the new version performs like the old one.",
  entities: { model_name: RESNET.name, model_version: RESNET.nextVersion },
  streams: [STREAMS.rollouts, STREAMS.torchserve],
  signal: "deploy events and a version change, no latency or error change",
  create({ window, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (tickHolds(t, tickMs, window.start)) {
          const rollout = { kind: "Rollout" as const, object: RESNET.name, warning: false };
          out.emit(
            traffic.k8s(window.start, {
              ...rollout,
              reason: "RolloutUpdated",
              message: "Rollout updated to revision 8",
            }),
          );
          traffic.resnetVersion = RESNET.nextVersion;
          out.emit(
            traffic.torchserveLog(
              window.start + 4000,
              "INFO",
              "org.pytorch.serve.wlm.ModelManager",
              `Model ${RESNET.name} loaded.`,
            ),
          );
          out.emit(
            traffic.k8s(window.start + 60_000, {
              ...rollout,
              reason: "RolloutCompleted",
              message: "Rollout completed update to revision 8",
            }),
          );
        }
      },
    };
  },
};
