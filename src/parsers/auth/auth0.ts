// `auth0`: Auth0 tenant log events (Management API `/api/v2/logs` items or log-stream `{log_id, data}`), one per line.

import { asText, isObject, type JsonObject } from "../common/json-values.js";
import { objectLineFormat } from "../common/object-line-format.js";
import { compact, snakeCase } from "../common/records.js";
import { parseEventTime } from "../common/times.js";

import type { LineResult } from "../types.js";
import { AUTH0_LOG_TYPES } from "./auth0-log-types.js";

// One JSON object on the line, with Auth0's own trio of keys.
function detect(line: string): boolean {
  const t = line.trim();
  return (
    t.startsWith("{") &&
    t.endsWith("}") &&
    /"log_id"\s*:/.test(t) &&
    /"date"\s*:\s*"/.test(t) &&
    /"type"\s*:\s*"[a-z_]+"/.test(t)
  );
}

// The query string carries CSRF tokens, OAuth state and nonces, and a request body may carry credentials: neither
// belongs in an event. The session id moves to its own column.
function keptDetails(details: unknown): JsonObject | undefined {
  if (!isObject(details)) return undefined;
  const { qs: _qs, body: _body, session_id: _sid, ...rest } = details;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

export function auth0Record(obj: JsonObject): LineResult {
  // A log stream wraps the event as `data`; the Management API returns it bare.
  const event = isObject(obj.data) && typeof obj.data.type === "string" ? obj.data : obj;
  const code = asText(event.type);
  if (code === undefined) return { ok: false, code: "unparseable", message: "an Auth0 event needs a 'type' code" };
  if (event.date === undefined || event.date === null) {
    return { ok: false, code: "missing_timestamp", message: "an Auth0 event needs its 'date'" };
  }
  // Auth0 writes UTC, with `Z` from the API and without it in some exports (`2024-10-29 18:52:51.953000000`).
  const time = parseEventTime(event.date, "UTC");
  if (!time.ok) return { ok: false, code: "invalid_timestamp", message: `field 'date' ${time.message}` };

  const type = AUTH0_LOG_TYPES.get(code);
  const label = type ? [type.name, type.description].filter((s) => s !== "").join(" ") : undefined;
  const description = asText(event.description);
  const details = isObject(event.details) ? event.details : {};
  const error = isObject(details.error) ? details.error : {};
  const location = isObject(event.location_info) ? event.location_info : {};
  const outcome = type?.severity === "success" ? "success" : type?.severity === "error" ? "failure" : "unknown";
  const severity = type === undefined ? "info" : type.level >= 3 ? "error" : type.level === 2 ? "warn" : "info";
  return {
    ok: true,
    record: compact({
      timestamp: time.ms,
      event_kind: "auth",
      event_action: label ? snakeCase(label) : `auth0_${snakeCase(code)}`,
      outcome,
      severity,
      message: [label ?? `Auth0 event ${code}`, description].filter(Boolean).join(": "),
      user_id: asText(event.user_id) ?? asText(event.user_name),
      client_ip: asText(event.ip),
      user_agent: asText(event.user_agent),
      session_id: asText(details.session_id),
      error_type: asText(error.oauthError) ?? asText(error.type),
      geo_country: asText(location.country_code),
      geo_city: asText(location.city_name),
      reason: description ?? asText(error.message),
      auth0_type: code,
      auth0_type_name: label,
      log_id: asText(obj.log_id) ?? asText(event.log_id),
      user_name: asText(event.user_name),
      client_id: asText(event.client_id),
      client_name: asText(event.client_name),
      connection: asText(event.connection),
      connection_id: asText(event.connection_id),
      strategy: asText(event.strategy),
      strategy_type: asText(event.strategy_type),
      hostname: asText(event.hostname),
      audience: asText(event.audience),
      scope: event.scope ?? undefined,
      details: keptDetails(event.details),
    }),
  };
}

export const auth0Format = objectLineFormat({
  name: "auth0",
  description:
    "Auth0 tenant logs as JSON lines (Management API items or log-stream {log_id, data}): type codes (s, f, fp, " +
    "fu, limit_wc, pwd_leak, fcoa, ...) become auth events with a readable action, outcome, user, IP and reason.",
  examples: [
    '{"log_id":"90020251001053916537654000000000000001223372122475524001","data":{"date":"2025-10-01 05:39:16.467000000","type":"pwd_leak","description":"Someone behind the IP address: 2601:140:9702:ee80:0000:1f55:93a7:e970 attempted to login with a leaked password. A shield to prevent this action was enabled, further attempts are blocked.","connection":"Username-Password-Authentication","connection_id":"con_BvGURiLLdngYaT0D","client_id":"11Qpq1o8fbGgnZuFJnQCyjuC1ll8YFt0","ip":"2601:140:9702:ee80:9049:1f55:0000:e970","hostname":"auth.clientdomain.com","user_id":"","user_name":"denethor@lotr.com","log_id":"90020251001053916537654000000000000001223372122475524001","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"}}',
  ],
  detect,
  record: auth0Record,
});
