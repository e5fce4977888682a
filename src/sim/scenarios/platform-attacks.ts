// Seed 7: attacks on the multi-model platform through the API gateway: reconnaissance across models and versions,
// model extraction by systematic queries from one key, and poisoning through the feedback endpoint.
import { STREAMS } from "../events.js";
import { CATALOG } from "../platform.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { outsider, round3, spread } from "./helpers.js";

const SCANNER = outsider("trial-7731", "key-trial-7731", "198.51.100.23");
const EXTRACTOR = outsider("partner-acme", "key-5e11d", "198.51.100.41");
const FEEDBACK = outsider("feedback-ring", "key-fb-0f3c", "198.51.100.88");

const PROBED = [
  ...CATALOG.map((m) => m.name),
  "admin-model",
  "internal-llm",
  "gpt-4-finetune",
  "face-id",
  "test",
  "debug",
];

export const reconnaissance: Scenario = {
  name: "reconnaissance",
  kind: "attack",
  seed: 7,
  atlas: ATLAS.modelFamily,
  description:
    "A trial key walks through 26 model names x versions 1-6 at ~3 req/s: mostly 404s, a few hits on real models.",
  entities: { user_id: SCANNER.id, auth_token_id: SCANNER.key, client_ip: SCANNER.ip },
  streams: [STREAMS.gateway],
  signal: "one client touching dozens of distinct model_name/model_version pairs, 404 share > 50%",
  create({ window, rng, traffic }) {
    let i = 0;
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 3, (at) => {
          const model = PROBED[Math.floor(i / 6) % PROBED.length] as string;
          const version = String((i % 6) + 1);
          i++;
          const real = CATALOG.find((m) => m.name === model)?.versions.includes(version) ?? false;
          out.emit(
            traffic.gateway(at, {
              client: SCANNER,
              model,
              version,
              status: real ? 200 : 404,
              latencyMs: real ? undefined : rng.int(2, 6),
            }),
          );
        });
      },
    };
  },
};

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
