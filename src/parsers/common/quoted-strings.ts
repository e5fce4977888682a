// Reads quoted string literals as programs print them: JavaScript (Node's util.inspect) and Python's repr().

export interface QuotedString {
  readonly value: string;
  /** Index just past the closing quote. */
  readonly end: number;
}

/** A hex escape: its code point and how far past the backslash it reaches (the loop then steps one more). */
type HexEscape = { readonly code: number; readonly skip: number };

interface Dialect {
  readonly escapes: Readonly<Record<string, string>>;
  /** The hex escape at the backslash `text[i]`: null when `text[i + 1]` starts none, undefined when malformed. */
  readonly hex: (text: string, i: number) => HexEscape | null | undefined;
  /** What an escape the dialect does not know stands for. */
  readonly unknown: (escaped: string) => string;
}

const COMMON_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

const JS: Dialect = {
  escapes: { ...COMMON_ESCAPES, "`": "`" },
  hex: (text, i) => {
    const e = text[i + 1];
    if (e !== "x" && e !== "u") return null;
    const braced = e === "u" && text[i + 2] === "{";
    const hex = braced ? text.slice(i + 3, text.indexOf("}", i + 3)) : text.slice(i + 2, i + 2 + (e === "x" ? 2 : 4));
    if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) return undefined;
    return { code: Number.parseInt(hex, 16), skip: braced ? hex.length + 3 : 1 + hex.length };
  },
  unknown: (e) => e,
};

const PYTHON_HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

const PYTHON: Dialect = {
  escapes: { ...COMMON_ESCAPES, a: "\x07" },
  hex: (text, i) => {
    const length = PYTHON_HEX_LENGTH[text[i + 1] ?? ""];
    if (length === undefined) return null;
    const hex = text.slice(i + 2, i + 2 + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) return undefined;
    return { code: Number.parseInt(hex, 16), skip: 1 + length };
  },
  // Python keeps unknown escapes as written (backslash included).
  unknown: (e) => `\\${e}`,
};

/** Parses the literal at `start` ('...' or "..."); undefined when it is not one, is malformed or never closes. */
function readQuoted(text: string, start: number, dialect: Dialect): QuotedString | undefined {
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
    const hex = dialect.hex(text, i);
    if (hex === undefined || (hex !== null && hex.code > 0x10ffff)) return undefined;
    if (hex !== null) {
      out += String.fromCodePoint(hex.code);
      i += hex.skip;
      continue;
    }
    out += dialect.escapes[e] ?? dialect.unknown(e);
    i += 1;
  }
  return undefined;
}

/** A JavaScript string literal as Node's util.inspect prints it (`\xNN`, `\uNNNN`, `\u{...}` escapes). */
export function readJsString(text: string, start: number): QuotedString | undefined {
  return readQuoted(text, start, JS);
}

/** A Python `repr()` string literal (vLLM logs prompts with %r). */
export function readReprString(text: string, start: number): QuotedString | undefined {
  return readQuoted(text, start, PYTHON);
}
