// `auth-json`: a generic JSON authentication log line: {"time"|"timestamp", "user"|"username", "ip", "outcome"|"success", ...}.

import { asText, type JsonObject } from "../common/json-values.js";
import { objectLineFormat } from "../common/object-line-format.js";
import { compact, snakeCase } from "../common/records.js";
import { parseEventTime } from "../common/times.js";

import type { LineResult, ParseContext } from "../types.js";

// It must name a time, a user and a result with these exact keys; normalized events (`event_kind`) are `json`'s.
function detect(line: string): boolean {
  const t = line.trim();
  return (
    t.startsWith("{") &&
    t.endsWith("}") &&
    /"(?:time|timestamp)"\s*:/.test(t) &&
    /"(?:user|username)"\s*:/.test(t) &&
    /"(?:outcome|success)"\s*:/.test(t) &&
    !/"event_kind"\s*:/.test(t)
  );
}

const SUCCESS = new Set(["success", "succeeded", "successful", "ok", "allow", "allowed", "pass", "passed", "true"]);
const FAILURE = new Set(["failure", "failed", "fail", "deny", "denied", "error", "blocked", "rejected", "false"]);

function outcomeOf(obj: JsonObject): "success" | "failure" | "unknown" {
  const v = obj.outcome ?? obj.success;
  const s = typeof v === "boolean" ? String(v) : typeof v === "string" ? v.trim().toLowerCase() : "";
  return SUCCESS.has(s) ? "success" : FAILURE.has(s) ? "failure" : "unknown";
}

/** Keys this format reads; the rest of the line is kept as it came. */
const CONSUMED = ["time", "timestamp", "user", "username", "ip", "outcome", "success", "reason", "method", "action"];

export function authJsonRecord(obj: JsonObject, context: ParseContext): LineResult {
  const when = obj.timestamp ?? obj.time;
  if (when === undefined || when === null) {
    return { ok: false, code: "missing_timestamp", message: "an auth line needs 'time' or 'timestamp'" };
  }
  const time = parseEventTime(when, context.timeZone);
  if (!time.ok) return { ok: false, code: "invalid_timestamp", message: `field 'time' ${time.message}` };
  const outcome = outcomeOf(obj);
  const user = asText(obj.user) ?? asText(obj.username);
  const ip = asText(obj.ip);
  const reason = asText(obj.reason);
  const action = asText(obj.action) ? snakeCase(asText(obj.action) ?? "") : "login";
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (!CONSUMED.includes(k)) rest[k] = v;
  const message = `${action} ${outcome} for ${user ?? "unknown user"}${ip ? ` from ${ip}` : ""}${reason ? `: ${reason}` : ""}`;
  return {
    ok: true,
    record: compact({
      ...rest,
      timestamp: time.ms,
      event_kind: "auth",
      event_action: action,
      outcome,
      severity: outcome === "failure" ? "warn" : "info",
      message: asText(rest.message) ?? message,
      user_id: user,
      client_ip: ip,
      reason,
      auth_method: asText(obj.method),
    }),
  };
}

export const authJsonFormat = objectLineFormat({
  name: "auth-json",
  description:
    'Generic JSON authentication lines: {"time"|"timestamp", "user"|"username", "ip", "outcome"|"success", ' +
    '"reason", "method"} (other keys kept): auth events, action `login` unless an "action" is given.',
  examples: [
    '{"time": "2026-11-22T09:14:03.120Z", "user": "alice@example.com", "ip": "203.0.113.7", "outcome": "failure", "reason": "invalid_password", "method": "password"}',
  ],
  detect,
  record: authJsonRecord,
});
