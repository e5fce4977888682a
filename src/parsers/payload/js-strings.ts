// Reads JavaScript string literals as Node's util.inspect prints them (http-echo dumps of logger requests).

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  "`": "`",
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

/** Parses the literal at `start` ('...' or "..."); returns its value and the index past it, or undefined. */
export function readJsString(text: string, start: number): { value: string; end: number } | undefined {
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
    if (e === "x" || e === "u") {
      const braced = e === "u" && text[i + 2] === "{";
      const hex = braced ? text.slice(i + 3, text.indexOf("}", i + 3)) : text.slice(i + 2, i + 2 + (e === "x" ? 2 : 4));
      if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) return undefined;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      i += braced ? hex.length + 3 : 1 + hex.length;
      continue;
    }
    out += SIMPLE_ESCAPES[e] ?? e;
    i += 1;
  }
  return undefined;
}

/**
 * Reads a value written as one literal or as literals joined with `+` over several lines (older Node versions break
 * long strings that way). `lines[index]` holds the first literal at `column`. Returns the joined value and the
 * index of the last line used, or undefined when the text is not such a value.
 */
export function readJsConcatenation(
  lines: readonly string[],
  index: number,
  column: number,
): { value: string; lastLine: number } | undefined {
  let value = "";
  let lineIndex = index;
  let text = lines[index] ?? "";
  let at = column;
  for (;;) {
    const lit = readJsString(text, at);
    if (!lit) return undefined;
    value += lit.value;
    const rest = text.slice(lit.end).trimEnd();
    if (!rest.endsWith("+")) return { value, lastLine: lineIndex };
    lineIndex++;
    if (lineIndex >= lines.length) return undefined;
    text = lines[lineIndex] ?? "";
    at = text.length - text.trimStart().length;
  }
}
