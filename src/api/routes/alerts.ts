// Alerts and rules: GET /api/v1/alerts (filters, pages), GET /api/v1/rules, PUT /api/v1/rules/{id} (mode),
// POST /api/v1/rules/reload.
import type { FastifyInstance } from "fastify";
import { ALERT_MODES, type AlertFilter, type AlertMode } from "../../core/alert-row.js";
import { InferWatchError } from "../../core/errors.js";
import { parseTimestamp } from "../../core/time.js";
import { type DetectionService, RULE_MODES, type RuleMode } from "../../services/detection.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

export const LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
export const DEFAULT_ALERT_LIMIT = 100;
export const MAX_ALERT_LIMIT = 1000;
const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A time bound: epoch (any unit), ISO 8601, or an age such as `15m`, `24h`, `7d` (counted back from now). */
export function parseTimeParam(name: string, text: string, now: number): number {
  const age = /^(\d{1,6})([smhd])$/.exec(text);
  if (age) return now - Number(age[1]) * (UNITS[age[2] as string] as number);
  const r = parseTimestamp(/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  if (!r.ok) {
    throw new InferWatchError(
      "invalid_parameter",
      `${name} must be an epoch time, an ISO 8601 date-time or an age such as 24h or 7d; ${JSON.stringify(text.slice(0, 100))} ${r.message}`,
    );
  }
  return r.ms;
}

function one(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new InferWatchError("invalid_parameter", `give ${name} once`);
  if (v.length > 1000) throw new InferWatchError("invalid_parameter", `${name} is longer than 1000 characters`);
  return v;
}

const KNOWN = new Set(["since", "until", "rule_id", "level", "mode", "limit", "cursor"]);

export function alertFilter(q: Record<string, unknown>, now: number): AlertFilter {
  for (const k of Object.keys(q)) {
    if (!KNOWN.has(k)) {
      throw new InferWatchError("invalid_parameter", `unknown parameter ${k} (known: ${[...KNOWN].join(", ")})`);
    }
  }
  const since = one(q, "since");
  const until = one(q, "until");
  const ruleId = one(q, "rule_id");
  const level = one(q, "level");
  const mode = one(q, "mode");
  const limitText = one(q, "limit");
  const cursor = one(q, "cursor");
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) {
    throw new InferWatchError("invalid_parameter", `level must be one of ${LEVELS.join(", ")}`);
  }
  if (mode !== undefined && !(ALERT_MODES as readonly string[]).includes(mode)) {
    throw new InferWatchError("invalid_parameter", `mode must be one of ${ALERT_MODES.join(", ")}`);
  }
  const limit = limitText === undefined ? DEFAULT_ALERT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERT_LIMIT) {
    throw new InferWatchError("invalid_parameter", `limit must be an integer from 1 to ${MAX_ALERT_LIMIT}`);
  }
  return {
    limit,
    ...(since !== undefined ? { since: parseTimeParam("since", since, now) } : {}),
    ...(until !== undefined ? { until: parseTimeParam("until", until, now) } : {}),
    ...(ruleId !== undefined ? { ruleId } : {}),
    ...(level !== undefined ? { level } : {}),
    ...(mode !== undefined ? { mode: mode as AlertMode } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

function detectionOf(rt: Runtime): DetectionService {
  if (!rt.detection) {
    throw new InferWatchError(
      "unavailable",
      "streaming detection is off in this process (detection.enabled: false); rules cannot be listed or changed",
    );
  }
  return rt.detection;
}

async function modeBody(text: string): Promise<RuleMode> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new InferWatchError(
      "invalid_parameter",
      `body must be JSON like {"mode": "shadow"}: ${(e as Error).message}`,
    );
  }
  const mode = (body as { mode?: unknown } | null)?.mode;
  if (
    body === null ||
    typeof body !== "object" ||
    Array.isArray(body) ||
    Object.keys(body).length !== 1 ||
    typeof mode !== "string" ||
    !(RULE_MODES as readonly string[]).includes(mode)
  ) {
    throw new InferWatchError("invalid_parameter", `body must be {"mode": "${RULE_MODES.join('" | "')}"}`);
  }
  return mode as RuleMode;
}

export function alertRoutes(app: FastifyInstance, rt: Runtime): void {
  app.get("/api/v1/alerts", async (request) => {
    const page = await rt.store.listAlerts(alertFilter(request.query as Record<string, unknown>, Date.now()));
    return { alerts: page.alerts, next_cursor: page.nextCursor };
  });

  app.get("/api/v1/rules", async () => ({ rules: detectionOf(rt).rules() }));

  app.put("/api/v1/rules/:id", async (request) => {
    const { id } = request.params as { id: string };
    const detection = detectionOf(rt);
    const mode = await modeBody(await bodyText(request, 4096));
    return { rule: detection.setMode(id, mode), persisted: false };
  });

  app.post("/api/v1/rules/reload", async () => {
    const r = await detectionOf(rt).reload();
    if (!r.ok) {
      throw new InferWatchError(
        "rules_invalid",
        `rule reload rejected, the previous rules stay in force:\n${r.issues.join("\n")}`,
        { issues: r.issues },
      );
    }
    return r;
  });
}
