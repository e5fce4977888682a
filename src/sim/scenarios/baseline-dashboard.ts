// Seed 1: the text classifier's ordinary day (request count, latency percentiles, class probabilities); no incident.
import { STREAMS } from "../events.js";
import { SENTIMENT } from "../platform.js";
import type { Scenario } from "../scenario.js";

export const baselineDashboard: Scenario = {
  name: "baseline-dashboard",
  kind: "benign",
  seed: 1,
  atlas: null,
  description: "Nothing injected: the sentiment classifier's normal traffic, the reference a dashboard shows.",
  entities: { model_name: SENTIMENT.name },
  streams: [STREAMS.sentiment],
  signal:
    "none: normal request rate, ~45 ms median latency, top-class confidence by class (positive 0.7-0.99, neutral 0.45-0.8, negative 0.6-0.97)",
  create: () => ({}),
};
