// `inferwatch formats`: the input formats this build reads, each with a real example line.
import type { Command } from "commander";
import { customFormats } from "../../parsers/mapping/format.js";
import { createRegistry } from "../../parsers/registry.js";
import { configFromFlags } from "../options.js";

export function registerFormats(program: Command): void {
  program
    .command("formats")
    .description("list the input formats (for --format / ?format=) with an example of each")
    .option("--json", "machine-readable output")
    .option("--config <file>", "YAML configuration file (its formats.custom entries are listed too)")
    .action((flags: { json?: boolean; config?: string }) => {
      const registry = createRegistry(customFormats(configFromFlags(flags).formats.custom));
      const formats = registry
        .names()
        .map((name) => registry.find(name))
        .filter((f) => f !== undefined);
      if (flags.json) {
        const list = formats.map((f) => ({ name: f.name, description: f.description, examples: f.examples }));
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      const out: string[] = [];
      for (const f of formats) {
        out.push(`${f.name}\n  ${f.description}`);
        if (f.examples[0] !== undefined) out.push(`  e.g. ${f.examples[0].slice(0, 200)}`);
        out.push("");
      }
      process.stdout.write(out.join("\n"));
    });
}
