// Finds the files a follower watches: pattern expansion on every poll, and rotated generations left beside them.
import { readdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";

/**
 * Absolute paths matching the patterns, deduplicated, in pattern order. A plain path is kept even when it does not
 * exist yet, so a follower started before its log file is created picks the file up when it appears.
 */
export async function expandPatterns(patterns: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      out.add(resolve(pattern));
      continue;
    }
    const matches = await glob([pattern], { absolute: true, onlyFiles: true, expandDirectories: false });
    for (const m of matches.sort()) out.add(resolve(m));
  }
  return [...out];
}

/** Rotation tools name old generations `app.log.1`, `app.log-20260101`, `app.log_old`; compressed ones are final. */
const ROTATED_SEPARATORS = [".", "-", "_"];

/**
 * Siblings of `path` that look like its rotated generations. Only candidates: the caller decides, by checkpoint and
 * fingerprint, which ones really are files it was reading.
 */
export async function rotatedSiblings(path: string): Promise<string[]> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.length > base.length && n.startsWith(base) && !n.endsWith(".gz"))
    .filter((n) => ROTATED_SEPARATORS.includes(n.charAt(base.length)))
    .map((n) => join(dir, n));
}
