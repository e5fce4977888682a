// A parser bug must not take an ingest down: an exception a parser throws becomes an `unparseable` diagnostic.
import type { ParsedRecord, SourceLine } from "../types.js";

/** The message of a diagnostic that stands for an exception, after `label` (what was being read). */
export function parserError(e: unknown, label = "parser error"): string {
  return `${label}: ${e instanceof Error ? e.message : String(e)}`;
}

/** What `step` returns, or, if it throws, a diagnostic of the text `at` (a line, a document). */
export function guarded(
  at: { readonly line: number; readonly raw: string },
  step: () => ParsedRecord[],
  label?: string,
): ParsedRecord[] {
  try {
    return step();
  } catch (e) {
    return [{ ok: false, line: at.line, raw: at.raw, code: "unparseable", message: parserError(e, label) }];
  }
}

/** What `step` returns for `line`, or, if it throws, a diagnostic of that line. */
export function guardLine(line: SourceLine, step: () => ParsedRecord[]): ParsedRecord[] {
  return guarded({ line: line.line, raw: line.text }, step);
}

/** What `step` returns at the end of the input, or, if it throws, a diagnostic of no line. */
export function guardEnd(step: () => ParsedRecord[]): ParsedRecord[] {
  return guarded({ line: 0, raw: "" }, step);
}
