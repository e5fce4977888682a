// Seed 8: adversarial evasion against the vision moderation model: one client submits near-duplicate perturbations
// of one image; confidence collapses towards the decision boundary and the label flips from unsafe to safe.
import { STREAMS } from "../events.js";
import { VISION } from "../platform.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { outsider, progress, round3, spread } from "./helpers.js";

const ATTACKER = outsider("uploader-5521", "key-u5521", "198.51.100.77");

export const evasion: Scenario = {
  name: "evasion",
  kind: "attack",
  seed: 8,
  atlas: ATLAS.evade,
  description:
    "One uploader sends ~2 perturbed copies/s of the same image (same shape, size within +-40 bytes); confidence falls from 0.95 to ~0.5 and the label flips to safe.",
  entities: { model_name: VISION.name, user_id: ATTACKER.id, client_ip: ATTACKER.ip },
  streams: [STREAMS.gateway],
  signal:
    "near-identical input_size_bytes and input_shape, distinct input_hash, confidence trending to 0.5, unsafe->safe",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 2, (at) => {
          const p = progress(window, at);
          const conf = round3(Math.max(0.5, 0.95 - 0.45 * p + 0.03 * rng.normal()));
          out.emit(
            traffic.vision(at, ATTACKER, {
              inputBytes: 150_528 + rng.int(-40, 40),
              confidence: conf,
              label: p < 0.6 ? "unsafe" : "safe",
            }),
          );
        });
      },
    };
  },
};
