// POST /api/v1/ingest: JSON object, JSON array or NDJSON (optionally gzip); 2xx only once every event is durable.
// GET /api/v1/file-checkpoints: where remote `ingest --follow` clients resume after a restart.
import type { FastifyInstance } from "fastify";
import type { FileCheckpoint } from "../../core/batch.js";
import { InferWatchError } from "../../core/errors.js";
import { parseTimestamp } from "../../core/time.js";
import type { Runtime } from "../../services/runtime.js";
import { bodyText } from "../body.js";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

function stringParam(q: Record<string, unknown>, name: string): string | undefined {
  const value = q[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw new InferWatchError("invalid_parameter", `query parameter '${name}' must be given once`);
  return value;
}

/** A file follower's checkpoint travels as `checkpoint_*` parameters and commits with the batch. */
function checkpointParam(q: Record<string, unknown>): FileCheckpoint[] {
  const fileId = stringParam(q, "checkpoint_file_id");
  if (fileId === undefined) return [];
  const path = stringParam(q, "checkpoint_path") ?? "";
  const offset = Number(stringParam(q, "checkpoint_offset"));
  const fingerprint = stringParam(q, "checkpoint_fingerprint") ?? "";
  if (
    fileId.length > 512 ||
    path.length > 4096 ||
    fingerprint.length > 128 ||
    !Number.isSafeInteger(offset) ||
    offset < 0
  ) {
    throw new InferWatchError(
      "invalid_parameter",
      "checkpoint_file_id (≤512 chars), checkpoint_path (≤4096), checkpoint_offset (integer ≥ 0) and checkpoint_fingerprint (≤128) must be valid together",
    );
  }
  return [{ fileId, path, offset, fingerprint }];
}

/** `reference_time`: when the lines were written (epoch ms or ISO 8601), for formats that omit the year. */
function referenceTimeParam(q: Record<string, unknown>): { referenceTime?: number } {
  const given = stringParam(q, "reference_time");
  if (given === undefined) return {};
  const t = parseTimestamp(given);
  if (!t.ok) throw new InferWatchError("invalid_parameter", `reference_time ${t.message}`);
  return { referenceTime: t.ms };
}

export function ingestRoutes(app: FastifyInstance, rt: Runtime): void {
  app.post("/api/v1/ingest", async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const target = {
      sourceId: stringParam(q, "source") ?? "http",
      format: stringParam(q, "format") ?? "auto",
      ...referenceTimeParam(q),
    };
    const checkpoints = checkpointParam(q);
    const keyHeader = request.headers["idempotency-key"];
    if (keyHeader !== undefined && (typeof keyHeader !== "string" || !IDEMPOTENCY_KEY.test(keyHeader))) {
      throw new InferWatchError(
        "invalid_parameter",
        "Idempotency-Key must be 1-200 printable ASCII characters, given once",
      );
    }
    // Refuse before reading and parsing when the queue is already full: cheap for us, clear for the client.
    if (rt.writer.isFull()) {
      rt.metrics.overloads.inc();
      throw new InferWatchError("overloaded", "write queue is full; retry shortly");
    }
    const text = await bodyText(request, rt.limits.maxBodyBytes);
    const ndjson = /ndjson|jsonlines|json-seq/i.test(String(request.headers["content-type"] ?? ""));
    const result = await rt.ingest.ingestText(text, target, {
      ndjson,
      checkpoints,
      ...(keyHeader === undefined ? {} : { idempotencyKey: keyHeader }),
    });
    if (result.replayed) reply.header("Idempotent-Replayed", "true");
    return reply.status(200).send({
      accepted: result.accepted,
      rejected: result.rejected,
      errors: result.errors,
      errors_omitted: result.errorsOmitted,
      formats: result.formats,
    });
  });

  app.get("/api/v1/file-checkpoints", async () => ({ checkpoints: await rt.store.loadCheckpoints() }));
}
