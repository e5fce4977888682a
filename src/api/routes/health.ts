// Liveness, readiness and Prometheus metrics.
import type { FastifyInstance } from "fastify";
import type { Runtime } from "../../services/runtime.js";

export function healthRoutes(app: FastifyInstance, rt: Runtime, isShuttingDown: () => boolean): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    if (isShuttingDown()) return reply.status(503).header("Retry-After", "1").send({ status: "shutting_down" });
    if (rt.writer.isFull()) return reply.status(503).header("Retry-After", "1").send({ status: "overloaded" });
    return { status: "ready", write_queue_rows: rt.writer.depth };
  });
  app.get("/metrics", async (_request, reply) => {
    const text = await rt.metrics.registry.metrics();
    return reply.header("Content-Type", rt.metrics.registry.contentType).send(text);
  });
}
