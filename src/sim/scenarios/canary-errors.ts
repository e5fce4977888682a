// Seed 5, error variant: the loan-approval v2.1 canary fails far more often than v2.0 (more than twice its rate).
import { LOAN } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { CANARY_STREAMS, canaryRun } from "./canary-rollout.js";

export const canaryErrors: Scenario = {
  name: "canary-errors",
  kind: "incident",
  seed: 5,
  atlas: null,
  description: "loan-approval v2.1 canary (10%): 12% of its requests fail (v2.0: 0.1%), latency unchanged.",
  entities: { model_name: LOAN.name, deployment_group: "canary" },
  streams: CANARY_STREAMS,
  signal: "canary outcome=failure rate ~12%, more than 2x the stable version's",
  create: ({ window, traffic, rng }) =>
    canaryRun(window, traffic, (e) => {
      if (!rng.chance(0.12)) return;
      e.f.outcome = "failure";
      e.f.model_version = undefined;
      e.f.prediction_label = undefined;
      e.f.confidence = undefined;
      e.f.message = "KeyError: 'employment_length' (feature missing in v2.1 preprocessing)";
    }),
};
