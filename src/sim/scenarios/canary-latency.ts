// Seed 5, latency variant: the loan-approval v2.1 canary answers with p99 well above 500 ms while v2.0 stays fast.
import { LOAN } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { CANARY_STREAMS, canaryRun } from "./canary-rollout.js";

export const canaryLatency: Scenario = {
  name: "canary-latency",
  kind: "incident",
  seed: 5,
  atlas: null,
  description: "loan-approval v2.1 canary (10%): p99 latency ~900 ms against ~50 ms for v2.0, for the whole window.",
  entities: { model_name: LOAN.name, model_version: LOAN.canary, deployment_group: "canary" },
  streams: CANARY_STREAMS,
  signal: "canary latency_ms lognormal around 650 ms (p99 > 500 ms for minutes)",
  create: ({ window, traffic, rng }) =>
    canaryRun(window, traffic, (e) => {
      e.f.latency_ms = Math.round(rng.lognormal(650, 0.2));
    }),
};
