// Splunk HTTP Event Collector: `/services/collector[/event][/1.0]`, `/services/collector/raw[/1.0]`, health.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import { InferWatchError } from "../../core/errors.js";
import { sameSecret } from "../../receivers/auth.js";
import { hecItem, parseEventBody, rawItems } from "../../receivers/splunk/events.js";
import { storeHec, validIndex } from "../../receivers/splunk/receiver.js";
import { checkHecToken, HEC, type HecReply } from "../../receivers/splunk/replies.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

const RECEIVER = "splunk_hec";
const EVENT_PATHS = ["/services/collector", "/services/collector/event", "/services/collector/event/1.0"];
const RAW_PATHS = ["/services/collector/raw", "/services/collector/raw/1.0"];
const HEALTH_PATHS = ["/services/collector/health", "/services/collector/health/1.0"];

function queryString(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  return typeof v === "string" && v !== "" && v.length <= 1024 ? v : undefined;
}

export function splunkRoutes(app: FastifyInstance, rt: Runtime): void {
  const settings = rt.config.receivers.splunk_hec;
  if (!settings.enabled) return;
  const requests = rt.metrics.receiverRequests;
  const send = (
    reply: FastifyReply,
    r: HecReply,
    outcome: "ok" | "rejected" | "unauthorized" | "overloaded" | "error",
  ) => {
    requests.inc({ receiver: RECEIVER, outcome });
    if (r.status === 503) reply.header("Retry-After", "1");
    return reply.status(r.status).send(r.body);
  };
  const options: RouteShorthandOptions = {
    onRequest: async (request, reply) => {
      const refused = checkHecToken(request.headers.authorization, settings.tokens, sameSecret);
      if (refused) return send(reply, refused, "unauthorized");
    },
    errorHandler: (err: FastifyError, request, reply) => {
      if (err instanceof InferWatchError && err.code === "empty_body") return send(reply, HEC.noData, "rejected");
      if (
        (err instanceof InferWatchError && err.code === "body_too_large") ||
        err.code === "FST_ERR_CTP_BODY_TOO_LARGE"
      ) {
        return send(
          reply,
          { status: 413, body: { text: "Content too large: the body exceeds limits.max_body_bytes", code: 6 } },
          "rejected",
        );
      }
      if (err instanceof InferWatchError && err.code === "invalid_encoding") {
        return send(reply, { status: 400, body: { text: `Invalid data format: ${err.message}`, code: 6 } }, "rejected");
      }
      request.log.error({ err }, "splunk hec receiver error");
      return send(reply, HEC.internalError, "error");
    },
  };
  const ingest = {
    recognizes: (line: string) => rt.ingest.recognizes(line),
    ingestItems: rt.ingest.ingestItems.bind(rt.ingest),
    isFull: () => rt.writer.isFull(),
  };
  const finish = async (reply: FastifyReply, items: Parameters<typeof storeHec>[0]) => {
    const out = await storeHec(items, ingest);
    if (out.stored > 0) rt.metrics.receiverEvents.inc({ receiver: RECEIVER }, out.stored);
    if (out.outcome === "overloaded") rt.metrics.overloads.inc();
    return send(reply, out.reply, out.outcome);
  };

  // The Content-Type is ignored: splunk-logging sends JSON as application/x-www-form-urlencoded.
  const events = async (request: FastifyRequest, reply: FastifyReply) => {
    if (rt.writer.isFull()) return send(reply, HEC.serverBusy, "overloaded");
    const text = await bodyText(request, rt.limits.maxBodyBytes);
    const parsed = parseEventBody(text);
    if ("error" in parsed) return send(reply, parsed.error, "rejected");
    if (parsed.events.some((e) => !validIndex(e.index))) return send(reply, HEC.incorrectIndex, "rejected");
    const receivedAt = Date.now();
    return finish(
      reply,
      parsed.events.map((e, i) => hecItem(e, i + 1, ingest, receivedAt)),
    );
  };
  const raw = async (request: FastifyRequest, reply: FastifyReply) => {
    if (rt.writer.isFull()) return send(reply, HEC.serverBusy, "overloaded");
    const q = request.query as Record<string, unknown>;
    const index = queryString(q, "index");
    if (!validIndex(index)) return send(reply, HEC.incorrectIndex, "rejected");
    const host = queryString(q, "host");
    const source = queryString(q, "source");
    const sourcetype = queryString(q, "sourcetype");
    const meta = {
      ...(host === undefined ? {} : { host }),
      ...(source === undefined ? {} : { source }),
      ...(sourcetype === undefined ? {} : { sourcetype }),
      ...(index === undefined ? {} : { index }),
    };
    const text = await bodyText(request, rt.limits.maxBodyBytes);
    return finish(reply, rawItems(text, meta, ingest, Date.now()));
  };
  for (const url of EVENT_PATHS) app.post(url, options, events);
  for (const url of RAW_PATHS) app.post(url, options, raw);
  // Health needs no token in Splunk either: load balancers probe it.
  for (const url of HEALTH_PATHS) {
    app.get(url, async (_request, reply) => {
      const r = rt.writer.isFull() ? HEC.unhealthy : HEC.healthy;
      if (r.status === 503) reply.header("Retry-After", "1");
      return reply.status(r.status).send(r.body);
    });
  }
}
