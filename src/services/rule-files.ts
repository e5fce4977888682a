// Where detection rules come from (the built-in rules/ plus configured paths) and the watcher that reloads them.
import { existsSync, type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The rules shipped with InferWatch (this file runs as dist/src/services/rule-files.js). */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../rules");

/** Most directories one watcher follows (each costs an inotify watch). */
const MAX_WATCHED_DIRS = 2000;

/** The directories to watch for the given rule paths: each directory tree, or the folder holding a file. */
export function watchedDirs(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    if (!existsSync(p)) continue;
    if (!statSync(p).isDirectory()) {
      out.add(dirname(resolve(p)));
      continue;
    }
    out.add(resolve(p));
    for (const sub of readdirSync(p, { recursive: true }) as string[]) {
      const full = resolve(join(p, sub));
      if (out.size >= MAX_WATCHED_DIRS) break;
      try {
        if (statSync(full).isDirectory()) out.add(full);
      } catch {
        // removed while listing: the next change notice re-lists
      }
    }
  }
  return [...out].slice(0, MAX_WATCHED_DIRS);
}

/**
 * Calls `onChange` once changes in the rule directories have been quiet for `debounceMs`. Why directories, not files:
 * editors save by writing a new file and renaming it over the old one, which a watch on the old file never sees.
 */
export class RuleWatcher {
  private watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly debounceMs: number,
    private readonly onChange: () => void,
    private readonly onError: (message: string) => void,
  ) {
    this.sync();
  }

  /** Watches the directories the paths hold now (new subdirectories appear after a reload) and drops vanished ones. */
  sync(): void {
    if (this.closed) return;
    const want = new Set(watchedDirs(this.paths));
    for (const [dir, w] of this.watchers) {
      if (!want.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of want) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          // Temporary editor files (.swp, ~) are ignored; a null name or a new directory may hide a rule change.
          if (name === null || /\.ya?ml$/i.test(name) || !/[.~]/.test(name)) this.changed();
        });
        w.on("error", () => {
          w.close();
          this.watchers.delete(dir);
          this.changed();
        });
        this.watchers.set(dir, w);
      } catch (e) {
        this.onError(`cannot watch rule directory ${dir}: ${(e as Error).message}`);
      }
    }
  }

  private changed(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(), this.debounceMs);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
