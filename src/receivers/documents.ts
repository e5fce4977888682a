// Turns a shipper's JSON document (an Elasticsearch `_source`, a HEC event) into an ingest item the parsers apply to.
import type { IngestItem } from "../pipeline/body.js";
import { mergeEnvelope } from "../pipeline/envelope.js";

/** What a receiver needs to know of the formats: whether a line is one a specific parser reads. */
export interface LineRecognizer {
  recognizes(line: string): boolean;
}

/** Nesting flattened into dotted keys; deeper objects stay whole (normalization then checks their depth). */
const MAX_FLATTEN_DEPTH = 8;

/** Keys whose string value may hold the original log line: ECS/Filebeat/Logstash/Vector `message`, Fluent Bit `log`. */
const LINE_KEYS = ["message", "log"] as const;

/**
 * ECS names that would override where an event came from (`event.dataset` is an alias of `source_id`): kept as
 * attributes, so the receiver's source (the index name) stays the event's source.
 */
const SOURCE_OVERRIDES = new Set(["event.dataset", "source_id"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `{"host": {"name": "a"}}` → `{"host.name": "a"}` (ECS field names, which the event model aliases). */
export function flatten(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (obj: Readonly<Record<string, unknown>>, prefix: string, depth: number): void => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix === "" ? k : `${prefix}.${k}`;
      if (isPlainObject(v) && depth < MAX_FLATTEN_DEPTH && Object.keys(v).length > 0) walk(v, key, depth + 1);
      else out[key] = v;
    }
  };
  walk(value, "", 1);
  return out;
}

/** Moves source-overriding keys into `attributes`. */
function keepSource(fields: Record<string, unknown>): Record<string, unknown> {
  let attrs: Record<string, unknown> | undefined;
  for (const key of SOURCE_OVERRIDES) {
    if (!(key in fields)) continue;
    attrs ??= isPlainObject(fields.attributes) ? { ...fields.attributes } : {};
    attrs[key] = fields[key];
    delete fields[key];
  }
  if (attrs) fields.attributes = attrs;
  return fields;
}

export interface DocumentOptions {
  readonly recognizer: LineRecognizer;
  /** The format recorded when the document itself is the record (`elasticsearch`, `splunk_hec`). */
  readonly format: string;
  /** Fields the receiver adds (HEC host/time, the ES `_id` as `event_id`); the document's own fields win. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Epoch ms used when neither the line nor the document has a time (the receipt time, as Splunk does). */
  readonly receivedAt: number;
}

/**
 * A document whose `message` (or Fluent Bit's `log`) is a line some parser recognizes becomes that line, with the
 * rest of the document as its envelope (parsed fields win). Any other document is itself the record, with its
 * nested ECS objects flattened to dotted names so `host.name`, `log.level`, `trace.id` land in their columns.
 * `line` numbers the item (unique within one ingest call); `text` is the document as received.
 */
export function documentItem(
  doc: Readonly<Record<string, unknown>>,
  line: number,
  text: string,
  options: DocumentOptions,
): IngestItem {
  const fallback = { timestamp: options.receivedAt, ...options.extra };
  for (const key of LINE_KEYS) {
    const candidate = doc[key];
    if (typeof candidate !== "string" || !options.recognizer.recognizes(candidate)) continue;
    const rest: Record<string, unknown> = { ...doc };
    delete rest[key];
    return {
      line,
      text: candidate,
      envelope: { format: options.format, record: mergeEnvelope(keepSource(flatten(rest)), fallback) },
    };
  }
  const record = mergeEnvelope(keepSource(flatten(doc)), fallback);
  return { line, text, value: record, format: options.format };
}
