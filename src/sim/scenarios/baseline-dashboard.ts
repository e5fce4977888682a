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
  signal: "none: normal request rate, ~45 ms median latency, top-class confidence 0.62-0.99",
  create: () => ({}),
};
