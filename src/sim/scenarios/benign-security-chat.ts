// Benign look-alike: a security engineer discusses injection attacks with the chatbot, quoting the phrases.
import { STREAMS } from "../events.js";
import type { Scenario } from "../scenario.js";
import { spread } from "./helpers.js";

const SECURITY_USER = "user-0007";

export const benignSecurityChat: Scenario = {
  name: "benign-security-chat",
  kind: "benign",
  atlas: null,
  description:
    "A security engineer asks the chatbot about injection attacks, quoting the phrases; answers are normal and leak nothing.",
  entities: { model_name: "support-chatbot", user_id: SECURITY_USER },
  streams: [STREAMS.litellm],
  signal: "prompt_text quotes injection phrases inside a question; responses are ordinary",
  create({ window, rng, traffic }) {
    const prompts = [
      "Our red team saw prompts like 'ignore all previous instructions'. How does your service defend against that?",
      "For our training deck: what is a jailbreak such as 'DAN' and why do models fall for it?",
      "Can you explain, in general terms, what prompt injection is and how customers can report it?",
    ];
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 1 / 30, (at) => {
          for (const e of traffic.chat(at, {
            user: SECURITY_USER,
            text: rng.pick(prompts),
            response:
              "Prompt injection is an attempt to override a model's instructions through its input. We filter such inputs and never execute instructions found in user text.",
          })) {
            out.emit(e);
          }
        });
      },
    };
  },
};
