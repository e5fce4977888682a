// Seed 7: reconnaissance: a trial key walks through model names and versions behind the API gateway, mostly 404s.
import { STREAMS } from "../events.js";
import { CATALOG } from "../platform.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { outsider, spread } from "./helpers.js";

const SCANNER = outsider("trial-7731", "key-trial-7731", "198.51.100.23");

/** The catalog's models plus names a scanner guesses. */
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
