// Test support for the TF Serving, TorchServe and Triton parser tests (fixtures, runs, shared checks).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Format, ParseContext, ParsedRecord, SourceLine } from "../types.js";

/** The repository root (compiled tests run from dist/src/parsers/<dir>/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** A fixed context: UTC, and a reference time of 2026-11-22 (so year-less dates land in 2026). */
export const CONTEXT: ParseContext = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22) };

/** Splits text into source lines as the readers do: 1-based numbers, blank lines dropped. */
export function toLines(text: string): SourceLine[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== "");
}

export function fixtureLines(system: string, file: string): SourceLine[] {
  return toLines(readFileSync(join(REPO_ROOT, "test/fixtures/samples", system, file), "utf8"));
}

/** Pushes every line through a fresh session, then ends it. */
export function run(format: Format, lines: readonly SourceLine[], context: ParseContext = CONTEXT): ParsedRecord[] {
  const session = format.open(context);
  const out: ParsedRecord[] = [];
  for (const l of lines) out.push(...session.push(l));
  out.push(...session.end());
  return out;
}

export function runText(format: Format, text: string, context: ParseContext = CONTEXT): ParsedRecord[] {
  return run(format, toLines(text), context);
}

/** The records that parsed, as their field objects. */
export function records(results: readonly ParsedRecord[]): Array<Record<string, unknown>> {
  return results.flatMap((r) => (r.ok ? [r.record] : []));
}

export function diagnostics(results: readonly ParsedRecord[]): Array<{ line: number; code: string; raw: string }> {
  return results.flatMap((r) => (r.ok ? [] : [{ line: r.line, code: r.code, raw: r.raw }]));
}

/**
 * Every input line ends up in exactly one result: a record or diagnostic covers its `raw` lines, which are
 * consecutive input lines from `line` (the formats whose records gather lines out of order check this otherwise).
 */
export function assertEveryLineAccounted(lines: readonly SourceLine[], results: readonly ParsedRecord[]): void {
  const index = new Map(lines.map((l, i) => [l.line, i]));
  const seen = new Array<number>(lines.length).fill(0);
  for (const r of results) {
    const start = index.get(r.line);
    assert.ok(start !== undefined, `result at line ${r.line} does not start on an input line`);
    const rawLines = r.raw.split("\n");
    for (let k = 0; k < rawLines.length; k++) {
      const at = (start as number) + k;
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

/** Every example of a format parses into records only (multi-line examples are split into their lines). */
export function assertExamplesParse(format: Format): void {
  assert.ok(format.examples.length > 0, `${format.name} has examples`);
  for (const example of format.examples) {
    const results = runText(format, example);
    assert.ok(results.length > 0, `${format.name} example yields a record: ${example}`);
    for (const r of results) assert.ok(r.ok, `${format.name} example parses: ${r.ok ? "" : `${r.code} ${r.message}`}`);
  }
}

/** Lines of other systems' samples (and a plain JSON event) that no format of ours may claim. */
export const FOREIGN_LINES: readonly string[] = [
  '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
  "INFO 05-16 04:49:00 [async_llm.py:256] Added request cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0.",
  "(APIServer pid=110552) INFO:     Started server process [110552]",
  "11:36:09,965 WARN  [org.keycloak.events] (default task-51) type=LOGIN_ERROR, realmId=master,",
  'vllm:num_requests_running{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.0',
  'DiskUsage{Level="Host",Hostname="88665a372f4b.ant.amazon.com",} 20.054508209228516',
  'nv_inference_request_success{model="my_model",version="1"} 161',
  "# TYPE :test:path:total counter",
  "memory-demo-2   0/1       OOMKilled   1          24s",
  "{",
  '  "id": "823248cc-d770-4a51-9606-16803395569c",',
  '  "model_name": "iris-classifier",',
  '  "inputs": [',
  '  "resourceLogs": [',
  "{ path: '/',",
  '{"log_file":"","log_info":true,"log_warnings":true,"log_errors":true,"log_verbose_level":1,"log_format":"default"}',
];

export function assertDetects(format: Format, own: readonly string[], foreign: readonly string[]): void {
  for (const l of own) assert.ok(format.detect(l), `${format.name} detects its own line: ${l}`);
  for (const l of foreign) assert.ok(!format.detect(l), `${format.name} does not claim: ${l}`);
}
