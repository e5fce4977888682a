// Reads Python `repr()` string literals out of log text (vLLM logs prompts with %r).

export interface ReprString {
  readonly value: string;
  /** Index just past the closing quote. */
  readonly end: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Parses the quoted literal starting at `start` ('...' or "..."); undefined when it is not one or never closes. */
export function readReprString(text: string, start: number): ReprString | undefined {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') return undefined;
  let out = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === quote) return { value: out, end: i + 1 };
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) return undefined;
    const hexLength = HEX_LENGTH[e];
    if (hexLength !== undefined) {
      const hex = text.slice(i + 2, i + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) return undefined;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += 1 + hexLength;
      continue;
    }
    // Python keeps unknown escapes as written (backslash included).
    out += SIMPLE_ESCAPES[e] ?? `\\${e}`;
    i += 1;
  }
  return undefined;
}

/** Counts the items of a Python list of ints written from `start` (`[1, 2, 3]`); undefined unless it is one. */
export function countIntList(text: string, start: number): { count: number; end: number } | undefined {
  if (text[start] !== "[") return undefined;
  const close = text.indexOf("]", start);
  if (close < 0) return undefined;
  const body = text.slice(start + 1, close).trim();
  if (body === "") return { count: 0, end: close + 1 };
  if (!/^-?\d+(\s*,\s*-?\d+)*$/.test(body)) return undefined;
  return { count: body.split(",").length, end: close + 1 };
}
