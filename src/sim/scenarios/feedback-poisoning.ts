// Seed 7: feedback-loop poisoning: a ring of accounts floods spam-filter's feedback endpoint with flipped labels.
import { STREAMS } from "../events.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { outsider, spread } from "./helpers.js";

const FEEDBACK = outsider("feedback-ring", "key-fb-0f3c", "198.51.100.88");

export const feedbackPoisoning: Scenario = {
  name: "feedback-poisoning",
  kind: "attack",
  seed: 7,
  atlas: ATLAS.poison,
  description:
    "A ring of accounts posts ~4 feedback corrections/s to spam-filter, all relabelling spam as 'ham' (label 0).",
  entities: { model_name: "spam-filter", user_id: FEEDBACK.id },
  streams: [STREAMS.gateway],
  signal: "POST /v1/feedback spans from one client at a high rate, all with prediction_label 0",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 4, (at) => {
          out.emit(
            traffic.gateway(at, {
              client: FEEDBACK,
              model: "spam-filter",
              version: "1",
              path: "/v1/feedback/spam-filter",
              spanName: "POST /v1/feedback/{model}",
              label: "0",
              confidence: 1,
              latencyMs: rng.int(3, 9),
            }),
          );
        });
      },
    };
  },
};
