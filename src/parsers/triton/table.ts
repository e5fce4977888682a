// Triton's box-drawn tables (model status, backends, options) that follow a log entry on their own lines.

export interface BoxTable {
  readonly columns: string[];
  readonly rows: Array<Record<string, string>>;
  /** Lines the table took, counted from the first continuation line. */
  readonly lineCount: number;
}

const BORDER = /^\+[-+]+\+$/;

/** Cell texts of a row, cut at the `+` positions of the border (so a `|` inside a cell does not split it). */
function cells(row: string, cuts: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    // One space of padding follows each `|`; the rest of the cell is text padded on the right.
    out.push(row.slice((cuts[i] as number) + 2, cuts[i + 1]).trimEnd());
  }
  return out;
}

/** Parses a table at the start of `lines`; null when they do not start with one. */
export function parseBoxTable(lines: readonly string[]): BoxTable | null {
  const top = lines[0]?.trimEnd();
  if (top === undefined || !BORDER.test(top)) return null;
  const cuts: number[] = [];
  for (let i = 0; i < top.length; i++) if (top[i] === "+") cuts.push(i);
  if (cuts.length < 2) return null;
  const isRow = (l: string | undefined): l is string => l?.startsWith("|") === true && l.trimEnd().endsWith("|");
  const header: string[][] = [];
  let i = 1;
  for (; isRow(lines[i]); i++) header.push(cells(lines[i] as string, cuts));
  if (header.length === 0 || !BORDER.test(lines[i]?.trimEnd() ?? "")) return null;
  const columns = (header[0] as string[]).map((_, c) =>
    header
      .map((h) => (h[c] ?? "").trim())
      .join(" ")
      .trim(),
  );
  i++;
  const data: string[][] = [];
  for (; isRow(lines[i]); i++) {
    const row = cells(lines[i] as string, cuts);
    const prev = data[data.length - 1];
    if (prev !== undefined && (row[0] ?? "").trim() === "") {
      // A wrapped cell: Triton cuts long text at the column width, so the pieces join without a separator.
      row.forEach((c, k) => {
        prev[k] = (prev[k] ?? "") + c;
      });
    } else data.push(row);
  }
  if (!BORDER.test(lines[i]?.trimEnd() ?? "")) return null;
  return {
    columns,
    rows: data.map((r) => Object.fromEntries(columns.map((c, k) => [c, (r[k] ?? "").trim()]))),
    lineCount: i + 1,
  };
}
