// The parser contract: a format turns raw lines into records (or diagnostics). Pure: never throws, never does I/O.
import type { ErrorCode } from "../core/errors.js";

/** One input line with its 1-based number (blank lines never arrive). */
export interface SourceLine {
  readonly line: number;
  readonly text: string;
}

/**
 * A record in the normalized vocabulary (column names of docs/fields.md, or their OTel/ECS aliases; anything else
 * lands in `attributes`), or a diagnostic. `line` is the record's first line, `raw` its original text (all of its
 * lines, joined with "\n", for a multi-line record).
 */
export type ParsedRecord = (
  | { readonly ok: true; readonly line: number; readonly raw: string; readonly record: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly line: number;
      readonly raw: string;
      readonly code: ErrorCode;
      readonly message: string;
    }
) & {
  /** The format that produced it, when a wrapper (auto-detection) chose one; the requested format otherwise. */
  readonly format?: string;
};

/** What a parser may know about where its input comes from. */
export interface ParseContext {
  /** IANA zone (e.g. `Europe/Berlin`) for times written without an offset. */
  readonly timeZone: string;
  /** Epoch ms close to when the input was written (file time, else ingest time): fills in years a format omits. */
  readonly referenceTime: number;
}

/**
 * One pass over one input stream (a file, a request body). `push` may hold lines back (multi-line records, request
 * and response pairing) and returns what is complete; `end` returns everything still held.
 */
export interface ParseSession {
  push(line: SourceLine): ParsedRecord[];
  end(): ParsedRecord[];
  /**
   * True while a record is half-read (inside a multi-line document): auto-detection then keeps feeding this
   * session, even lines another format would claim (a one-line `{...}` nested in a pretty-printed export).
   */
  inRecord?(): boolean;
}

export interface Format {
  /** The `format` name users pass (`--format`, `?format=`). */
  readonly name: string;
  readonly description: string;
  /** Real example lines, shown by `inferwatch formats` and checked by the tests to parse. */
  readonly examples: readonly string[];
  /** Cheap discriminator for auto-detection: could this line start a record in this format? */
  detect(line: string): boolean;
  open(context: ParseContext): ParseSession;
}

/** The result of parsing one line in a one-line-per-record format. */
export type LineResult =
  | { readonly ok: true; readonly record: Record<string, unknown> }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** Builds a Format whose records are single lines, from a pure line function. */
export function lineFormat(spec: {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly string[];
  readonly detect: (line: string) => boolean;
  readonly parse: (line: string, context: ParseContext) => LineResult;
}): Format {
  return {
    name: spec.name,
    description: spec.description,
    examples: spec.examples,
    detect: spec.detect,
    open(context) {
      return {
        push: (l) => [{ ...spec.parse(l.text, context), line: l.line, raw: l.text }],
        end: () => [],
      };
    },
  };
}
