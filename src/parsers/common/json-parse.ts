// Parsing JSON text into values: strictly, or tolerating Python's bare NaN/Infinity (`json.dumps(allow_nan=True)`).
import { describeType } from "../../core/time.js";

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: "invalid_json"; readonly message: string };

/** JSON.parse that returns its error as an `invalid_json` message instead of throwing. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, code: "invalid_json", message: `invalid JSON: ${(e as Error).message}` };
  }
}

export interface NonFiniteRewrite {
  readonly text: string;
  /** How many bare NaN / Infinity / -Infinity tokens became `null`. */
  readonly replaced: number;
}

const TOKENS = ["NaN", "Infinity", "-Infinity"] as const;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/**
 * Rewrites bare NaN, Infinity and -Infinity tokens outside strings to `null`. A JSON value cannot hold them, and
 * `null` is what a reader of the report would take them to mean: no score could be computed.
 */
export function nullNonFinite(input: string): NonFiniteRewrite {
  if (!input.includes("NaN") && !input.includes("Infinity")) return { text: input, replaced: 0 };
  let out = "";
  let from = 0;
  let replaced = 0;
  let inString = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c !== "N" && c !== "I" && c !== "-") continue;
    const token = TOKENS.find((t) => input.startsWith(t, i));
    if (token === undefined || isWordChar(input[i - 1]) || isWordChar(input[i + token.length])) continue;
    out += `${input.slice(from, i)}null`;
    i += token.length - 1;
    from = i + 1;
    replaced++;
  }
  return { text: out + input.slice(from), replaced };
}

export type TolerantParse =
  | { readonly ok: true; readonly value: unknown; readonly replaced: number }
  | { readonly ok: false; readonly message: string };

/** Parses JSON, first turning bare non-finite numbers into `null`. */
export function parseTolerantJson(input: string): TolerantParse {
  const rewrite = nullNonFinite(input);
  const parsed = parseJson(rewrite.text);
  return parsed.ok
    ? { ok: true, value: parsed.value, replaced: rewrite.replaced }
    : { ok: false, message: parsed.message };
}

/** Parses one JSON object (tolerantly); anything else is a message saying what it was. */
export function parseTolerantObject(
  input: string,
):
  | { ok: true; value: Record<string, unknown>; replaced: number }
  | { ok: false; code: "invalid_json" | "not_an_object"; message: string } {
  const parsed = parseTolerantJson(input);
  if (!parsed.ok) return { ok: false, code: "invalid_json", message: parsed.message };
  const v = parsed.value;
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    return { ok: false, code: "not_an_object", message: `expected a JSON object, got ${describeType(v)}` };
  }
  return { ok: true, value: v as Record<string, unknown>, replaced: parsed.replaced };
}
