// Loads configuration: defaults < YAML file < INFERWATCH_* environment < command-line flags; every error at once.
import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { InferWatchError } from "../core/errors.js";
import type { Limits } from "../core/limits.js";
import { type Config, configSchema } from "./schema.js";

type Tree = Record<string, unknown>;

/** Environment variable for a config path: `retention.raw_days` → `INFERWATCH_RETENTION_RAW_DAYS`. */
export function envName(path: readonly string[]): string {
  return `INFERWATCH_${path.join("_").toUpperCase()}`;
}

/** Every leaf path of the schema, so env overrides are derived and cannot drift from the schema. */
export function configPaths(shape: Record<string, z.ZodType> = configSchema.shape, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, type] of Object.entries(shape)) {
    const inner = unwrap(type);
    const nested = (inner as { shape?: Record<string, z.ZodType> }).shape;
    if (nested && typeof nested === "object") out.push(...configPaths(nested, [...prefix, key]));
    else out.push([...prefix, key]);
  }
  return out;
}

/** Strips `.default()`, `.prefault()` and `.optional()` wrappers, which all keep the wrapped type in `def.innerType`. */
function unwrap(type: z.ZodType): z.ZodType {
  let t = type as unknown as { def?: { innerType?: unknown } };
  while (t.def?.innerType) t = t.def.innerType as typeof t;
  return t as unknown as z.ZodType;
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object" || Array.isArray(next)) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1] as string] = value;
}

export interface LoadOptions {
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Already-parsed overrides from flags, as config paths (e.g. `{ "server.port": 8080 }`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const problems: string[] = [];
  let tree: Tree = {};
  const where = options.file ?? "configuration";
  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file, "utf8");
    } catch (e) {
      throw new InferWatchError("config_invalid", `cannot read config file ${options.file}: ${(e as Error).message}`);
    }
    try {
      const doc: unknown = parseYaml(text) ?? {};
      if (doc === null || typeof doc !== "object" || Array.isArray(doc))
        problems.push("the file must hold a YAML mapping");
      else tree = doc as Tree;
      // A section whose keys are all commented out parses as null; it means "all defaults", not an error.
      for (const [key, value] of Object.entries(tree)) if (value === null) delete tree[key];
    } catch (e) {
      const pos =
        e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : "";
      throw new InferWatchError(
        "config_invalid",
        `${options.file}: invalid YAML${pos}: ${(e as Error).message.split("\n")[0]}`,
      );
    }
  }
  // Where each overridden value came from, so an error points at the variable or flag to fix.
  const origin = new Map<string, string>();
  const env = options.env ?? {};
  for (const path of configPaths()) {
    const raw = env[envName(path)];
    if (raw === undefined || raw === "") continue;
    // Env values are YAML scalars, so `8080` is a number and `false` a boolean, as in the file.
    setPath(tree, path, parseScalar(raw));
    origin.set(path.join("."), `from ${envName(path)}`);
  }
  for (const [dotted, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    setPath(tree, dotted.split("."), value);
    origin.set(dotted, "from the command line");
  }
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join(".") || "(top level)";
      const from = origin.get(path);
      problems.push(`${path}${from ? ` (${from})` : ""}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new InferWatchError(
      "config_invalid",
      `${where} has ${problems.length} error${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return parsed.data;
}

function parseScalar(raw: string): unknown {
  try {
    return parseYaml(raw);
  } catch {
    return raw;
  }
}

export function limitsOf(config: Config): Limits {
  const l = config.limits;
  return {
    maxBodyBytes: l.max_body_bytes,
    maxLineBytes: l.max_line_bytes,
    maxDepth: l.max_depth,
    maxFieldBytes: l.max_field_bytes,
    maxFields: l.max_fields,
  };
}
