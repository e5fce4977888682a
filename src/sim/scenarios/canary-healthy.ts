// Seed 5, benign look-alike: a loan-approval v2.1 canary that behaves exactly like v2.0 and must not alert.
import { LOAN } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { CANARY_STREAMS, canaryRun } from "./canary-rollout.js";

export const canaryHealthy: Scenario = {
  name: "canary-healthy",
  kind: "benign",
  atlas: null,
  description: "loan-approval v2.1 canary (10%) that behaves like v2.0: same latency, errors and confidence.",
  entities: { model_name: LOAN.name, model_version: LOAN.canary, deployment_group: "canary" },
  streams: CANARY_STREAMS,
  signal: "none: canary indistinguishable from stable",
  create: ({ window, traffic }) => canaryRun(window, traffic, undefined),
};
