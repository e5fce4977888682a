// POST /api/v1/query: raw read-only SQL for now (`{"sql": "..."}`); the KQL language arrives in its own issue.
import type { FastifyInstance } from "fastify";
import { InferWatchError } from "../../core/errors.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

interface QueryBody {
  sql?: unknown;
  max_rows?: unknown;
}

export function queryRoutes(app: FastifyInstance, rt: Runtime): void {
  app.post("/api/v1/query", async (request) => {
    const text = await bodyText(request, rt.limits.maxBodyBytes);
    let body: QueryBody;
    try {
      body = JSON.parse(text) as QueryBody;
    } catch (e) {
      throw new InferWatchError(
        "invalid_parameter",
        `body must be JSON like {"sql": "SELECT ..."}: ${(e as Error).message}`,
      );
    }
    if (body === null || typeof body !== "object" || typeof body.sql !== "string" || body.sql.trim() === "") {
      throw new InferWatchError("invalid_parameter", 'body must be a JSON object with a non-empty "sql" string');
    }
    const cap = rt.config.query.max_rows;
    const maxRows = body.max_rows === undefined ? cap : Number(body.max_rows);
    if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > cap) {
      throw new InferWatchError("invalid_parameter", `max_rows must be an integer from 1 to ${cap} (query.max_rows)`);
    }
    const r = await rt.store.query(body.sql, { maxRows, timeoutMs: rt.config.query.timeout_ms });
    return { columns: r.columns, rows: r.rows, truncated: r.truncated, elapsed_ms: Math.round(r.elapsedMs * 10) / 10 };
  });
}
