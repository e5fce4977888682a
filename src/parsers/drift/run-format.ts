// Runs a format over a whole text, as a receiver would: blank lines skipped, lines numbered from 1, then end().
import type { Format, ParseContext, ParsedRecord } from "../types.js";

export function runFormat(format: Format, text: string, context: ParseContext): ParsedRecord[] {
  const session = format.open(context);
  const out: ParsedRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    out.push(...session.push({ line: i + 1, text: line }));
  }
  out.push(...session.end());
  return out;
}

/** The records of `results`, failing loudly (with the diagnostics) if any line was rejected. */
export function okRecords(results: readonly ParsedRecord[]): Record<string, unknown>[] {
  const bad = results.filter((r) => !r.ok);
  if (bad.length > 0) {
    throw new Error(
      `unexpected diagnostics: ${bad.map((b) => (b.ok ? "" : `${b.line} ${b.code} ${b.message}`)).join("; ")}`,
    );
  }
  return results.map((r) => (r.ok ? r.record : {}));
}
