// `keycloak-events`: Keycloak's logging event listener lines (`... [org.keycloak.events] (thread) type=LOGIN_ERROR, ...`).
import type { ErrorCode } from "../../core/errors.js";
import { localToEpochMs } from "../../core/time.js";
import { parserError } from "../common/parser-errors.js";
import { compact } from "../common/records.js";
import { timeOfDayToEpochMs } from "../common/times.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { type KeyValues, parseKeyValues } from "./key-values.js";

// WildFly writes the time of day only; the Quarkus distribution (Keycloak 17+) adds the date. No offset either way.
const PREFIX =
  /^(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{2}):(\d{2}):(\d{2})[,.](\d{3})\s+(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\s+\[(org\.keycloak\.events[\w.]*)\]\s+\(([^)]*)\)\s+((?:type|operationType)=.*)$/;

const SEVERITY: Record<string, string> = {
  TRACE: "trace",
  DEBUG: "debug",
  INFO: "info",
  WARN: "warn",
  WARNING: "warn",
  ERROR: "error",
  FATAL: "fatal",
};

/** Fields the listener always writes, mapped to columns; every other key is an event detail. */
const CORE_KEYS = new Set(["type", "operationType", "realmId", "clientId", "userId", "ipAddress", "error"]);

/** Keycloak writes a Java null as the text `null`. */
function value(pairs: KeyValues, key: string): string | undefined {
  const v = pairs.get(key);
  return v === undefined || v === "null" || v === "" ? undefined : v;
}

function eventTime(m: RegExpExecArray, context: ParseContext): { ms: number; inferred: boolean } {
  const n = (i: number): number => Number(m[i]);
  const t = { hour: n(4), minute: n(5), second: n(6), millisecond: n(7) };
  if (m[1] === undefined) return { ms: timeOfDayToEpochMs(t, context.referenceTime, context.timeZone), inferred: true };
  return { ms: localToEpochMs({ year: n(1), month: n(2), day: n(3), ...t }, context.timeZone), inferred: false };
}

function toRecord(
  text: string,
  context: ParseContext,
): { ok: true; record: Record<string, unknown> } | { ok: false; code: ErrorCode; message: string } {
  const m = PREFIX.exec(text);
  if (!m) return { ok: false, code: "unparseable", message: "not a Keycloak event listener line" };
  const body = m[11] ?? "";
  const kv = parseKeyValues(body);
  if (!kv.ok) return { ok: false, code: "unparseable", message: `event fields: ${kv.message}` };
  const pairs = kv.pairs;
  const n = (i: number): number => Number(m[i] ?? 1);
  const [month, day, hour, minute, second] = [n(2), n(3), n(4), n(5), n(6)];
  const badDate = m[1] !== undefined && (month < 1 || month > 12 || day < 1 || day > 31);
  if (badDate || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, code: "invalid_timestamp", message: "invalid date-time at the start of the line" };
  }
  const time = eventTime(m, context);
  const admin = pairs.has("operationType");
  const type = (admin ? value(pairs, "operationType") : value(pairs, "type")) ?? "UNKNOWN";
  const error = value(pairs, "error");
  const failed = error !== undefined || /_ERROR$/.test(type);
  // LOGIN and LOGIN_ERROR are the same action; the outcome tells them apart.
  const action = admin ? `admin_${type.toLowerCase()}` : type.replace(/_ERROR$/, "").toLowerCase();
  const details: Record<string, string> = {};
  for (const [k, v] of pairs) if (!CORE_KEYS.has(k)) details[k] = v;
  const username = value(pairs, "username");
  return {
    ok: true,
    record: compact({
      timestamp: time.ms,
      date_inferred: time.inferred || undefined,
      event_kind: "auth",
      event_action: action,
      outcome: failed ? "failure" : "success",
      severity: SEVERITY[m[8] ?? ""] ?? "info",
      message: body,
      user_id: value(pairs, "userId") ?? username,
      client_ip: value(pairs, "ipAddress"),
      error_type: error,
      reason: error,
      keycloak_event_type: type,
      realm: value(pairs, "realmId"),
      client_id: value(pairs, "clientId"),
      username,
      auth_method: details.auth_method,
      resource_type: details.resourceType,
      resource_path: details.resourcePath,
      details: Object.keys(details).length > 0 ? details : undefined,
      logger: m[9],
      thread: m[10],
    }),
  };
}

/**
 * A record is one line, but continuation lines (starting with blanks: a wrapped line, as in the Keycloak docs, or a
 * stack trace) are appended to the record before them.
 */
class KeycloakSession implements ParseSession {
  private held: SourceLine[] = [];

  constructor(private readonly context: ParseContext) {}

  push(line: SourceLine): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    for (const text of line.text.split("\n")) {
      if (/^\s/.test(text) && this.held.length > 0) {
        this.held.push({ line: line.line, text });
        continue;
      }
      out.push(...this.flush());
      this.held = [{ line: line.line, text }];
    }
    return out;
  }

  end(): ParsedRecord[] {
    return this.flush();
  }

  private flush(): ParsedRecord[] {
    const [first, ...rest] = this.held;
    this.held = [];
    if (!first) return [];
    const joined = [first.text.trimEnd(), ...rest.map((l) => l.text.trim())].join(" ");
    const raw = [first, ...rest].map((l) => l.text).join("\n");
    try {
      const r = toRecord(joined, this.context);
      const extra = rest.length > 0 ? { continuation_lines: rest.length } : {};
      return [
        r.ok ? { ok: true, line: first.line, raw, record: { ...r.record, ...extra } } : { ...r, line: first.line, raw },
      ];
    } catch (e) {
      return [{ ok: false, line: first.line, raw, code: "unparseable", message: parserError(e) }];
    }
  }
}

export const keycloakFormat: Format = {
  name: "keycloak-events",
  description:
    "Keycloak logging event listener lines ([org.keycloak.events] type=LOGIN_ERROR, realmId=..., userId=..., " +
    "ipAddress=..., error=...; admin operationType=... lines too): auth events with outcome, user, IP and reason.",
  examples: [
    "11:36:09,965 WARN  [org.keycloak.events] (default task-51) type=LOGIN_ERROR, realmId=master, clientId=myapp, userId=19aeb848-96fc-44f6-b0a3-59a17570d374, ipAddress=127.0.0.1, error=invalid_user_credentials, auth_method=openid-connect, auth_type=code, redirect_uri=http://localhost:8180/myapp, code_id=b669da14-cdbb-41d0-b055-0810a0334607, username=admin",
  ],
  detect: (line) => PREFIX.test(line),
  open: (context) => new KeycloakSession(context),
};
