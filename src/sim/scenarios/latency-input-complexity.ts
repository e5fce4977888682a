// Seed 2 (input cause): vision-moderation is slow only for one client's very large images: latency follows input size.
import { STREAMS } from "../events.js";
import { CLIENTS, VISION } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { spread } from "./helpers.js";

const CLIENT = CLIENTS[6] as (typeof CLIENTS)[number];

export const latencyInputComplexity: Scenario = {
  name: "latency-input-complexity",
  kind: "incident",
  seed: 2,
  atlas: null,
  description:
    "vision-moderation (API gateway): one application sends 1024x1024 images (~12 MB) at 2/s that take ~2 s; its other requests and other clients stay fast.",
  entities: { model_name: VISION.name, user_id: CLIENT.id },
  streams: [STREAMS.gateway],
  signal: "latency_ms ~2000 with input_shape 1x3x1024x1024 and input_size_bytes ~12.6M; no infra events",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 2, (at) => {
          out.emit(
            traffic.vision(at, CLIENT, {
              inputShape: "1x3x1024x1024",
              inputBytes: 12_582_912 + rng.int(0, 50_000),
              latencyMs: Math.round(rng.lognormal(2100, 0.2)),
            }),
          );
        });
      },
    };
  },
};
