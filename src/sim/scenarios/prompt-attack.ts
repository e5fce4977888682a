// The chatbot prompt attacks of seed 6 share one shape: one user sends attack prompts at a steady pace through
// LiteLLM, and the label names the chatbot and that user.
import { STREAMS } from "../events.js";
import { CHATBOT } from "../platform.js";
import type { Scenario, Technique } from "../scenario.js";
import { spread } from "./helpers.js";

export function promptAttack(o: {
  name: string;
  user: string;
  atlas: Technique;
  description: string;
  signal: string;
  prompts: readonly string[];
  response: string;
}): Scenario {
  return {
    name: o.name,
    kind: "attack",
    seed: 6,
    atlas: o.atlas,
    description: o.description,
    entities: { model_name: CHATBOT.name, user_id: o.user },
    streams: [STREAMS.litellm],
    signal: o.signal,
    create({ window, rng, traffic }) {
      return {
        tick(t, tickMs, out) {
          if (t < window.start || t >= window.end) return;
          spread(rng, t, tickMs, 1 / 8, (at) => {
            for (const e of traffic.chat(at, { user: o.user, text: rng.pick(o.prompts), response: o.response })) {
              out.emit(e);
            }
          });
        },
      };
    },
  };
}
