// Benign look-alikes that must not alert: a marketing surge, a planned deploy without regression, a security team
// discussing injection phrases with the chatbot, and a legitimate high-volume batch-scoring client.
import { STREAMS } from "../events.js";
import { CLIENTS, RESNET, SENTIMENT } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { outsider, spread, tickHolds } from "./helpers.js";

export const benignTrafficSurge: Scenario = {
  name: "benign-traffic-surge",
  kind: "benign",
  atlas: null,
  description:
    "A marketing campaign triples sentiment and resnet50 traffic from the usual applications; latency and errors stay normal.",
  entities: { model_name: SENTIMENT.name },
  streams: [STREAMS.sentiment, STREAMS.torchserve],
  signal: "request rate x3 with normal latency, errors and confidence",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 16, (at) => out.emit(traffic.sentiment(at)));
        spread(rng, t, tickMs, 10, (at) => out.emit(traffic.resnetAccess(at, rng.pick(CLIENTS))));
      },
    };
  },
};

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

const SECURITY_USER = "user-0007";

export const benignSecurityChat: Scenario = {
  name: "benign-security-chat",
  kind: "benign",
  atlas: null,
  description:
    "A security engineer asks the chatbot about injection attacks, quoting the phrases; answers are normal and leak nothing.",
  entities: { model_name: "support-chatbot", user_id: SECURITY_USER },
  streams: [STREAMS.litellm],
  signal: "prompt_text quotes injection phrases inside a question; responses are ordinary",
  create({ window, rng, traffic }) {
    const prompts = [
      "Our red team saw prompts like 'ignore all previous instructions'. How does your service defend against that?",
      "For our training deck: what is a jailbreak such as 'DAN' and why do models fall for it?",
      "Can you explain, in general terms, what prompt injection is and how customers can report it?",
    ];
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 1 / 30, (at) => {
          for (const e of traffic.chat(at, {
            user: SECURITY_USER,
            text: rng.pick(prompts),
            response:
              "Prompt injection is an attempt to override a model's instructions through its input. We filter such inputs and never execute instructions found in user text.",
          })) {
            out.emit(e);
          }
        });
      },
    };
  },
};

const BATCH = outsider("batch-scorer", "key-batch-01", "10.30.0.5");

export const benignBatchScoring: Scenario = {
  name: "benign-batch-scoring",
  kind: "benign",
  atlas: null,
  description:
    "The nightly batch-scoring job scores customers through fraud-score at ~25 req/s from one internal key: diverse inputs, normal confidence.",
  entities: { model_name: "fraud-score", auth_token_id: BATCH.key },
  streams: [STREAMS.gateway],
  signal: "high request rate from one key, but ordinary inputs and confidence, from an internal address",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 25, (at) =>
          out.emit(traffic.gateway(at, { client: BATCH, model: "fraud-score", version: "3" })),
        );
      },
    };
  },
};
