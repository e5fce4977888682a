// Seed 10: brute force: many passwords against one account from one address, a lockout, then a success.
import { STREAMS } from "../events.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { spread, tickHolds } from "./helpers.js";

const BRUTE_IP = "198.51.100.50";
const VICTIM = "user-0042";

export const bruteForce: Scenario = {
  name: "brute-force",
  kind: "attack",
  seed: 10,
  atlas: ATLAS.validAccounts,
  attack: { id: "T1110.001", name: "Brute Force: Password Guessing" },
  description:
    "~2 wrong-password logins/s against user-0042 from one address, a lockout, then one successful login from it.",
  entities: { user_id: `auth0|${VICTIM}`, client_ip: BRUTE_IP },
  streams: [STREAMS.auth0],
  signal: "failed logins (fp) for one user from one IP at ~2/s, limit_wc, then a success from the same IP",
  create({ window, rng, traffic }) {
    const successAt = window.end - 5000;
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        if (t < successAt)
          spread(rng, t, tickMs, 2, (at) => out.emit(traffic.login(at, VICTIM, "fp", BRUTE_IP, "curl/8.5.0")));
        if (tickHolds(t, tickMs, window.start + Math.round((window.end - window.start) / 2))) {
          out.emit(traffic.login(t, VICTIM, "limit_wc", BRUTE_IP, "curl/8.5.0"));
        }
        if (tickHolds(t, tickMs, successAt)) out.emit(traffic.login(successAt, VICTIM, "s", BRUTE_IP, "curl/8.5.0"));
      },
    };
  },
};
