// POST /loki/api/v1/push: Loki's push API (JSON or snappy protobuf); 204 once durable, Loki-style text errors.
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { ERROR_CODES, InferWatchError } from "../../core/errors.js";
import { checkAuthorization } from "../../receivers/auth.js";
import { decodePush, pushItems } from "../../receivers/loki/push.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

const RECEIVER = "loki";
/** Source name of events received over Loki push. */
export const LOKI_SOURCE = "loki";

export function lokiRoutes(app: FastifyInstance, rt: Runtime): void {
  const config = rt.config.receivers.loki;
  if (!config.enabled) return;
  const count = (outcome: "ok" | "rejected" | "unauthorized" | "overloaded" | "error") =>
    rt.metrics.receiverRequests.inc({ receiver: RECEIVER, outcome });
  // Loki answers errors as plain text; its clients retry 429 and 5xx, and drop other 4xx.
  const text = (reply: FastifyReply, status: number, message: string) =>
    reply.status(status).header("Content-Type", "text/plain; charset=utf-8").send(`${message}\n`);

  app.post(
    "/loki/api/v1/push",
    {
      errorHandler: (err: FastifyError, request, reply) => {
        const known = err instanceof InferWatchError ? err : null;
        if (known?.code === "overloaded" || known?.code === "unavailable") {
          count("overloaded");
          const status = known.code === "overloaded" ? 429 : 503;
          return text(reply.header("Retry-After", "1"), status, known.message);
        }
        if (known) {
          count("rejected");
          return text(reply, ERROR_CODES[known.code].status, known.message);
        }
        if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
          count("rejected");
          return text(reply, err.statusCode, err.message);
        }
        count("error");
        request.log.error({ err }, "loki push failed");
        return text(reply, 500, "internal error; see the server log");
      },
    },
    async (request, reply) => {
      const denied = checkAuthorization(request.headers.authorization, config.auth);
      if (denied !== null) {
        count("unauthorized");
        return text(reply, 401, denied);
      }
      if (rt.writer.isFull()) throw new InferWatchError("overloaded", "ingestion queue is full; retry shortly");
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (raw.length === 0) throw new InferWatchError("empty_body", "request body is empty");
      const max = rt.limits.maxBodyBytes;
      // bodyText reads a JSON body (gunzipping it when so encoded); the protobuf form is snappy-compressed instead.
      let json = "";
      if (!/protobuf/i.test(String(request.headers["content-type"] ?? ""))) json = await bodyText(request, max);
      const items = pushItems(decodePush(String(request.headers["content-type"] ?? ""), raw, () => json, max));
      const result =
        items.length === 0
          ? { accepted: 0, rejected: 0, errors: [] }
          : await rt.ingest.ingestItems(items, { sourceId: LOKI_SOURCE, format: "auto" });
      rt.metrics.receiverEvents.inc({ receiver: RECEIVER }, result.accepted);
      if (result.rejected > 0) {
        // As Loki does for entries it refuses: the others are stored, the answer names what was not.
        count("rejected");
        const first = result.errors.slice(0, 5).map((e) => `entry ${e.line}: ${e.code}: ${e.message}`);
        return text(
          reply,
          400,
          `${result.rejected} of ${items.length} entries rejected (kept as dead letters; the others are stored): ${first.join("; ")}`,
        );
      }
      count("ok");
      return reply.status(204).send();
    },
  );
}
