// Seed 5: canary v2.1 of loan-approval on 10% of traffic: a latency regression, an error regression, and a healthy
// canary (the benign look-alike). The rollout's Argo events announce it; nothing rolls it back by itself.
import { type SimEvent, STREAMS } from "../events.js";
import { LOAN } from "../platform.js";
import type { Scenario, ScenarioRun, Window } from "../scenario.js";
import type { Traffic } from "../traffic.js";
import { tickHolds } from "./helpers.js";

function canaryRun(window: Window, traffic: Traffic, change: ((e: SimEvent) => void) | undefined): ScenarioRun {
  return {
    tick(t, tickMs, out) {
      if (tickHolds(t, tickMs, window.start)) {
        traffic.loanCanaryWeight = 0.1;
        const rollout = { kind: "Rollout" as const, object: LOAN.name, warning: false };
        out.emit(
          traffic.k8s(window.start, {
            ...rollout,
            reason: "RolloutUpdated",
            message: "Rollout updated to revision 21",
          }),
        );
        out.emit(
          traffic.k8s(window.start + 2000, {
            ...rollout,
            reason: "TrafficWeightUpdated",
            message: "Traffic weight updated from 0 to 10",
          }),
        );
      }
      if (tickHolds(t, tickMs, window.end)) traffic.loanCanaryWeight = 0;
    },
    ...(change
      ? {
          adjust(e: SimEvent) {
            if (e.f.deployment_group === "canary") change(e);
          },
        }
      : {}),
  };
}

const streams = [STREAMS.loanA, STREAMS.loanB, STREAMS.rollouts];

export const canaryLatency: Scenario = {
  name: "canary-latency",
  kind: "incident",
  seed: 5,
  atlas: null,
  description: "loan-approval v2.1 canary (10%): p99 latency ~900 ms against ~50 ms for v2.0, for the whole window.",
  entities: { model_name: LOAN.name, model_version: LOAN.canary, deployment_group: "canary" },
  streams,
  signal: "canary latency_ms lognormal around 650 ms (p99 > 500 ms for minutes)",
  create: ({ window, traffic, rng }) =>
    canaryRun(window, traffic, (e) => {
      e.f.latency_ms = Math.round(rng.lognormal(650, 0.2));
    }),
};

export const canaryErrors: Scenario = {
  name: "canary-errors",
  kind: "incident",
  seed: 5,
  atlas: null,
  description: "loan-approval v2.1 canary (10%): 12% of its requests fail (v2.0: 0.1%), latency unchanged.",
  entities: { model_name: LOAN.name, deployment_group: "canary" },
  streams,
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

export const canaryHealthy: Scenario = {
  name: "canary-healthy",
  kind: "benign",
  atlas: null,
  description: "loan-approval v2.1 canary (10%) that behaves like v2.0: same latency, errors and confidence.",
  entities: { model_name: LOAN.name, model_version: LOAN.canary, deployment_group: "canary" },
  streams,
  signal: "none: canary indistinguishable from stable",
  create: ({ window, traffic }) => canaryRun(window, traffic, undefined),
};
