// The parser contract: a pure function from one raw line to a record, or to a diagnostic. Never throws, never does I/O.
import type { ErrorCode } from "../core/errors.js";

export type ParseResult =
  | { readonly ok: true; readonly record: Record<string, unknown> }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export interface LineParser {
  /** The `format` name users pass (`--format`, `?format=`). */
  readonly name: string;
  readonly description: string;
  parse(line: string): ParseResult;
}
