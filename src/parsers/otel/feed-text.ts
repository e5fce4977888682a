// Runs a whole text through one parse session (tests, and any caller holding a complete input in memory).
import type { Format, ParseContext, ParsedRecord } from "../types.js";

/** Splits `text` into numbered lines (blank ones skipped, as the ingest path does) and parses them all. */
export function feedText(format: Format, text: string, context: ParseContext): ParsedRecord[] {
  const session = format.open(context);
  const out: ParsedRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    out.push(...session.push({ line: i + 1, text: line }));
  }
  out.push(...session.end());
  return out;
}

/** The numbered non-blank lines of `text`. */
export function nonBlankLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== "");
}
