// Reads request bodies as raw bytes (no framework JSON parsing) and decodes gzip within the body-size limit.
import { promisify } from "node:util";
import { gunzip as gunzipCb } from "node:zlib";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { InferWatchError } from "../core/errors.js";

const gunzip = promisify(gunzipCb);

/** Every content type arrives as a Buffer; routes decide how to read it. */
export function installRawBodyParser(app: FastifyInstance, maxBodyBytes: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));
}

/** The request body as text, gunzipped when `Content-Encoding: gzip` (limit applied to the decompressed size). */
export async function bodyText(request: FastifyRequest, maxBodyBytes: number): Promise<string> {
  return (await bodyBytes(request, maxBodyBytes)).toString("utf8");
}

/** The request body as bytes (for binary protocols such as OTLP protobuf), gunzipped as `bodyText` does. */
export async function bodyBytes(request: FastifyRequest, maxBodyBytes: number): Promise<Buffer> {
  const raw = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) throw new InferWatchError("empty_body", "request body is empty");
  const encoding = String(request.headers["content-encoding"] ?? "identity")
    .toLowerCase()
    .trim();
  let bytes: Buffer;
  if (encoding === "gzip" || encoding === "x-gzip") {
    try {
      bytes = await gunzip(raw, { maxOutputLength: maxBodyBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
        throw new InferWatchError(
          "body_too_large",
          `decompressed body is larger than ${maxBodyBytes} bytes (limits.max_body_bytes)`,
        );
      }
      throw new InferWatchError("invalid_encoding", `body is not valid gzip: ${(e as Error).message}`);
    }
  } else if (encoding === "identity" || encoding === "") {
    bytes = raw;
  } else {
    throw new InferWatchError(
      "invalid_encoding",
      `unsupported Content-Encoding ${JSON.stringify(encoding)}; send gzip or none`,
    );
  }
  return bytes;
}
