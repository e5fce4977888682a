// Parser benchmark: lines/s and MiB/s of every format on its own example records, against V8's JSON.parse.
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { createRegistry } from "../src/parsers/registry.js";
import type { Format } from "../src/parsers/types.js";
import { isEntry } from "./generate.js";

const MIB = 2 ** 20;

export interface ParseResultRow {
  readonly format: string;
  readonly lines: number;
  readonly records: number;
  readonly diagnostics: number;
  readonly seconds: number;
  readonly linesPerSecond: number;
  readonly mibPerSecond: number;
  /** MiB/s relative to JSON.parse over the same number of bytes of NDJSON. */
  readonly vsJsonParse: number;
}

/** The format's examples repeated until about `targetBytes`, as lines. */
function corpus(format: Format, targetBytes: number): string[] {
  const block = format.examples.flatMap((e) => e.split("\n"));
  const blockBytes = block.reduce((n, l) => n + l.length + 1, 0);
  const out: string[] = [];
  for (let bytes = 0; bytes < targetBytes; bytes += blockBytes) out.push(...block);
  return out;
}

function timeFormat(
  format: Format,
  lines: readonly string[],
): { seconds: number; records: number; diagnostics: number } {
  const started = performance.now();
  const session = format.open({ timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22) });
  let records = 0;
  let diagnostics = 0;
  const count = (rs: readonly { ok: boolean }[]) => {
    for (const r of rs) r.ok ? records++ : diagnostics++;
  };
  lines.forEach((text, i) => {
    count(session.push({ line: i + 1, text }));
  });
  count(session.end());
  return { seconds: (performance.now() - started) / 1000, records, diagnostics };
}

/** Reference: JSON.parse over NDJSON of the same size, the fastest parse available to JavaScript. */
function jsonParseMibPerSecond(targetBytes: number): number {
  const line = JSON.stringify({
    timestamp: 1_763_800_000_000,
    model_name: "resnet",
    latency_ms: 12.5,
    k: { a: [1, 2] },
  });
  const n = Math.ceil(targetBytes / (line.length + 1));
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += (JSON.parse(line) as { latency_ms: number }).latency_ms;
  const seconds = (performance.now() - started) / 1000;
  if (sink < 0) process.stdout.write("");
  return (n * (line.length + 1)) / MIB / seconds;
}

export function runParseBench(targetMib: number): ParseResultRow[] {
  const registry = createRegistry();
  const targetBytes = targetMib * MIB;
  const reference = jsonParseMibPerSecond(targetBytes);
  const rows: ParseResultRow[] = [];
  for (const name of registry.names()) {
    const format = registry.find(name);
    if (!format || format.examples.length === 0) continue;
    const lines = corpus(format, targetBytes);
    const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
    timeFormat(format, lines.slice(0, 2000)); // warm-up
    const t = timeFormat(format, lines);
    const mibPerSecond = bytes / MIB / t.seconds;
    rows.push({
      format: name,
      lines: lines.length,
      records: t.records,
      diagnostics: t.diagnostics,
      seconds: t.seconds,
      linesPerSecond: lines.length / t.seconds,
      mibPerSecond,
      vsJsonParse: mibPerSecond / reference,
    });
  }
  return rows;
}

export function formatParseReport(rows: readonly ParseResultRow[]): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const head = `${"format".padEnd(28)}${"lines".padStart(11)}${"records".padStart(11)}${"lines/s".padStart(13)}${"MiB/s".padStart(9)}  vs JSON.parse`;
  const body = rows.map(
    (r) =>
      `${r.format.padEnd(28)}${n(r.lines).padStart(11)}${n(r.records).padStart(11)}${n(r.linesPerSecond).padStart(13)}${r.mibPerSecond.toFixed(1).padStart(9)}  ${r.vsJsonParse.toFixed(2)}x`,
  );
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return [
    `InferWatch parser benchmark (${cpus().length} x ${cpu}, Node ${process.version}; one core)`,
    head,
    ...body,
  ].join("\n");
}

export async function parseMain(argv: readonly string[]): Promise<ParseResultRow[]> {
  const { values } = parseArgs({
    args: [...argv],
    options: { mib: { type: "string", default: "16" }, json: { type: "boolean", default: false } },
    allowPositionals: false,
    strict: false,
  });
  const mib = Number(values.mib);
  if (!Number.isFinite(mib) || mib <= 0) throw new Error(`--mib must be a positive number, got ${String(values.mib)}`);
  const rows = runParseBench(mib);
  process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatParseReport(rows)}\n`);
  return rows;
}

if (isEntry(import.meta.url)) {
  parseMain(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench:parse: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
