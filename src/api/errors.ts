// Maps every failure to the JSON error shape of DESIGN.md §4: {"error": {"code": "...", "message": "..."}}.
import type { FastifyError, FastifyInstance } from "fastify";
import { ERROR_CODES, type ErrorCode, InferWatchError } from "../core/errors.js";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Fastify's own errors (body too large, bad content) translated to our codes. */
function fromFastify(e: FastifyError): InferWatchError | null {
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new InferWatchError("body_too_large", `request body is larger than the limit (limits.max_body_bytes)`);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new InferWatchError("empty_body", "request body is empty");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new InferWatchError("invalid_encoding", e.message);
    default:
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
        return new InferWatchError("invalid_parameter", e.message);
      return null;
  }
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const known = err instanceof InferWatchError ? err : fromFastify(err);
    if (!known) {
      request.log.error({ err }, "unhandled error");
      return reply.status(500).send(errorBody("internal", "internal error; see the server log"));
    }
    if (known.code === "overloaded" || known.code === "unavailable") reply.header("Retry-After", "1");
    return reply.status(ERROR_CODES[known.code].status).send(errorBody(known.code, known.message, known.details));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
}
