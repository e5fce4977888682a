// Reads `key=value, key='a b', key="x", key=[a, b]` lists, as Keycloak's logging event listener writes them.

export type KeyValues = Map<string, string>;

const KEY = /[A-Za-z_][\w.-]*/y;
// An unquoted value runs to the next `, key=` (values such as redirect URIs may hold commas) or the end.
const NEXT_PAIR = /, *(?=[A-Za-z_][\w.-]*=)/g;

/** Parses the list, or says where it stops following the grammar. */
export function parseKeyValues(input: string): { ok: true; pairs: KeyValues } | { ok: false; message: string } {
  const pairs: KeyValues = new Map();
  let i = 0;
  while (i < input.length) {
    KEY.lastIndex = i;
    const key = KEY.exec(input);
    if (!key || input[i + key[0].length] !== "=") {
      return { ok: false, message: `expected key=value at column ${i + 1}: ${JSON.stringify(input.slice(i, i + 30))}` };
    }
    i += key[0].length + 1;
    const open = input[i];
    let value: string;
    if (open === "'" || open === '"') {
      let j = i + 1;
      let v = "";
      while (j < input.length && input[j] !== open) {
        if (open === '"' && input[j] === "\\" && j + 1 < input.length) j++;
        v += input[j];
        j++;
      }
      if (j >= input.length) return { ok: false, message: `unterminated quoted value of '${key[0]}'` };
      value = v;
      i = j + 1;
    } else if (open === "[") {
      const close = input.indexOf("]", i);
      if (close < 0) return { ok: false, message: `unterminated [list] value of '${key[0]}'` };
      value = input.slice(i, close + 1);
      i = close + 1;
    } else {
      NEXT_PAIR.lastIndex = i;
      const next = NEXT_PAIR.exec(input);
      const end = next ? next.index : input.length;
      value = input.slice(i, end).trimEnd();
      i = end;
    }
    pairs.set(key[0], value);
    const sep = /^,? */.exec(input.slice(i, i + 8));
    i += sep ? sep[0].length : 0;
  }
  return { ok: true, pairs };
}
