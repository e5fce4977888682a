// Seed 4: a compromised ingestion channel. Requests arriving through `source_A` drift to low-confidence, mostly
// "approve" answers (poisoned records), ramping up over the window, while `source_B` stays as it was.
import { STREAMS } from "../events.js";
import { LOAN } from "../platform.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { progress, round3 } from "./helpers.js";

export const poisoningSourceA: Scenario = {
  name: "poisoning-source-a",
  kind: "attack",
  seed: 4,
  atlas: ATLAS.poison,
  description:
    "loan-approval requests from feed source_A: confidence falls from ~0.8 to ~0.55 and approvals rise, ramping over the window (the 72 h skew of DESIGN.md, compressed); source_B unchanged.",
  entities: { model_name: LOAN.name, source_id: "source_A" },
  streams: [STREAMS.loanA],
  signal: "confidence of source_A requests skews low against source_B; prediction_label 1 share rises",
  create({ window, rng }) {
    return {
      adjust(e) {
        if (e.stream !== STREAMS.loanA || e.f.outcome !== "success") return;
        const p = progress(window, e.t);
        if (!rng.chance(0.3 + 0.6 * p)) return;
        const conf = round3(0.5 + 0.12 * rng.float());
        e.f.confidence = conf;
        e.f.prediction_label = "1";
        e.x.probs = [round3(1 - conf), conf];
      },
    };
  },
};
