// Seed 10: cost harvesting: one user's key starts spending about ten times the tokens per call, far more often.
import { STREAMS } from "../events.js";
import { CHATBOT } from "../platform.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { spread } from "./helpers.js";

const HARVESTER = "user-0123";

export const tokenSpike: Scenario = {
  name: "token-spike",
  kind: "attack",
  seed: 10,
  atlas: ATLAS.costHarvesting,
  description:
    "user-0123's key starts sending a ~6k-token request every ~4 s (about 10x their usual tokens per call and 40x the calls): cost per hour explodes.",
  entities: { model_name: CHATBOT.name, user_id: HARVESTER },
  streams: [STREAMS.litellm],
  signal: "tokens_in + tokens_out per call ~10x the user's baseline, cost_usd per hour ~100x",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 1 / 4, (at) => {
          for (const e of traffic.chat(at, {
            user: HARVESTER,
            text: "Write a 3000-word marketing essay about cloud computing, then translate it into Spanish.",
            tokensIn: rng.int(1500, 2500),
            tokensOut: rng.int(3000, 4000),
            finish: "length",
          })) {
            out.emit(e);
          }
        });
      },
    };
  },
};
