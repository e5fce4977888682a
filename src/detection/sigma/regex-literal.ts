// Finds a literal every match of a regex must contain, so regex items can join the substring index (conservative:
// when unsure it finds nothing and the rule is simply scanned).

const SPECIAL = new Set([..."\\.^$*+?()[]{}|"]);
const ESCAPED_LITERAL = /[\\.^$*+?()[\]{}|/\-"'#%&,:;<=>@`~! ]/;

/**
 * The longest run of characters that must appear literally in any match, or "" when none can be proven. Patterns
 * with alternation or flags groups are not analysed; group, class and quantified contents never count.
 */
export function requiredLiteral(src: string): string {
  if (src.includes("|") || src.includes("(?")) return "";
  let best = "";
  let run = "";
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    let lit: string | undefined;
    let width = 1;
    if (c === "\\") {
      const n = src[i + 1];
      if (n !== undefined && ESCAPED_LITERAL.test(n)) {
        lit = n;
        width = 2;
      } else {
        endRun();
        i++;
        continue;
      }
    } else if (!SPECIAL.has(c)) lit = c;
    if (lit !== undefined) {
      const q = src[i + width];
      if (q === "*" || q === "?" || q === "{") {
        // this character is optional (or counted): it cannot be part of a required run
        endRun();
        i += width - 1;
        continue;
      }
      run += lit;
      i += width - 1;
      if (q === "+") endRun(); // one occurrence is required, the repetition breaks contiguity
      continue;
    }
    endRun();
    if (c === "[") {
      // skip the class
      let j = i + 1;
      if (src[j] === "^") j++;
      if (src[j] === "]") j++;
      while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
      i = j;
    } else if (c === "(") {
      let depth = 1;
      let j = i + 1;
      while (j < src.length && depth > 0) {
        if (src[j] === "\\") j++;
        else if (src[j] === "(") depth++;
        else if (src[j] === ")") depth--;
        j++;
      }
      i = j - 1;
    } else if (c === "{") {
      while (i < src.length && src[i] !== "}") i++;
    }
  }
  endRun();
  return best;
}
