// Builds the HTTP server: one Fastify instance with the API, health and metrics routes over a Runtime.
import Fastify, { type FastifyInstance } from "fastify";
import type { Runtime } from "../services/runtime.js";
import { packageVersion } from "../services/version.js";
import { installRawBodyParser } from "./body.js";
import { installErrorHandlers } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import { alertmanagerRoutes } from "./routes/alertmanager.js";
import { alertRoutes } from "./routes/alerts.js";
import { elasticsearchRoutes } from "./routes/elasticsearch.js";
import { healthRoutes } from "./routes/health.js";
import { huntRoutes } from "./routes/hunt.js";
import { ingestRoutes } from "./routes/ingest.js";
import { lokiRoutes } from "./routes/loki.js";
import { otlpRoutes } from "./routes/otlp.js";
import { queryRoutes } from "./routes/query.js";
import { splunkRoutes } from "./routes/splunk.js";

export interface ServerHandle {
  readonly app: FastifyInstance;
  /** Every route registered (HEAD excepted), for the test that keeps the OpenAPI document complete. */
  readonly routes: readonly { method: string; url: string }[];
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
  const routes: { method: string; url: string }[] = [];
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) if (method !== "HEAD") routes.push({ method, url: r.url });
  });
  app.get("/api/v1/openapi.json", async () => openApiDocument(packageVersion()));
  healthRoutes(app, rt, () => shuttingDown);
  ingestRoutes(app, rt);
  queryRoutes(app, rt);
  huntRoutes(app, rt);
  // Shipper receivers, each under its configured path prefix (none by default: the protocol's own paths).
  const receiver = (prefix: string, register: (scope: FastifyInstance, rt: Runtime) => void): void => {
    if (prefix === "") register(app, rt);
    else app.register(async (scope) => register(scope, rt), { prefix });
  };
  const r = rt.config.receivers;
  receiver(r.loki.path_prefix, lokiRoutes);
  receiver(r.otlp.path_prefix, otlpRoutes);
  receiver(r.elasticsearch.path_prefix, elasticsearchRoutes);
  receiver(r.splunk_hec.path_prefix, splunkRoutes);
  receiver(r.alertmanager.path_prefix, alertmanagerRoutes);
  alertRoutes(app, rt);
  return {
    app,
    routes,
    async shutdown() {
      shuttingDown = true;
      await app.close();
    },
  };
}
