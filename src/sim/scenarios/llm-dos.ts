// Seed 9: LLM denial of service: a flood of long prompts drives chatbot latency up and backend errors +30%.
import { STREAMS } from "../events.js";
import { CHATBOT } from "../platform.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { spread } from "./helpers.js";

const LONG =
  "Analyze the following contract clause by clause, compare every clause with every other clause, and list all contradictions in a table: ";

export const llmDos: Scenario = {
  name: "llm-dos",
  kind: "attack",
  seed: 9,
  atlas: ATLAS.denial,
  description:
    "Twenty throw-away accounts send ~2 long prompts/s (6-8k tokens): chatbot latency rises to 8-30 s, 30% of calls fail with 503, vLLM logs overload errors.",
  entities: { model_name: CHATBOT.name },
  streams: [STREAMS.litellm, STREAMS.vllm],
  signal: "tokens_in 6000-8000 on many calls, latency_ms > 8000, outcome=failure ~30%, vLLM error lines",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 2, (at) => {
          const user = `user-${9000 + rng.int(0, 19)}`;
          const fail = rng.chance(0.3);
          const tokensIn = rng.int(6000, 8000);
          for (const e of traffic.chat(at, {
            user,
            text: `${LONG}[${tokensIn} tokens of pasted text]`,
            tokensIn,
            tokensOut: rng.int(600, 1200),
            latencyMs: Math.round(rng.lognormal(14_000, 0.4)),
            ...(fail
              ? {
                  fail: {
                    type: "ServiceUnavailableError",
                    code: 503,
                    message: "vLLM backend overloaded: request queue full",
                  },
                }
              : {}),
          })) {
            out.emit(e);
          }
          if (fail)
            out.emit(
              traffic.vllmError(
                at + 50,
                "Error in chat completion: engine request queue is full (max_num_seqs reached)",
              ),
            );
        });
      },
    };
  },
};
