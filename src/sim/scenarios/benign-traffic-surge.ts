// Benign look-alike: a marketing campaign triples traffic; latency, errors and confidence stay normal.
import { STREAMS } from "../events.js";
import { CLIENTS, SENTIMENT } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { spread } from "./helpers.js";

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
