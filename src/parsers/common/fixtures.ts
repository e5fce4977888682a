// Test support for the parser tests: sample fixtures, a fixed context, running a format, picking results apart.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Format, ParseContext, ParsedRecord, SourceLine } from "../types.js";

/** The repository root (compiled tests run from dist/src/parsers/<dir>/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** UTC, and a reference time of 2026-11-22 (year-less dates land in 2026; bodies without a time get this one). */
export const CONTEXT: ParseContext = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22) };

/** Splits text into source lines as the readers do: 1-based numbers, blank lines dropped. */
export function toLines(text: string): SourceLine[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== "");
}

/** A file of test/fixtures/samples/<system>/. */
export function fixtureText(system: string, file: string): string {
  return readFileSync(join(REPO_ROOT, "test/fixtures/samples", system, file), "utf8");
}

export function fixtureLines(system: string, file: string): SourceLine[] {
  return toLines(fixtureText(system, file));
}

/** Pushes every line through a fresh session, then ends it. */
export function run(format: Format, lines: readonly SourceLine[], context: ParseContext = CONTEXT): ParsedRecord[] {
  const session = format.open(context);
  const out: ParsedRecord[] = [];
  for (const l of lines) out.push(...session.push(l));
  out.push(...session.end());
  return out;
}

/** Runs a format over a whole text, as a receiver would: blank lines skipped, lines numbered from 1, then end(). */
export function runText(format: Format, text: string, context: ParseContext = CONTEXT): ParsedRecord[] {
  return run(format, toLines(text), context);
}

/** The records that parsed, as their field objects. */
export function records(results: readonly ParsedRecord[]): Array<Record<string, unknown>> {
  return results.flatMap((r) => (r.ok ? [r.record] : []));
}

/** The records of `results`, failing loudly (with the diagnostics) if any line was rejected. */
export function okRecords(results: readonly ParsedRecord[]): Array<Record<string, unknown>> {
  const bad = results.filter((r) => !r.ok);
  if (bad.length > 0) {
    throw new Error(
      `unexpected diagnostics: ${bad.map((b) => (b.ok ? "" : `${b.line} ${b.code} ${b.message}`)).join("; ")}`,
    );
  }
  return records(results);
}

/** The diagnostics, by line and code. */
export function diagnostics(results: readonly ParsedRecord[]): Array<{ line: number; code: string }> {
  return results.flatMap((r) => (r.ok ? [] : [{ line: r.line, code: r.code }]));
}

/** The diagnostics, by line, code and raw text. */
export function diagnosticsWithRaw(
  results: readonly ParsedRecord[],
): Array<{ line: number; code: string; raw: string }> {
  return results.flatMap((r) => (r.ok ? [] : [{ line: r.line, code: r.code, raw: r.raw }]));
}
