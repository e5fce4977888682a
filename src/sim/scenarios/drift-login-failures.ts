// Seed 3: Evidently reports drift of `user_age` on the loan model while the login page sees a failure spike.
import { STREAMS } from "../events.js";
import { LOAN } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { round3, spread } from "./helpers.js";

export const driftLoginFailures: Scenario = {
  name: "drift-login-failures",
  kind: "incident",
  seed: 3,
  atlas: null,
  description:
    "Evidently reports every 5 min with user_age drifted (K-S p ~0.001) on loan-approval, and Auth0 failed logins (wrong password) rise to ~1.5/s across many users.",
  entities: { model_name: LOAN.name, "attributes.feature": "user_age" },
  streams: [STREAMS.evidently, STREAMS.auth0],
  signal: "drift events with drift_detected on user_age; auth failure rate ~20x normal",
  create({ window, rng, traffic }) {
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        if ((t - window.start) % 300_000 < tickMs) {
          const columns = LOAN.features.map((name) => ({
            name,
            score: name === "user_age" ? round3(0.0005 + 0.002 * rng.float()) : round3(0.2 + 0.7 * rng.float()),
            threshold: 0.05,
          }));
          out.emit(traffic.evidently(t, LOAN.name, columns));
        }
        spread(rng, t, tickMs, 1.5, (at) => {
          const n = rng.int(1, 200);
          const user = `user-${String(n).padStart(4, "0")}`;
          out.emit(traffic.login(at, user, "fp", `203.0.${113 + (n % 3)}.${(n * 7) % 250}`));
        });
      },
    };
  },
};
