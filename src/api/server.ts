// Builds the HTTP server: one Fastify instance with the API, health and metrics routes over a Runtime.
import Fastify, { type FastifyInstance } from "fastify";
import type { Runtime } from "../services/runtime.js";
import { installRawBodyParser } from "./body.js";
import { installErrorHandlers } from "./errors.js";
import { healthRoutes } from "./routes/health.js";
import { ingestRoutes } from "./routes/ingest.js";
import { queryRoutes } from "./routes/query.js";

export interface ServerHandle {
  readonly app: FastifyInstance;
  /** Marks the server as draining (readyz answers 503) and closes it after in-flight requests finish. */
  shutdown(): Promise<void>;
}

export function buildServer(rt: Runtime, options: { logger?: boolean } = {}): ServerHandle {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: rt.config.log.level,
            // Secrets never reach the log.
            redact: ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-api-key"]'],
          },
    bodyLimit: rt.limits.maxBodyBytes,
    // Shippers keep connections open; closing idle ones on shutdown lets it finish promptly.
    forceCloseConnections: "idle",
  });
  let shuttingDown = false;
  installRawBodyParser(app, rt.limits.maxBodyBytes);
  installErrorHandlers(app);
  healthRoutes(app, rt, () => shuttingDown);
  ingestRoutes(app, rt);
  queryRoutes(app, rt);
  return {
    app,
    async shutdown() {
      shuttingDown = true;
      await app.close();
    },
  };
}
