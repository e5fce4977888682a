// POST /api/v1/query: a KQL query (`{"query": "...", "params": {...}}`) or raw read-only SQL (`{"sql": "..."}`).
import type { FastifyInstance } from "fastify";
import { InferWatchError } from "../../core/errors.js";
import { explainKql, prepareQuery, type QueryInput, runQuery } from "../../services/query.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

interface QueryBody {
  sql?: unknown;
  query?: unknown;
  params?: unknown;
  max_rows?: unknown;
  explain?: unknown;
}

const SHAPE = 'body must be a JSON object with a non-empty "query" (KQL) or "sql" string';

function input(body: QueryBody): QueryInput {
  const hasSql = body.sql !== undefined;
  const hasQuery = body.query !== undefined;
  if (hasSql && hasQuery) throw new InferWatchError("invalid_parameter", 'give "query" or "sql", not both');
  if (hasQuery) {
    if (typeof body.query !== "string" || body.query.trim() === "")
      throw new InferWatchError("invalid_parameter", SHAPE);
    if (
      body.params !== undefined &&
      (body.params === null || typeof body.params !== "object" || Array.isArray(body.params))
    ) {
      throw new InferWatchError("invalid_parameter", '"params" must be an object of name: value pairs');
    }
    return {
      kind: "kql",
      query: body.query,
      ...(body.params ? { params: body.params as Record<string, unknown> } : {}),
    };
  }
  if (typeof body.sql !== "string" || body.sql.trim() === "") throw new InferWatchError("invalid_parameter", SHAPE);
  if (body.params !== undefined)
    throw new InferWatchError("invalid_parameter", '"params" go with "query" (KQL), not "sql"');
  return { kind: "sql", sql: body.sql };
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
        `body must be JSON like {"query": "events | take 10"}: ${(e as Error).message}`,
      );
    }
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new InferWatchError("invalid_parameter", SHAPE);
    const q = input(body);
    if (body.explain === true) {
      if (q.kind !== "kql") throw new InferWatchError("invalid_parameter", '"explain" applies to "query" (KQL)');
      return explainKql(q.query, q.params);
    }
    const cap = rt.config.query.max_rows;
    const maxRows = body.max_rows === undefined ? cap : Number(body.max_rows);
    if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > cap) {
      throw new InferWatchError("invalid_parameter", `max_rows must be an integer from 1 to ${cap} (query.max_rows)`);
    }
    const r = await runQuery(rt.store, prepareQuery(q), { maxRows, timeoutMs: rt.config.query.timeout_ms });
    return {
      columns: r.columns,
      rows: r.rows,
      truncated: r.truncated,
      elapsed_ms: Math.round(r.elapsedMs * 10) / 10,
      ...(r.render ? { render: r.render } : {}),
    };
  });
}
