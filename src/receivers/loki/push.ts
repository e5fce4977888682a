// Loki push requests (JSON or snappy protobuf) → one ingest item per log entry, labels kept as its envelope.
import { InferWatchError } from "../../core/errors.js";
import type { IngestItem } from "../../pipeline/body.js";
import { parseLabels } from "./labels.js";
import { decodeProtoPush, type PushedEntry, type PushedStream } from "./push-proto.js";

/** Labels that name a normalized column; every label is also kept in `attributes` under its own name. */
const LABEL_COLUMNS: Record<string, string> = {
  host: "host_name",
  hostname: "host_name",
  host_name: "host_name",
  container: "container_name",
  container_name: "container_name",
  namespace: "k8s_namespace",
  pod: "k8s_pod",
};

/** Level labels (`level`, Loki's `detected_level`) taken as the severity when they name one InferWatch knows. */
const LEVELS = new Set(["trace", "debug", "info", "warn", "warning", "error", "err", "fatal", "critical", "notice"]);

const NS = /^\d{1,22}$/;

function badRequest(message: string): InferWatchError {
  return new InferWatchError("unparseable", message);
}

/** Decodes a push body by its content type (`application/x-protobuf` is snappy protobuf; anything else JSON). */
export function decodePush(
  contentType: string,
  body: Buffer,
  jsonText: () => string,
  maxBytes: number,
): PushedStream[] {
  return /protobuf/i.test(contentType) ? decodeProtoPush(body, maxBytes) : decodeJsonPush(jsonText());
}

/** `{"streams":[{"stream":{...},"values":[["<ns>","line",{metadata}], ...]}]}` */
export function decodeJsonPush(text: string): PushedStream[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InferWatchError("invalid_json", `push body is not valid JSON: ${(e as Error).message}`);
  }
  const streams = (doc as { streams?: unknown } | null)?.streams;
  if (!Array.isArray(streams)) throw badRequest('push body must be {"streams": [...]}');
  return streams.map((s, i) => {
    const labels = (s as { stream?: unknown } | null)?.stream;
    const values = (s as { values?: unknown } | null)?.values;
    if (labels === null || typeof labels !== "object" || Array.isArray(labels)) {
      throw badRequest(`streams[${i}].stream must be an object of labels`);
    }
    if (!Array.isArray(values)) throw badRequest(`streams[${i}].values must be an array`);
    const entries = values.map((v, j): PushedEntry => {
      const where = `streams[${i}].values[${j}]`;
      if (!Array.isArray(v) || v.length < 2 || v.length > 3) {
        throw badRequest(`${where} must be ["<unix epoch ns>", "<line>"] or with a third element of metadata`);
      }
      const [ns, line, meta] = v as [unknown, unknown, unknown];
      if (typeof ns !== "string" || !NS.test(ns)) throw badRequest(`${where}[0] must be a string of epoch nanoseconds`);
      if (typeof line !== "string") throw badRequest(`${where}[1] must be a string`);
      const metadata: Record<string, string> = {};
      if (meta !== undefined) {
        if (meta === null || typeof meta !== "object" || Array.isArray(meta)) {
          throw badRequest(`${where}[2] (structured metadata) must be an object of strings`);
        }
        for (const [k, val] of Object.entries(meta)) {
          if (typeof val !== "string") throw badRequest(`${where}[2].${k} must be a string`);
          metadata[k] = val;
        }
      }
      return { ns, line, metadata };
    });
    return { labels: labels as Record<string, unknown>, entries };
  });
}

/** The envelope record of a stream: its labels as columns where they name one, and all of them as attributes. */
function streamRecord(labels: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(labels)) {
    const column = LABEL_COLUMNS[k];
    if (column !== undefined && typeof v === "string" && v !== "") record[column] = v;
  }
  const level = labels.level ?? labels.detected_level;
  if (typeof level === "string" && LEVELS.has(level.toLowerCase())) record.severity = level.toLowerCase();
  return record;
}

/** One ingest item per entry, numbered in request order; each carries its stream's labels and its own metadata. */
export function pushItems(streams: readonly PushedStream[]): IngestItem[] {
  const items: IngestItem[] = [];
  streams.forEach((s, i) => {
    const labels = typeof s.labels === "string" ? parseLabels(s.labels) : s.labels;
    if (typeof labels === "string") throw badRequest(`streams[${i}]: ${labels}`);
    const base = streamRecord(labels);
    for (const e of s.entries) {
      const ms = Number(BigInt(e.ns) / 1_000_000n);
      const attributes = { ...labels, ...e.metadata };
      items.push({
        line: items.length + 1,
        text: e.line,
        envelope: { format: "loki", record: { ...base, timestamp: ms, attributes } },
      });
    }
  });
  return items;
}
