// Splits a request body or file chunk into items: NDJSON lines, the elements of a JSON array, or one JSON document.
import type { ErrorCode } from "../core/errors.js";
import type { LineResult } from "../parsers/types.js";

/** One input unit: its 1-based line (or array element) number, its text, and its value when already parsed. */
export interface IngestItem {
  readonly line: number;
  readonly text: string;
  readonly value?: unknown;
  /** Set by shipper receivers: this item is one log entry inside a protocol envelope (see `Envelope`). */
  readonly envelope?: Envelope;
  /** Set by shipper receivers for a structured record they read themselves (an OTLP span or data point). */
  readonly read?: { readonly format: string; readonly result: LineResult };
  /** The format to record for a `value` item (default `json`): a receiver that built the record itself names it. */
  readonly format?: string;
  /** A receiver already found the item unusable (a bulk document that is not JSON): it is dead-lettered as such. */
  readonly rejection?: { readonly code: ErrorCode; readonly message: string };
}

/**
 * What a shipper's protocol says around one log line (Loki labels and timestamp, a syslog header, an OTLP log
 * record's resource and trace context, an Elasticsearch document's other fields), in the normalized vocabulary. The
 * line is parsed on its own (never joined with its neighbours); what the parsed record sets wins, under any alias of
 * the same column, and the envelope fills in the rest (its `attributes` merged under the record's). A line no format
 * recognizes is kept as a plain log message with the envelope, and its `source_type` is `format`.
 */
export interface Envelope {
  readonly format: string;
  readonly record: Readonly<Record<string, unknown>>;
}

/** Splits text into non-blank lines, numbering them as an editor would (CRLF tolerated). */
export function splitLines(text: string, firstLine = 1): IngestItem[] {
  const items: IngestItem[] = [];
  let start = 0;
  let line = firstLine;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let piece = text.slice(start, end);
    if (piece.endsWith("\r")) piece = piece.slice(0, -1);
    if (piece.trim() !== "") items.push({ line, text: piece });
    start = end + 1;
    line++;
  }
  return items;
}

/**
 * For JSON input, accepts a JSON array of events, a single (possibly pretty-printed) JSON object, or NDJSON.
 * Anything that is not valid as a whole falls back to lines, so each bad line is reported on its own.
 */
export function splitJsonBody(text: string): IngestItem[] {
  const first = text.trimStart()[0];
  if (first === "[") {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value)) return value.map((v, i) => ({ line: i + 1, text: JSON.stringify(v), value: v }));
    } catch {
      // not a valid array: report it line by line below
    }
  }
  const lines = splitLines(text);
  if (first === "{" && lines.length > 1) {
    try {
      JSON.parse((lines[0] as IngestItem).text);
    } catch {
      // The first line alone is not JSON: maybe the whole body is one pretty-printed object.
      try {
        const value: unknown = JSON.parse(text);
        return [{ line: 1, text: text.trim(), value }];
      } catch {
        // genuinely broken: fall through to per-line reporting
      }
    }
  }
  return lines;
}
