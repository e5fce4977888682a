// Benign look-alike: the nightly batch-scoring job, a legitimate high-volume client of fraud-score.
import { STREAMS } from "../events.js";
import type { Scenario } from "../scenario.js";
import { outsider, spread } from "./helpers.js";

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
