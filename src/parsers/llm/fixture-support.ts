// Test support for the payload, vLLM and LLM-gateway tests: fixtures, running a format, the shared checks.
import assert from "node:assert/strict";
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

export function runText(format: Format, text: string, context: ParseContext = CONTEXT): ParsedRecord[] {
  return run(format, toLines(text), context);
}

export function records(results: readonly ParsedRecord[]): Array<Record<string, unknown>> {
  return results.flatMap((r) => (r.ok ? [r.record] : []));
}

export function diagnostics(results: readonly ParsedRecord[]): Array<{ line: number; code: string }> {
  return results.flatMap((r) => (r.ok ? [] : [{ line: r.line, code: r.code }]));
}

/**
 * Every input line is in the `raw` of some result (a record or a diagnostic). Counted by text, because a paired
 * event joins two halves that other lines may separate, and a document with several events repeats its raw.
 */
export function assertEveryLineAccounted(lines: readonly SourceLine[], results: readonly ParsedRecord[]): void {
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

/** Each example, alone in a session, yields at least one record and no diagnostic. */
export function assertExamplesParse(format: Format): void {
  assert.ok(format.examples.length > 0, `${format.name} has examples`);
  for (const example of format.examples) {
    const results = runText(format, example);
    assert.deepEqual(diagnostics(results), [], `example of ${format.name} parses: ${example.slice(0, 60)}`);
    assert.ok(records(results).length > 0, `example of ${format.name} yields a record`);
  }
}

/**
 * Lines of other formats (from other sample folders: Triton, TorchServe, TF Serving, Kubernetes, OTLP, auth,
 * Prometheus), and a plain JSON event: no format here may claim them.
 */
export const FOREIGN_LINES: readonly string[] = [
  "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
  "2024-05-30T21:46:03,626 [INFO ] epollEventLoopGroup-3-2 TS_METRICS - Requests4XX.Count:1.0|#Level:Host|#hostname:ip-172-31-11-32,timestamp:1717105563",
  "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]",
  'vllm:num_requests_running{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.0',
  "# TYPE vllm:num_requests_running gauge",
  '::ffff:172.17.0.1 - - [27/Feb/2020:09:52:15 +0000] "POST / HTTP/1.1" 200 798 "-" "Go-http-client/1.1"',
  '  "resourceLogs": [',
  "11:36:09,965 WARN  [org.keycloak.events] (default task-51) type=LOGIN_ERROR, realmId=master,",
  "memory-demo-2   0/1       OOMKilled   1          24s",
  '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
  "WARNING: sun.reflect.Reflection.getCallerClass is not supported. This will impact performance.",
];

export function assertDetects(format: Format, own: readonly string[], others: readonly string[] = []): void {
  for (const line of own) assert.ok(format.detect(line), `${format.name} detects its line: ${line.slice(0, 80)}`);
  for (const line of [...FOREIGN_LINES, ...others]) {
    assert.ok(!format.detect(line), `${format.name} does not claim: ${line.slice(0, 80)}`);
  }
}
