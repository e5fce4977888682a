// Reads string values that Node's util.inspect split into literals joined with `+` (http-echo dumps of requests).
import { readJsString } from "../common/quoted-strings.js";

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
