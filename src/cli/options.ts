// Shared command-line plumbing: config loading from flags, and the one-line error exit.
import { existsSync } from "node:fs";
import { loadConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { InferWatchError } from "../core/errors.js";

export interface CommonFlags {
  config?: string;
  data?: string;
}

/** Loads config: --config, else $INFERWATCH_CONFIG, else ./inferwatch.yaml when present; flags override. */
export function configFromFlags(flags: CommonFlags, overrides: Record<string, unknown> = {}): Config {
  const file =
    flags.config ?? process.env.INFERWATCH_CONFIG ?? (existsSync("inferwatch.yaml") ? "inferwatch.yaml" : undefined);
  return loadConfig({
    ...(file ? { file } : {}),
    env: process.env,
    overrides: { data_dir: flags.data, ...overrides },
  });
}

/** Parses a TCP port flag with a clear message. */
export function portFlag(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InferWatchError(
      "invalid_parameter",
      `--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** Refuses `--data` together with `--server`: a command reads one or the other. */
export function dataOrServer(flags: { data?: string | undefined; server?: string | undefined }): void {
  if (flags.server && flags.data) throw new InferWatchError("invalid_parameter", "give --server or --data, not both");
}

/** Checks an enumerated flag, naming the choices when it is none of them. */
export function oneOf(flag: string, value: string, choices: readonly string[]): void {
  if (!choices.includes(value)) {
    throw new InferWatchError("invalid_parameter", `${flag} must be one of ${choices.join(", ")}, got ${value}`);
  }
}

/** Prints an error as one line (config errors keep their list) and sets a non-zero exit code. */
export function reportError(e: unknown): void {
  if (e instanceof InferWatchError) {
    process.stderr.write(`inferwatch: ${e.message}\n`);
    process.exitCode = e.code === "invalid_parameter" || e.code === "config_invalid" ? 2 : 1;
    return;
  }
  process.stderr.write(`inferwatch: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
}
