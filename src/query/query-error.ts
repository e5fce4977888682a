// Errors in a KQL query, pointing at the offending token: line, column, the source line and a caret under it.
import { type ErrorCode, InferWatchError } from "../core/errors.js";

/** A half-open character range in the query text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type QueryErrorCode = Extract<ErrorCode, "query_syntax" | "query_unknown_name" | "query_invalid">;

/** Line and column (both 1-based) of an offset. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The source line holding `span` and a caret line under it (`^^^`), for terminals and API clients alike. */
export function caret(text: string, span: Span): string {
  const lineStart = text.lastIndexOf("\n", Math.max(0, span.start - 1)) + 1;
  const nl = text.indexOf("\n", lineStart);
  const lineEnd = nl < 0 ? text.length : nl;
  // Tabs are shown as spaces so the caret lines up; other control characters as `?` so nothing escapes the terminal.
  const source = text
    .slice(lineStart, lineEnd)
    .replace(/\t/g, " ")
    .replace(/[^ -~\u0080-\uffff]/g, "?");
  const from = Math.max(0, span.start - lineStart);
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  return `${source}\n${" ".repeat(from)}${"^".repeat(width)}`;
}

/** Thrown by every compiler phase; the message already carries the position, the caret and the hint. */
export class QueryError extends InferWatchError {
  constructor(
    code: QueryErrorCode,
    readonly problem: string,
    text: string,
    readonly span: Span,
    readonly hint?: string,
    readonly suggestions: readonly string[] = [],
  ) {
    const { line, column } = position(text, span.start);
    const pointer = caret(text, span);
    super(code, `${problem} (line ${line}, column ${column})\n${pointer}${hint ? `\nhint: ${hint}` : ""}`, {
      line,
      column,
      length: Math.max(1, span.end - span.start),
      caret: pointer,
      ...(hint ? { hint } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
    });
  }
}
