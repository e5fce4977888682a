// Seed 10: credential stuffing: one attempt on each of many accounts, from a small pool of addresses.
import { STREAMS } from "../events.js";
import { ATLAS, type Scenario } from "../scenario.js";
import { spread } from "./helpers.js";

const STUFFING_UA = "python-requests/2.31.0";

export const credentialStuffing: Scenario = {
  name: "credential-stuffing",
  kind: "attack",
  seed: 10,
  atlas: ATLAS.validAccounts,
  attack: { id: "T1110.004", name: "Brute Force: Credential Stuffing" },
  description:
    "~3 logins/s, each against a different account (mostly unknown users, some real ones with a wrong password, a few successes), from 8 addresses with one user agent.",
  entities: { user_agent: STUFFING_UA },
  streams: [STREAMS.auth0],
  signal: "many distinct user_id per client_ip, one or two attempts each, failure share > 90%",
  create({ window, rng, traffic }) {
    let n = 0;
    return {
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 3, (at) => {
          n++;
          const ip = `198.51.100.${60 + (n % 8)}`;
          const r = rng.float();
          const user =
            r < 0.7 ? `user-${String(5000 + n).padStart(4, "0")}` : `user-${String(rng.int(1, 200)).padStart(4, "0")}`;
          const type = r < 0.7 ? "fu" : r < 0.98 ? "fp" : "s";
          out.emit(traffic.login(at, user, type, ip, STUFFING_UA));
        });
      },
    };
  },
};
