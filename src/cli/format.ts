// Renders query results as an aligned table, JSON or CSV.

export interface Tabular {
  readonly columns: readonly { name: string; type: string }[];
  readonly rows: readonly unknown[][];
}

const MAX_CELL = 80;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function toTable(t: Tabular): string {
  const header = t.columns.map((c) => c.name);
  const body = t.rows.map((r) =>
    r.map((v) => {
      const s = cellText(v).replace(/[\r\n\t]/g, " ");
      return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const numeric = t.columns.map((c) => /INT|DOUBLE|FLOAT|DECIMAL|REAL/.test(c.type));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function toJson(t: Tabular): string {
  return t.rows
    .map((r) => JSON.stringify(Object.fromEntries(t.columns.map((c, i) => [c.name, r[i] ?? null]))))
    .join("\n");
}

/** RFC 4180 CSV: fields with commas, quotes or newlines are quoted, quotes doubled. */
export function toCsv(t: Tabular): string {
  const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [
    t.columns.map((c) => esc(c.name)).join(","),
    ...t.rows.map((r) => r.map((v) => esc(cellText(v))).join(",")),
  ].join("\n");
}
