// Reads HEC event bodies: JSON objects written one after another (not an array, not necessarily one per line).
import type { IngestItem } from "../../pipeline/body.js";
import { documentItem, type LineRecognizer } from "../documents.js";
import { eventFieldProblem, type HecReply, invalidDataFormat } from "./replies.js";

/** Nesting beyond this is refused before JSON.parse sees it (normalization allows far less anyway). */
const MAX_BRACE_DEPTH = 256;
const MAX_META_CHARS = 1024;

export const HEC_FORMAT = "splunk_hec";

/** One HEC event with its metadata, as validated. */
export interface HecEvent {
  readonly text: string;
  readonly event: string | Record<string, unknown>;
  readonly timeMs?: number;
  readonly host?: string;
  readonly source?: string;
  readonly sourcetype?: string;
  readonly index?: string;
  readonly fields?: Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Splits concatenated JSON objects (`{...}{...}` or `{...}\n{...}`), honouring strings and escapes. Returns the
 * object texts, or the 0-based number of the first piece that is not a whole object.
 */
export function splitObjects(text: string): { objects: string[] } | { invalidAt: number } {
  const objects: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && /\s/.test(text[i] as string)) i++;
    if (i >= n) return { objects };
    if (text[i] !== "{") return { invalidAt: objects.length };
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") {
        if (++depth > MAX_BRACE_DEPTH) return { invalidAt: objects.length };
      } else if (c === "}" || c === "]") {
        if (--depth === 0) break;
      }
    }
    if (depth !== 0 || i >= n) return { invalidAt: objects.length };
    i++;
    objects.push(text.slice(start, i));
  }
}

function metaString(v: unknown): string | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v.length > MAX_META_CHARS) return null;
  return v;
}

/** HEC `time`: epoch seconds with an optional fraction, as a number or a numeric string. */
function timeMs(v: unknown): number | undefined | null {
  if (v === undefined || v === null) return undefined;
  const s =
    typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN;
  return Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) : null;
}

/** Validates an `/event` body. Any malformed event refuses the whole request (nothing of it is stored). */
export function parseEventBody(text: string): { events: HecEvent[] } | { error: HecReply } {
  const split = splitObjects(text);
  if ("invalidAt" in split) return { error: invalidDataFormat(split.invalidAt) };
  const events: HecEvent[] = [];
  for (const [i, objectText] of split.objects.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(objectText);
    } catch {
      return { error: invalidDataFormat(i) };
    }
    if (!isPlainObject(value)) return { error: invalidDataFormat(i) };
    const event = value.event;
    if (event === undefined || event === null) return { error: eventFieldProblem(false, i) };
    if (event === "" || (isPlainObject(event) && Object.keys(event).length === 0)) {
      return { error: eventFieldProblem(true, i) };
    }
    const t = timeMs(value.time);
    const host = metaString(value.host);
    const source = metaString(value.source);
    const sourcetype = metaString(value.sourcetype);
    const index = metaString(value.index);
    const fields = value.fields;
    if (t === null || host === null || source === null || sourcetype === null || index === null) {
      return { error: invalidDataFormat(i) };
    }
    if (fields !== undefined && !isPlainObject(fields)) return { error: invalidDataFormat(i) };
    events.push({
      text: objectText,
      // Numbers, booleans and arrays are events too in Splunk; they are kept as text.
      event: typeof event === "string" || isPlainObject(event) ? event : JSON.stringify(event),
      ...(t === undefined ? {} : { timeMs: t }),
      ...(host === undefined ? {} : { host }),
      ...(source === undefined ? {} : { source }),
      ...(sourcetype === undefined ? {} : { sourcetype }),
      ...(index === undefined ? {} : { index }),
      ...(fields === undefined ? {} : { fields }),
    });
  }
  return { events };
}

/** The HEC metadata of an event as envelope fields (the event's own fields win over them). */
function metadata(e: HecEvent): Record<string, unknown> {
  const attributes: Record<string, unknown> = { ...e.fields };
  if (e.source !== undefined) attributes["splunk.source"] = e.source;
  if (e.sourcetype !== undefined) attributes["splunk.sourcetype"] = e.sourcetype;
  if (e.index !== undefined) attributes["splunk.index"] = e.index;
  return {
    ...(e.timeMs === undefined ? {} : { timestamp: e.timeMs }),
    ...(e.host === undefined ? {} : { "host.name": e.host }),
    // The HEC index names the event's source, as an Elasticsearch index does (checked by the receiver).
    ...(e.index === undefined ? {} : { source_id: e.index }),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

/**
 * An event as an ingest item: a string event is a log line (parsed when a parser recognizes it, else stored as the
 * event's message); an object event is the record, or its `message` is the line (splunk-logging's shape).
 */
export function hecItem(e: HecEvent, line: number, recognizer: LineRecognizer, receivedAt: number): IngestItem {
  const doc = typeof e.event === "string" ? { message: e.event } : e.event;
  return documentItem(doc, line, e.text, { recognizer, format: HEC_FORMAT, extra: metadata(e), receivedAt });
}

/** `/raw`: each non-blank line is an event; metadata comes from the query string. */
export function rawItems(
  text: string,
  meta: Omit<HecEvent, "text" | "event">,
  recognizer: LineRecognizer,
  receivedAt: number,
): IngestItem[] {
  const items: IngestItem[] = [];
  let line = 0;
  for (const piece of text.split("\n")) {
    line++;
    const t = piece.endsWith("\r") ? piece.slice(0, -1) : piece;
    if (t.trim() === "") continue;
    items.push(hecItem({ ...meta, text: t, event: t }, line, recognizer, receivedAt));
  }
  return items;
}
