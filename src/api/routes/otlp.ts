// POST /v1/logs, /v1/traces, /v1/metrics: OTLP/HTTP (JSON or protobuf); answers in the request's encoding.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ERROR_CODES, InferWatchError } from "../../core/errors.js";
import { checkAuthorization } from "../../receivers/auth.js";
import {
  decodeExport,
  type Encoding,
  encodeResponse,
  encodeStatus,
  encodingOf,
  exportItems,
  RPC,
  type Signal,
} from "../../receivers/otlp/export.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyBytes } from "../body.js";

const RECEIVER = "otlp";
/** Source name of events received over OTLP/HTTP. */
export const OTLP_SOURCE = "otlp";

const CONTENT_TYPES: Record<Encoding, string> = { json: "application/json", protobuf: "application/x-protobuf" };

export function otlpRoutes(app: FastifyInstance, rt: Runtime): void {
  const config = rt.config.receivers.otlp;
  if (!config.enabled) return;
  const count = (outcome: "ok" | "rejected" | "unauthorized" | "overloaded" | "error") =>
    rt.metrics.receiverRequests.inc({ receiver: RECEIVER, outcome });
  // Errors are a google.rpc.Status in the request's encoding (JSON when it named none we know).
  const status = (request: FastifyRequest, reply: FastifyReply, http: number, code: number, message: string) => {
    const encoding = encodingOf(String(request.headers["content-type"] ?? "")) ?? "json";
    return reply
      .status(http)
      .header("Content-Type", CONTENT_TYPES[encoding])
      .send(encodeStatus(encoding, code, message));
  };
  const errorHandler = (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = err instanceof InferWatchError ? err : null;
    if (known?.code === "overloaded" || known?.code === "unavailable") {
      // OTLP exporters retry 429 and 503, waiting for Retry-After.
      count("overloaded");
      const http = known.code === "overloaded" ? 429 : 503;
      const code = known.code === "overloaded" ? RPC.resourceExhausted : RPC.unavailable;
      return status(request, reply.header("Retry-After", "1"), http, code, known.message);
    }
    if (known || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      count("rejected");
      const http = known ? ERROR_CODES[known.code].status : (err.statusCode as number);
      return status(request, reply, http, RPC.invalidArgument, err.message);
    }
    count("error");
    request.log.error({ err }, "OTLP export failed");
    return status(request, reply, 500, RPC.internal, "internal error; see the server log");
  };

  const route = (signal: Signal) =>
    app.post(`/v1/${signal}`, { errorHandler }, async (request, reply) => {
      const denied = checkAuthorization(request.headers.authorization, config.auth);
      if (denied !== null) {
        count("unauthorized");
        return status(request, reply, 401, RPC.unauthenticated, denied);
      }
      const encoding = encodingOf(String(request.headers["content-type"] ?? ""));
      if (encoding === null) {
        count("rejected");
        return status(
          request,
          reply,
          415,
          RPC.invalidArgument,
          "Content-Type must be application/x-protobuf or application/json",
        );
      }
      if (rt.writer.isFull()) throw new InferWatchError("overloaded", "write queue is full; retry shortly");
      const doc = decodeExport(signal, encoding, await bodyBytes(request, rt.limits.maxBodyBytes));
      const items = exportItems(doc);
      const result =
        items.length === 0
          ? { accepted: 0, rejected: 0, errors: [] }
          : await rt.ingest.ingestItems(items, { sourceId: OTLP_SOURCE, format: "auto" });
      rt.metrics.receiverEvents.inc({ receiver: RECEIVER }, result.accepted);
      count(result.rejected > 0 ? "rejected" : "ok");
      const message = result.errors
        .slice(0, 5)
        .map((e) => `record ${e.line}: ${e.code}: ${e.message}`)
        .join("; ");
      return reply
        .status(200)
        .header("Content-Type", CONTENT_TYPES[encoding])
        .send(encodeResponse(signal, encoding, result.rejected, message));
    });
  route("logs");
  route("traces");
  route("metrics");
}
