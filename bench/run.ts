// `npm run bench`: lists the benchmarks and runs them all, passing common flags (--events, --json) through.
import { parseArgs } from "node:util";
import { ingestMain } from "./ingest.js";
import { parseMain } from "./parse.js";
import { rulesMain } from "./rules.js";

interface Benchmark {
  readonly name: string;
  readonly description: string;
  readonly run: (flags: { events?: string; json: boolean }) => Promise<unknown>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: "ingest",
    description: "NDJSON through HTTP and `inferwatch ingest`, against DuckDB read_ndjson",
    run: ({ events, json }) => ingestMain([...(events ? ["--events", events] : []), ...(json ? ["--json"] : [])]),
  },
  {
    name: "parse",
    description: "every format's parser on its example records, against JSON.parse",
    run: ({ json }) => parseMain(json ? ["--json"] : []),
  },
  {
    name: "rules",
    description: "the Sigma engine with 10, 100 and 1,000 rules, against a plain loop reading the same fields",
    run: ({ json }) => rulesMain(json ? ["--json"] : []),
  },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      events: { type: "string" },
      json: { type: "boolean", default: false },
      list: { type: "boolean", default: false },
    },
  });
  process.stderr.write(`benchmarks:\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}`).join("\n")}\n`);
  if (values.list) return;
  for (const b of BENCHMARKS) {
    process.stderr.write(`\n== ${b.name}\n`);
    await b.run({ ...(values.events === undefined ? {} : { events: values.events }), json: values.json });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
