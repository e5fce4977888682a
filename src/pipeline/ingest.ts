// The ingest service: text or lines in, normalized events and dead letters out, durable before it answers.
import type { DeadLetter, FileCheckpoint } from "../core/batch.js";
import { type ErrorCode, InferWatchError } from "../core/errors.js";
import type { InferEvent } from "../core/fields.js";
import type { Limits } from "../core/limits.js";
import { asRecord } from "../parsers/json.js";
import type { FormatRegistry } from "../parsers/registry.js";
import type { Format, ParsedRecord, ParseSession } from "../parsers/types.js";
import type { Metrics } from "../telemetry/metrics.js";
import { type IngestItem, splitJsonBody, splitLines } from "./body.js";
import { plainEntry, unrecognized, withEnvelope } from "./envelope.js";
import { type NormalizeContext, normalizeRecord } from "./normalize.js";
import type { RedactionPolicy } from "./redact.js";
import type { BatchWriter } from "./writer.js";

/** Per-line errors listed in one response; beyond this only the count is given. */
export const MAX_LISTED_ERRORS = 10_000;

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/;

export interface LineError {
  readonly line: number;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface IngestResult {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: readonly LineError[];
  /** Rejections not listed in `errors` (beyond MAX_LISTED_ERRORS). */
  readonly errorsOmitted: number;
  /** Accepted events per format that read them (with `auto`, what detection chose). */
  readonly formats: Readonly<Record<string, number>>;
}

export interface Prepared {
  readonly events: InferEvent[];
  readonly deadLetters: DeadLetter[];
  readonly result: IngestResult;
}

export interface IngestOptions {
  readonly limits: Limits;
  readonly keepRaw: boolean;
  /** IANA zone for times written without an offset. */
  readonly timeZone: string;
  /** Zones of particular sources, overriding `timeZone`. */
  readonly sourceTimeZones: Readonly<Record<string, string>>;
  readonly formats: FormatRegistry;
  /** Applied to every normalized event before it is stored (none: events are stored as parsed). */
  readonly redaction: RedactionPolicy;
}

export interface IngestTarget {
  readonly format: string;
  readonly sourceId: string;
  /** When the input was written (a file's modification time); fills in years a format omits. Default: now. */
  readonly referenceTime?: number;
}

export interface IdempotencyLookup {
  findIdempotencyKey(key: string): Promise<string | null>;
}

/** Throws a user error unless `sourceId` is a valid source name. */
export function checkSourceName(sourceId: string): void {
  if (!SOURCE_NAME.test(sourceId)) {
    throw new InferWatchError(
      "invalid_parameter",
      `source ${JSON.stringify(sourceId.slice(0, 140))} is not a valid source name: use 1-128 letters, digits and . _ : / @ -`,
    );
  }
}

/** Checks a `format` and `source` pair and returns the format; throws a user error naming the problem. */
export function resolveTarget(target: IngestTarget, formats: FormatRegistry): Format {
  checkSourceName(target.sourceId);
  const format = formats.find(target.format);
  if (!format) {
    throw new InferWatchError(
      "unsupported_format",
      `unknown format ${JSON.stringify(target.format.slice(0, 64))}; known formats: ${formats.names().join(", ")}`,
    );
  }
  return format;
}

/** UTF-8 byte length above `max`? */
function overLimit(s: string, max: number): boolean {
  return s.length > max || (s.length * 3 > max && Buffer.byteLength(s, "utf8") > max);
}

export class IngestService {
  private readonly inFlight = new Map<string, Promise<IngestResult & { replayed: boolean }>>();
  /** Formats more specific than `json`, for `recognizes` (built on first use). */
  private specific: Format[] | undefined;

  constructor(
    private readonly writer: BatchWriter,
    private readonly keys: IdempotencyLookup,
    private readonly metrics: Metrics,
    private readonly options: IngestOptions,
  ) {}

  /**
   * Whether some format more specific than `json` recognizes `line` (a TorchServe line in a shipper's `message`):
   * receivers then parse the line and keep the shipper's other fields as its envelope.
   */
  recognizes(line: string): boolean {
    if (!this.specific) {
      const { formats } = this.options;
      const names = formats.names().filter((n) => n !== "auto" && n !== "json");
      this.specific = names.map((n) => formats.find(n)).filter((f): f is Format => f !== undefined);
    }
    for (const f of this.specific) if (f.detect(line)) return true;
    return false;
  }

  /** Opens a parse session for `target` (its zone and reference time). */
  private openSession(target: IngestTarget, format: Format, observedAt: number): ParseSession {
    const timeZone = this.options.sourceTimeZones[target.sourceId] ?? this.options.timeZone;
    return format.open({ timeZone, referenceTime: target.referenceTime ?? observedAt });
  }

  /**
   * Parses and normalizes items. Pure: nothing is counted until the batch is committed. Without `stream`, the items
   * are a whole input; with it, they continue a stream whose session (and records still open in it) carries over,
   * and only `final` ends it.
   */
  prepare(
    items: readonly IngestItem[],
    target: IngestTarget,
    format: Format,
    stream?: { readonly session: ParseSession; readonly final: boolean },
  ): Prepared {
    const observedAt = Date.now();
    const { limits, keepRaw, redaction } = this.options;
    const ctx: NormalizeContext = { sourceId: target.sourceId, sourceType: format.name, observedAt, limits, keepRaw };
    const events: InferEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    const errors: LineError[] = [];
    const chosen: Record<string, number> = {};
    // With `auto`, records name the format that read them: one context per format, not one per record.
    const contexts = new Map<string, NormalizeContext>([[format.name, ctx]]);
    const contextFor = (used: string): NormalizeContext => {
      const known = contexts.get(used);
      if (known) return known;
      const c = { ...ctx, sourceType: used };
      contexts.set(used, c);
      return c;
    };
    const fail = (line: number, text: string, code: ErrorCode, message: string, used = format.name): void => {
      const truncated = overLimit(text, limits.maxLineBytes);
      deadLetters.push({
        receivedAt: observedAt,
        sourceId: target.sourceId,
        format: used,
        line,
        reasonCode: code,
        reason: message,
        raw: redaction.redactRejected(truncated ? text.slice(0, limits.maxLineBytes) : text),
        rawTruncated: truncated,
      });
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ line, code, message });
    };
    const take = (r: ParsedRecord): void => {
      const used = r.format ?? format.name;
      if (!r.ok) {
        fail(r.line, r.raw, r.code, r.message, used);
        return;
      }
      const n = normalizeRecord(r.record, r.raw, contextFor(used));
      if (!n.ok) {
        fail(r.line, r.raw, n.code, n.message, used);
        return;
      }
      events.push(redaction.apply(n.event));
      chosen[used] = (chosen[used] ?? 0) + 1;
    };
    const session = stream?.session ?? this.openSession(target, format, observedAt);
    let lastFormat: Format | undefined;
    for (const item of items) {
      if (overLimit(item.text, limits.maxLineBytes)) {
        fail(
          item.line,
          item.text,
          "line_too_long",
          `line is longer than ${limits.maxLineBytes} bytes (limits.max_line_bytes)`,
        );
      } else if (item.read !== undefined) {
        take({ ...item.read.result, line: item.line, raw: item.text, format: item.read.format });
      } else if (item.rejection) {
        fail(item.line, item.text, item.rejection.code, item.rejection.message);
      } else if (item.value !== undefined) {
        // An element of a JSON array body, or a record a receiver built, parsed already.
        take({ ...asRecord(item.value), line: item.line, raw: item.text, format: item.format ?? "json" });
      } else if (item.envelope !== undefined) {
        // A shipper's log entry stands alone: its own session, so it is never read as a neighbour's continuation.
        const parts = splitLines(item.text).map((l) => ({ line: item.line, text: l.text }));
        // As the auto session does for a file, the format that read the previous entry is asked first: it is
        // almost always the same one, and running every format's detector per entry would dominate the cost.
        const first = parts[0]?.text;
        const entryFormat =
          lastFormat !== undefined && first !== undefined && lastFormat.detect(first) ? lastFormat : format;
        const own = this.openSession(target, entryFormat, observedAt);
        const results = [...parts.flatMap((l) => own.push(l)), ...own.end()].map((r) =>
          r.format === undefined ? { ...r, format: entryFormat.name } : r,
        );
        if (format.name === "auto") {
          const used = results.find((r) => r.ok)?.format;
          lastFormat = used === undefined || used === "json" ? undefined : this.options.formats.find(used);
        }
        // A multi-line entry no format knows (a plain stack trace) stays one message, not one event per line; an empty
        // entry is still an event (the shipper sent it).
        if (results.length !== 1 && results.every(unrecognized)) {
          take(plainEntry(item.line, item.text, item.envelope));
        } else {
          for (const r of results) take(withEnvelope(r, item.envelope));
        }
      } else {
        for (const r of session.push(item)) take(r);
      }
    }
    if (!stream || stream.final) for (const r of session.end()) take(r);
    const result: IngestResult = {
      accepted: events.length,
      rejected: deadLetters.length,
      errors,
      errorsOmitted: deadLetters.length - errors.length,
      formats: chosen,
    };
    return { events, deadLetters, result };
  }

  /**
   * Ingests a request body. With an idempotency key, a retry of a request that was already committed gets the
   * first answer back and stores nothing again.
   */
  async ingestText(
    text: string,
    target: IngestTarget,
    options: { idempotencyKey?: string; ndjson?: boolean; checkpoints?: readonly FileCheckpoint[] } = {},
  ): Promise<IngestResult & { replayed: boolean }> {
    const format = resolveTarget(target, this.options.formats);
    const idempotencyKey = options.idempotencyKey;
    const ndjson = options.ndjson ?? false;
    const checkpoints = options.checkpoints ?? [];
    if (idempotencyKey === undefined) {
      return { ...(await this.run(text, target, format, ndjson, checkpoints)), replayed: false };
    }
    // Registered before the first await, so a concurrent duplicate waits for this one instead of racing it.
    const pending = this.inFlight.get(idempotencyKey);
    if (pending) return { ...(await pending), replayed: true };
    const work = (async (): Promise<IngestResult & { replayed: boolean }> => {
      const stored = await this.keys.findIdempotencyKey(idempotencyKey);
      if (stored !== null) return { ...(JSON.parse(stored) as IngestResult), replayed: true };
      return { ...(await this.run(text, target, format, ndjson, checkpoints, idempotencyKey)), replayed: false };
    })();
    this.inFlight.set(idempotencyKey, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(idempotencyKey);
    }
  }

  private async run(
    text: string,
    target: IngestTarget,
    format: Format,
    ndjson: boolean,
    checkpoints: readonly FileCheckpoint[],
    key?: string,
  ): Promise<IngestResult> {
    if (this.writer.isFull()) {
      this.metrics.overloads.inc();
      throw new InferWatchError("overloaded", "write queue is full; retry shortly");
    }
    // Declared NDJSON is taken line by line. Otherwise `json` input may also be an array or one pretty-printed
    // object; with `auto`, an array is the native batch shape, and any other document is left to detection.
    const arrayOfEvents = format.name === "auto" && text.trimStart().startsWith("[");
    const items = !ndjson && (format.name === "json" || arrayOfEvents) ? splitJsonBody(text) : splitLines(text);
    const prepared = this.prepare(items, target, format);
    const { events, deadLetters, result } = prepared;
    await this.writer.submit({
      events,
      deadLetters,
      checkpoints,
      ...(key === undefined ? {} : { idempotency: { key, response: JSON.stringify(result) } }),
    });
    this.record(prepared, target);
    return result;
  }

  /** Counts a committed batch in the metrics, under the format that actually read each line. */
  private record(prepared: Prepared, target: IngestTarget): void {
    const source = this.metrics.source(target.sourceId);
    for (const [format, n] of Object.entries(prepared.result.formats)) {
      this.metrics.eventsAccepted.inc({ source, format }, n);
    }
    if (prepared.deadLetters.length === 0) return;
    this.metrics.deadLetters.inc(prepared.deadLetters.length);
    const counts = new Map<string, { format: string; reason: string; n: number }>();
    for (const d of prepared.deadLetters) {
      const key = `${d.format}\u0000${d.reasonCode}`;
      const c = counts.get(key) ?? { format: d.format, reason: d.reasonCode, n: 0 };
      c.n++;
      counts.set(key, c);
    }
    for (const c of counts.values())
      this.metrics.eventsRejected.inc({ source, format: c.format, reason: c.reason }, c.n);
  }

  /** Ingests already-split lines (file ingest), committing `checkpoints` atomically with them. */
  async ingestItems(
    items: readonly IngestItem[],
    target: IngestTarget,
    checkpoints?: readonly FileCheckpoint[],
  ): Promise<IngestResult> {
    const format = resolveTarget(target, this.options.formats);
    return this.commit(this.prepare(items, target, format), target, checkpoints);
  }

  /**
   * A file read in several batches: one parse session spans them, so a multi-line record that crosses a batch
   * boundary (a stack trace, a pretty-printed document) stays whole. Batches must be sent in order; `end` flushes
   * what the session still holds.
   */
  openStream(target: IngestTarget): IngestStream {
    const format = resolveTarget(target, this.options.formats);
    const session = this.openSession(target, format, Date.now());
    return {
      send: (items) => this.commit(this.prepare(items, target, format, { session, final: false }), target),
      end: () => this.commit(this.prepare([], target, format, { session, final: true }), target),
    };
  }

  private async commit(prepared: Prepared, target: IngestTarget, checkpoints?: readonly FileCheckpoint[]) {
    const { events, deadLetters, result } = prepared;
    await this.writer.submit({ events, deadLetters, ...(checkpoints ? { checkpoints } : {}) });
    this.record(prepared, target);
    return result;
  }
}

/** One input read in order across several batches (see IngestService.openStream). */
export interface IngestStream {
  send(items: readonly IngestItem[]): Promise<IngestResult>;
  end(): Promise<IngestResult>;
}
