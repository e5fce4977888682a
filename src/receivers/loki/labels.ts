// Reads a Loki stream selector as the protobuf push request carries it: `{job="api", host="gpu-1"}`.

/** Most labels one stream may carry (Loki's own default limit is 15; generous, but bounded). */
export const MAX_LABELS = 64;

const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };

/**
 * Parses `{name="value", ...}` (values in Go string syntax: `\"`, `\\`, `\n` escapes). Returns the labels, or an
 * error message naming what is wrong. A linear scan: no regular expression runs over the whole input.
 */
export function parseLabels(text: string): Record<string, string> | string {
  const s = text.trim();
  if (!s.startsWith("{") || !s.endsWith("}"))
    return `labels ${JSON.stringify(s.slice(0, 80))} are not of the form {name="value", ...}`;
  const labels: Record<string, string> = {};
  let count = 0;
  let i = 1;
  const end = s.length - 1;
  const skipSpace = () => {
    while (i < end && (s[i] === " " || s[i] === "\t")) i++;
  };
  skipSpace();
  while (i < end) {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) return `invalid label name at offset ${i} in ${JSON.stringify(s.slice(0, 80))}`;
    const name = m[0];
    i += name.length;
    skipSpace();
    if (s[i] !== "=" || s[i + 1] !== '"') return `expected ="value" after label ${JSON.stringify(name)}`;
    i += 2;
    let value = "";
    for (;;) {
      if (i >= end) return `unterminated value of label ${JSON.stringify(name)}`;
      const c = s[i] as string;
      if (c === '"') break;
      if (c === "\\") {
        const e = ESCAPES[s[i + 1] ?? ""];
        if (e === undefined) return `invalid escape in the value of label ${JSON.stringify(name)}`;
        value += e;
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    if (++count > MAX_LABELS) return `a stream has more than ${MAX_LABELS} labels`;
    labels[name] = value;
    skipSpace();
    if (s[i] === ",") {
      i++;
      skipSpace();
    } else if (i < end) {
      return `expected , or } after label ${JSON.stringify(name)}`;
    }
  }
  return labels;
}
