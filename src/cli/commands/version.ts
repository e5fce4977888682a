// `inferwatch version`: the package version, Node's and DuckDB's.
import type { Command } from "commander";
import { packageVersion } from "../../services/version.js";

export function registerVersion(program: Command): void {
  program
    .command("version")
    .description("print the InferWatch version")
    .option("--json", "machine-readable output")
    .action((flags: { json?: boolean }) => {
      const info = { inferwatch: packageVersion(), node: process.versions.node };
      process.stdout.write(
        flags.json ? `${JSON.stringify(info)}\n` : `inferwatch ${info.inferwatch} (node ${info.node})\n`,
      );
    });
}
