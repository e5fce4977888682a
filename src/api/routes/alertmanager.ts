// POST /api/v1/alertmanager: Alertmanager's webhook (version 4); each alert becomes an `alert` event.
import type { FastifyInstance } from "fastify";
import { InferWatchError } from "../../core/errors.js";
import { ALERTMANAGER_FORMAT, webhookItems } from "../../receivers/alertmanager/webhook.js";
import { checkAuthorization } from "../../receivers/auth.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";
import { errorBody } from "../errors.js";

const RECEIVER = "alertmanager";

export function alertmanagerRoutes(app: FastifyInstance, rt: Runtime): void {
  const settings = rt.config.receivers.alertmanager;
  if (!settings.enabled) return;
  const requests = rt.metrics.receiverRequests;
  app.post("/api/v1/alertmanager", async (request, reply) => {
    const problem = checkAuthorization(request.headers.authorization, settings.auth);
    if (problem !== null) {
      requests.inc({ receiver: RECEIVER, outcome: "unauthorized" });
      return reply.status(401).send(errorBody("unauthorized", problem));
    }
    // Alertmanager retries 5xx answers only (not 429): backpressure is a 503 with Retry-After.
    const busy = (message: string) => {
      requests.inc({ receiver: RECEIVER, outcome: "overloaded" });
      rt.metrics.overloads.inc();
      return reply.status(503).header("Retry-After", "1").send(errorBody("overloaded", message));
    };
    if (rt.writer.isFull()) return busy("write queue is full; retry shortly");
    const parsed = webhookItems(await bodyText(request, rt.limits.maxBodyBytes));
    if ("error" in parsed) {
      requests.inc({ receiver: RECEIVER, outcome: "rejected" });
      return reply.status(400).send(errorBody("invalid_payload", parsed.error));
    }
    try {
      const result = await rt.ingest.ingestItems(parsed.items, { sourceId: RECEIVER, format: "json" });
      rt.metrics.receiverEvents.inc({ receiver: RECEIVER }, result.accepted);
      requests.inc({ receiver: RECEIVER, outcome: result.rejected > 0 ? "rejected" : "ok" });
      return {
        accepted: result.accepted,
        rejected: result.rejected,
        errors: result.errors,
        format: ALERTMANAGER_FORMAT,
      };
    } catch (e) {
      if (e instanceof InferWatchError && e.code === "overloaded") return busy(e.message);
      throw e;
    }
  });
}
