// The Elasticsearch-compatible API: version document, `_bulk`, and the setup calls shippers make before sending.
import { hostname } from "node:os";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import { ERROR_CODES, InferWatchError } from "../../core/errors.js";
import { checkAuthorization } from "../../receivers/auth.js";
import { BulkSyntaxError, parseBulk } from "../../receivers/elasticsearch/bulk.js";
import {
  acknowledged,
  catHealth,
  clusterHealth,
  licenseDocument,
  type SetupKind,
  setupResource,
  versionDocument,
  xpackDocument,
} from "../../receivers/elasticsearch/cluster.js";
import { esError, esErrorType } from "../../receivers/elasticsearch/errors.js";
import { handleBulk } from "../../receivers/elasticsearch/receiver.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

const RECEIVER = "elasticsearch";

/** Setup resources by path prefix (each takes a `:name`). */
const SETUP_PATHS: readonly [string, SetupKind][] = [
  ["/_index_template/:name", "index_template"],
  ["/_template/:name", "template"],
  ["/_ilm/policy/:name", "ilm_policy"],
  ["/_data_stream/:name", "data_stream"],
  ["/_alias/:name", "alias"],
  ["/_ingest/pipeline/:name", "pipeline"],
];

/** A page for a browser that opens InferWatch's root URL (shippers never ask for text/html). */
const ROOT_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>InferWatch</title></head><body><h1>InferWatch</h1>' +
  '<p>This is an InferWatch server. See <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> for its API.</p></body></html>\n';

function wantsHtml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? "");
  return /\btext\/html\b/i.test(accept);
}

export function elasticsearchRoutes(app: FastifyInstance, rt: Runtime): void {
  const settings = rt.config.receivers.elasticsearch;
  if (!settings.enabled) return;
  const requests = rt.metrics.receiverRequests;

  const options: RouteShorthandOptions = {
    // Every answer names the product: the official clients refuse a server without it.
    onSend: async (_request, reply, payload) => {
      reply.header("X-Elastic-Product", "Elasticsearch");
      return payload;
    },
    onRequest: async (request, reply) => {
      // The browser page is public, like the web UI will be; everything else follows `auth`.
      if (request.method === "GET" && request.url === "/" && wantsHtml(request)) return;
      const problem = checkAuthorization(request.headers.authorization, settings.auth);
      if (problem === null) return;
      requests.inc({ receiver: RECEIVER, outcome: "unauthorized" });
      const challenge =
        settings.auth.type === "bearer" ? 'Bearer realm="inferwatch"' : 'Basic realm="inferwatch" charset="UTF-8"';
      return reply
        .status(401)
        .header("WWW-Authenticate", challenge)
        .send(esError(401, "security_exception", problem));
    },
    errorHandler: (err: FastifyError, request, reply) => {
      const known =
        err instanceof InferWatchError
          ? err
          : err.code === "FST_ERR_CTP_BODY_TOO_LARGE"
            ? new InferWatchError("body_too_large", "request body is larger than the limit (limits.max_body_bytes)")
            : null;
      const status = known
        ? ERROR_CODES[known.code].status
        : err.statusCode && err.statusCode < 500
          ? err.statusCode
          : 500;
      if (status >= 500) request.log.error({ err }, "elasticsearch receiver error");
      requests.inc({
        receiver: RECEIVER,
        outcome: status === 429 ? "overloaded" : status >= 500 ? "error" : "rejected",
      });
      if (status === 429 || status === 503) reply.header("Retry-After", "1");
      const reason =
        status >= 500 && !known ? "internal error; see the InferWatch log" : (known?.message ?? err.message);
      return reply.status(status).send(esError(status, esErrorType(status), reason));
    },
  };

  app.get("/", options, async (request, reply) => {
    if (wantsHtml(request)) return reply.type("text/html; charset=utf-8").send(ROOT_HTML);
    return versionDocument(hostname());
  });

  const bulk = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { index?: string };
    const text = await bodyText(request, rt.limits.maxBodyBytes);
    let actions: ReturnType<typeof parseBulk>;
    try {
      actions = parseBulk(text, params.index);
    } catch (e) {
      if (!(e instanceof BulkSyntaxError)) throw e;
      requests.inc({ receiver: RECEIVER, outcome: "rejected" });
      return reply.status(400).send(esError(400, "illegal_argument_exception", e.message));
    }
    const outcome = await handleBulk(actions, {
      recognizes: (line) => rt.ingest.recognizes(line),
      ingestItems: (items, target) => rt.ingest.ingestItems(items, target),
      isFull: () => rt.writer.isFull(),
    });
    if (outcome.stored > 0) rt.metrics.receiverEvents.inc({ receiver: RECEIVER }, outcome.stored);
    if (outcome.overloaded > 0) rt.metrics.overloads.inc();
    requests.inc({
      receiver: RECEIVER,
      outcome: outcome.overloaded > 0 ? "overloaded" : outcome.reply.errors ? "rejected" : "ok",
    });
    return reply.status(200).send(outcome.reply);
  };
  for (const url of ["/_bulk", "/:index/_bulk"]) {
    app.post(url, options, bulk);
    app.put(url, options, bulk);
  }

  app.get("/_license", options, async () => licenseDocument());
  app.get("/_xpack", options, async () => xpackDocument());
  app.get("/_cluster/health", options, async () => clusterHealth(rt.writer.isFull()));
  app.get("/_cat/health", options, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const json = q.format === "json" || /json/i.test(String(request.headers.accept ?? ""));
    const body = catHealth(rt.writer.isFull(), json, Date.now());
    return json ? body : reply.type("text/plain; charset=UTF-8").send(body);
  });
  for (const [url, kind] of SETUP_PATHS) {
    app.get(url, options, async (request) => setupResource(kind, (request.params as { name: string }).name));
    const ack = async (request: FastifyRequest) => acknowledged(kind, (request.params as { name: string }).name);
    app.put(url, options, ack);
    app.post(url, options, ack);
    app.delete(url, options, ack);
  }
}
