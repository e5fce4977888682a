// POST /api/v1/hunt: `{"rules": [{"file", "text"}], "since", "until", "placeholders"}` → the alerts a retro-hunt finds.
import type { FastifyInstance } from "fastify";
import { InferWatchError } from "../../core/errors.js";
import type { RuleSource } from "../../detection/sigma/ruleset.js";
import { huntRange, prepareHunt, runHunt } from "../../services/hunt.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

const SHAPE = 'body must be a JSON object like {"rules": [{"file": "r.yml", "text": "title: ..."}], "since": "7d"}';

function sources(v: unknown): RuleSource[] {
  if (!Array.isArray(v) || v.length === 0) throw new InferWatchError("invalid_parameter", SHAPE);
  return v.map((r, i) => {
    const o = r as { file?: unknown; text?: unknown };
    if (r === null || typeof r !== "object" || typeof o.text !== "string") {
      throw new InferWatchError("invalid_parameter", `rules[${i}] must be {"file": "...", "text": "..."}`);
    }
    const file = typeof o.file === "string" && o.file.length <= 500 ? o.file : `rules[${i}]`;
    return { file, text: o.text };
  });
}

function placeholders(v: unknown): Record<string, string[]> | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new InferWatchError("invalid_parameter", '"placeholders" must be an object of name: [values]');
  }
  const out: Record<string, string[]> = {};
  for (const [k, vals] of Object.entries(v)) {
    if (!Array.isArray(vals) || vals.some((x) => typeof x !== "string")) {
      throw new InferWatchError("invalid_parameter", `placeholder ${k.slice(0, 100)} must be a list of strings`);
    }
    out[k] = vals as string[];
  }
  return out;
}

function optText(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new InferWatchError("invalid_parameter", `"${what}" must be a string`);
  return v;
}

export function huntRoutes(app: FastifyInstance, rt: Runtime): void {
  app.post("/api/v1/hunt", async (request) => {
    const text = await bodyText(request, rt.limits.maxBodyBytes);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new InferWatchError("invalid_parameter", `${SHAPE}: ${(e as Error).message}`);
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new InferWatchError("invalid_parameter", SHAPE);
    }
    const ph = { ...rt.config.detection.placeholders, ...placeholders(body.placeholders) };
    const prepared = prepareHunt({
      sources: sources(body.rules),
      placeholders: ph,
      range: huntRange(optText(body.since, "since"), optText(body.until, "until")),
    });
    const r = await runHunt(rt.store, prepared, {
      maxMatches: rt.config.detection.hunt_max_matches,
      timeoutMs: rt.config.query.timeout_ms,
      maxGroups: rt.config.detection.max_groups,
    });
    return {
      alerts: r.alerts,
      rules: r.rules,
      correlations: r.correlations,
      matches: r.matches,
      elapsed_ms: Math.round(r.elapsedMs * 10) / 10,
    };
  });
}
