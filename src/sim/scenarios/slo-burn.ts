// Seed 12: an error-budget burn on the sentiment SLO (99.9% of inferences under 200 ms): 3% of requests go slow.
import { STREAMS } from "../events.js";
import { SENTIMENT } from "../platform.js";
import type { Scenario } from "../scenario.js";

export const sloBurn: Scenario = {
  name: "slo-burn",
  kind: "incident",
  seed: 12,
  atlas: null,
  description:
    "sentiment: 3% of requests take 300-900 ms (SLO: 99.9% under 200 ms), a burn rate of ~30x; median unchanged.",
  entities: { model_name: SENTIMENT.name },
  streams: [STREAMS.sentiment],
  signal: "share of latency_ms > 200 rises from ~0.1% to ~3%",
  create({ rng }) {
    return {
      adjust(e) {
        if (e.stream === STREAMS.sentiment && rng.chance(0.03)) e.f.latency_ms = rng.int(300, 900);
      },
    };
  },
};
