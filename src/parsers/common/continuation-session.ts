// A session for log formats whose records start with a header line and may continue on the lines after it.

import type { ErrorCode } from "../../core/errors.js";
import type { LineResult, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { parserError } from "./parser-errors.js";

/** Continuation lines kept per record; beyond this the record is closed and further lines are reported. */
export const MAX_CONTINUATION_LINES = 1000;
/** The same bound in characters, for long lines. */
export const MAX_CONTINUATION_CHARS = 4 * 1024 * 1024;

export type StartResult<H> =
  /** `complete`: the record is whole on this one line; lines after it cannot continue it. */
  | { readonly ok: true; readonly header: H; readonly complete?: boolean }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export interface ContinuationSpec<H> {
  /** The line starts a record (parsed header, or a diagnostic for a damaged start line), or null: it continues one. */
  start(text: string, context: ParseContext): StartResult<H> | null;
  /** Builds the record from its header and the lines that continued it. */
  finish(header: H, continuation: readonly string[], context: ParseContext): LineResult;
  /** Says why a continuation line with no record before it cannot be read. */
  readonly orphanMessage: string;
}

interface Held<H> {
  readonly header: H;
  readonly line: number;
  readonly lines: string[];
  chars: number;
}

function failure(e: unknown): LineResult {
  return { ok: false, code: "unparseable", message: parserError(e) };
}

/** Opens a session that holds each record until the next start line (or the end) shows it is complete. */
export function continuationSession<H>(
  spec: ContinuationSpec<H>,
  context: ParseContext,
  maxContinuation = MAX_CONTINUATION_LINES,
): ParseSession {
  let held: Held<H> | null = null;
  let orphanReason = spec.orphanMessage;

  const flush = (): ParsedRecord[] => {
    if (held === null) return [];
    const h = held;
    held = null;
    let result: LineResult;
    try {
      result = spec.finish(h.header, h.lines.slice(1), context);
    } catch (e) {
      result = failure(e);
    }
    return [{ ...result, line: h.line, raw: h.lines.join("\n") }];
  };

  return {
    push(source: SourceLine): ParsedRecord[] {
      let start: StartResult<H> | null;
      try {
        start = spec.start(source.text, context);
      } catch (e) {
        const f = failure(e);
        start = f.ok ? null : f;
      }
      if (start !== null) {
        const out = flush();
        if (start.ok) {
          held = { header: start.header, line: source.line, lines: [source.text], chars: source.text.length };
          orphanReason = spec.orphanMessage;
          if (start.complete) out.push(...flush());
        } else {
          out.push({ ok: false, line: source.line, raw: source.text, code: start.code, message: start.message });
          orphanReason = `continues a line that could not be read (line ${source.line})`;
        }
        return out;
      }
      if (
        held !== null &&
        held.lines.length <= maxContinuation &&
        held.chars + source.text.length <= MAX_CONTINUATION_CHARS
      ) {
        held.lines.push(source.text);
        held.chars += source.text.length;
        return [];
      }
      const out = flush();
      if (out.length > 0) {
        orphanReason = `record reached ${maxContinuation} continuation lines or ${MAX_CONTINUATION_CHARS} characters; the rest are not kept`;
      }
      out.push({ ok: false, line: source.line, raw: source.text, code: "unparseable", message: orphanReason });
      return out;
    },
    end: flush,
  };
}
