// Reads files, `.gz` files and stdin as batches of lines for `inferwatch ingest`.
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { glob, isDynamicPattern } from "tinyglobby";
import { InferWatchError } from "../core/errors.js";
import type { IngestItem } from "../pipeline/body.js";
import { LineSplitter } from "../receivers/file/lines.js";

/** Longest line held in memory whole; longer ones are cut (above the default `limits.max_line_bytes`). */
const MAX_HELD_LINE_BYTES = 4 * 1024 * 1024;

export interface BatchLimits {
  readonly maxLines: number;
  readonly maxBytes: number;
}

// Large batches, cut mainly by size: each commit has a fixed cost (the write queue merges batches in flight), and
// over HTTP each batch is parsed on its own, so fewer cuts mean fewer multi-line records split at a boundary.
export const DEFAULT_BATCH: BatchLimits = { maxLines: 200_000, maxBytes: 8 * 1024 * 1024 };

/** Expands globs; a plain path must exist. `-` stands for stdin. Errors name every missing path at once. */
export async function expandPaths(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    if (arg === "-") {
      out.push(arg);
      continue;
    }
    let isFile = false;
    try {
      isFile = statSync(arg).isFile();
    } catch {
      // not an existing path: maybe a glob
    }
    if (isFile) out.push(arg);
    else if (isDynamicPattern(arg)) {
      const matches = (await glob(arg, { onlyFiles: true, absolute: false, expandDirectories: false })).sort();
      if (matches.length === 0) missing.push(`${arg} (no file matches)`);
      out.push(...matches);
    } else missing.push(arg);
  }
  if (missing.length > 0) {
    throw new InferWatchError("invalid_parameter", `cannot read ${missing.join(", ")}: no such file`);
  }
  return out;
}

/** Default source name for a path: the file name without `.gz`, or `stdin`. */
export function sourceFor(path: string): string {
  if (path === "-") return "stdin";
  const name = basename(path)
    .replace(/\.gz$/, "")
    .replace(/[^A-Za-z0-9._:/@-]/g, "_");
  return /^[A-Za-z0-9]/.test(name) ? name.slice(0, 128) : `file_${name}`.slice(0, 128);
}

export function sizeOf(path: string): number {
  return path === "-" ? 0 : statSync(path).size;
}

/** Yields batches of lines; `onBytes` reports raw (compressed, for .gz) bytes read, for progress. */
export async function* readLineBatches(
  path: string,
  limits: BatchLimits,
  onBytes: (n: number) => void,
): AsyncGenerator<IngestItem[]> {
  const raw: Readable = path === "-" ? process.stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });
  raw.on("data", (chunk: Buffer) => onBytes(chunk.length));
  const input: Readable = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  if (input !== raw) raw.on("error", (e) => input.destroy(e));
  const splitter = new LineSplitter();
  let batch: IngestItem[] = [];
  let batchBytes = 0;
  // Inside a line longer than MAX_HELD_LINE_BYTES: its start was cut off and queued, the rest is skipped.
  let skipping = false;
  const take = (items: readonly IngestItem[]): boolean => {
    for (const item of items) {
      batch.push(item);
      batchBytes += item.text.length;
    }
    return batch.length >= limits.maxLines || batchBytes >= limits.maxBytes;
  };
  try {
    for await (let chunk of input as AsyncIterable<Buffer>) {
      if (skipping) {
        const nl = chunk.indexOf(0x0a);
        if (nl === -1) continue;
        chunk = chunk.subarray(nl + 1);
        skipping = false;
      }
      let full = take(splitter.push(chunk).items);
      if (splitter.pendingBytes > MAX_HELD_LINE_BYTES) {
        // A file without newlines must not fill memory: the cut line still reaches the pipeline, which rejects it
        // as too long and keeps its start in the dead letters.
        full = take(splitter.flush().items) || full;
        skipping = true;
      }
      if (full) {
        yield batch;
        batch = [];
        batchBytes = 0;
      }
    }
  } catch (e) {
    throw new InferWatchError(
      "invalid_encoding",
      `cannot read ${path === "-" ? "stdin" : path}: ${(e as Error).message}`,
    );
  }
  if (!skipping) take(splitter.flush().items);
  if (batch.length > 0) yield batch;
}
