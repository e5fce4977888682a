// Reads Python `repr()` values other than strings out of log text (vLLM logs token id lists with %r).

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
