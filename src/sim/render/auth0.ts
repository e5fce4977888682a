// Auth0 tenant log events (log-stream shape): successful and failed logins on the inference API's login.
import type { SimEvent } from "../events.js";
import { iso } from "./time.js";

const DESCRIPTION: Record<string, string> = {
  s: "Successful login",
  fp: "Wrong email or password.",
  fu: "Wrong email or password.",
  limit_wc: "An IP address is blocked because it reached the maximum failed login attempts into a single account.",
};

export function renderAuth0(e: SimEvent): string {
  const f = e.f;
  const type = String(e.x.type);
  const userId = type === "fu" ? "" : `,"user_id":"${f.user_id}"`;
  return `{"log_id":"${e.x.logId}","data":{"date":"${iso(e.t)}","type":"${type}","description":"${DESCRIPTION[type]}","connection":"Username-Password-Authentication","connection_id":"con_sim01","client_id":"inferwatch-api","client_name":"Inference API","ip":"${f.client_ip}","user_agent":${JSON.stringify(f.user_agent)}${userId},"user_name":"${e.x.userName}","strategy":"auth0","strategy_type":"database"}}`;
}
