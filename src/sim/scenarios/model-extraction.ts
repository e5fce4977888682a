// Seed 7: model extraction: one partner key queries pricing-model systematically, at a rate no ordinary client has.
import { STREAMS } from "../events.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { outsider, round3, spread } from "./helpers.js";

const EXTRACTOR = outsider("partner-acme", "key-5e11d", "198.51.100.41");

export const modelExtraction: Scenario = {
  name: "model-extraction",
  kind: "attack",
  seed: 7,
  atlas: ATLAS.extractModel,
  description:
    "One partner key queries pricing-model at ~15 req/s with systematically varied inputs (never repeating), for the whole window.",
  entities: { model_name: "pricing-model", auth_token_id: EXTRACTOR.key },
  streams: [STREAMS.gateway],
  signal: "one key, one model, request rate ~30x a normal client, all input_hash distinct, confidence spread wide",
  create({ window, rng, traffic }) {
    let n = 0;
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 15, (at) => {
          n++;
          out.emit(
            traffic.gateway(at, {
              client: EXTRACTOR,
              model: "pricing-model",
              version: "3",
              inputHash: `sweep${n.toString(16).padStart(11, "0")}`,
              confidence: round3(0.5 + 0.49 * rng.float()),
              label: rng.chance(0.5) ? "0" : "1",
            }),
          );
        });
      },
    };
  },
};
