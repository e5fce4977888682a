// The canary rollout the seed-5 scenarios share: Argo events announce loan-approval v2.1 on 10% of traffic for the
// window; a scenario passes what changes on the canary's requests. Nothing rolls it back by itself.
import { type SimEvent, STREAMS } from "../events.js";
import { LOAN } from "../platform.js";
import type { ScenarioRun, Window } from "../scenario.js";
import type { Traffic } from "../traffic.js";
import { tickHolds } from "./helpers.js";

export function canaryRun(window: Window, traffic: Traffic, change: ((e: SimEvent) => void) | undefined): ScenarioRun {
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

export const CANARY_STREAMS = [STREAMS.loanA, STREAMS.loanB, STREAMS.rollouts];
