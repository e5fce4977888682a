// Reads rule files: a file, or every .yml/.yaml file below a directory, in a stable order.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { RuleSource } from "./ruleset.js";
import { MAX_RULE_FILE_BYTES } from "./yaml-source.js";

/** Most rule files read from one directory tree. */
export const MAX_RULE_FILES = 100_000;

export function ruleFilesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out = (readdirSync(path, { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/i.test(f))
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile())
    .sort();
  if (out.length > MAX_RULE_FILES) throw new Error(`${path} holds more than ${MAX_RULE_FILES} rule files`);
  return out;
}

/** Reads the files (paths shown relative to `cwd` when below it); a file over the size limit is passed on for the loader to refuse. */
export function readRuleSources(paths: readonly string[], cwd = process.cwd()): RuleSource[] {
  return paths.flatMap(ruleFilesUnder).map((file) => {
    const size = statSync(file).size;
    const text = size > MAX_RULE_FILE_BYTES ? "x".repeat(MAX_RULE_FILE_BYTES + 1) : readFileSync(file, "utf8");
    const rel = relative(cwd, file);
    return { file: rel && !rel.startsWith("..") ? rel : file, text };
  });
}
