// Test support: the checks every format's tests share (examples parse, detection, every input line accounted for).
import assert from "node:assert/strict";
import type { Format, ParsedRecord, SourceLine } from "../types.js";
import { diagnostics, fixtureLines, records, run, runText } from "./fixtures.js";

/** Each example, alone in a session, yields at least one record and no diagnostic. */
export function assertExamplesParse(format: Format): void {
  assert.ok(format.examples.length > 0, `${format.name} has examples`);
  for (const example of format.examples) {
    const results = runText(format, example);
    assert.deepEqual(diagnostics(results), [], `example of ${format.name} parses: ${example.slice(0, 60)}`);
    assert.ok(records(results).length > 0, `example of ${format.name} yields a record`);
  }
}

/** `format.detect` accepts every line of `own` and none of `foreign`. */
export function assertDetects(format: Format, own: readonly string[], foreign: readonly string[]): void {
  for (const line of own) assert.ok(format.detect(line), `${format.name} detects its line: ${line.slice(0, 80)}`);
  for (const line of foreign) assert.ok(!format.detect(line), `${format.name} does not claim: ${line.slice(0, 80)}`);
}

/**
 * Every input line ends up in exactly one result: a record or diagnostic covers its `raw` lines, which are
 * consecutive input lines from `line` (for formats whose records never gather lines out of order).
 */
export function assertEveryLineOnce(lines: readonly SourceLine[], results: readonly ParsedRecord[]): void {
  const index = new Map(lines.map((l, i) => [l.line, i]));
  const seen = new Array<number>(lines.length).fill(0);
  for (const r of results) {
    const start = index.get(r.line);
    assert.ok(start !== undefined, `result at line ${r.line} does not start on an input line`);
    const rawLines = r.raw.split("\n");
    for (let k = 0; k < rawLines.length; k++) {
      const at = start + k;
      assert.ok(at < lines.length, `result at line ${r.line} claims more lines than there are`);
      assert.ok(
        (lines[at] as SourceLine).text.includes((rawLines[k] as string).trim()),
        `line ${lines[at]?.line} is not in its result's raw`,
      );
      seen[at] = (seen[at] ?? 0) + 1;
    }
  }
  seen.forEach((n, i) => {
    assert.equal(n, 1, `line ${lines[i]?.line} is covered ${n} times: ${lines[i]?.text}`);
  });
}

/**
 * Every input line is in the `raw` of some result (a record or a diagnostic). Counted by text, for formats that pair
 * halves other lines may separate, or that repeat a document's raw for each of its events.
 */
export function assertEveryLineCovered(lines: readonly SourceLine[], results: readonly ParsedRecord[]): void {
  const covered = new Map<string, number>();
  for (const r of results) for (const t of r.raw.split("\n")) covered.set(t, (covered.get(t) ?? 0) + 1);
  const needed = new Map<string, number>();
  for (const l of lines) needed.set(l.text, (needed.get(l.text) ?? 0) + 1);
  for (const l of lines) {
    assert.ok(
      (covered.get(l.text) ?? 0) >= (needed.get(l.text) ?? 0),
      `line ${l.line} is in no record or diagnostic: ${l.text.slice(0, 80)}`,
    );
  }
  for (const r of results) assert.ok(r.raw.length > 0, `result at line ${r.line} has an empty raw`);
}

/**
 * Runs `format` over sample files of test/fixtures/samples/<system>/, checks that every line of each ends up in
 * exactly one result, and returns each file's count of records and of diagnostics.
 */
export function sampleCounts(
  format: Format,
  system: string,
  files: readonly string[],
): Record<string, [number, number]> {
  const counts: Record<string, [number, number]> = {};
  for (const file of files) {
    const lines = fixtureLines(system, file);
    const results = run(format, lines);
    assertEveryLineOnce(lines, results);
    counts[file] = [records(results).length, diagnostics(results).length];
  }
  return counts;
}
