// Nearest-name suggestions for unknown tables, columns and functions (edit distance on short identifiers).

/** Levenshtein distance; names are short identifiers (bounded by the lexer), so the quadratic table is cheap. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Up to `max` known names close to `name`: within a third of its length in edits, or sharing a prefix/substring. */
export function nearest(name: string, known: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const scored: { n: string; d: number }[] = [];
  for (const k of known) {
    const kl = k.toLowerCase();
    let d = editDistance(lower, kl);
    if (lower.length >= 3 && (kl.includes(lower) || lower.includes(kl))) d = Math.min(d, 1);
    if (d <= Math.max(2, Math.floor(name.length / 3))) scored.push({ n: k, d });
  }
  scored.sort((x, y) => x.d - y.d || x.n.localeCompare(y.n));
  // Only the closest: one obvious candidate beats a list of far ones.
  const best = scored[0]?.d ?? 0;
  return scored
    .filter((s) => s.d === best)
    .slice(0, max)
    .map((s) => s.n);
}
