// Reads a pandas DataFrame as `print(df)` writes it: right-aligned columns, wrapped into blocks when too wide.

export interface PandasRow {
  readonly label: string;
  readonly line: number;
  /** The row's text in every block, in order (its original lines). */
  readonly lines: string[];
  readonly cells: Map<string, string>;
}

export interface PandasTable {
  readonly line: number;
  indexName: string | undefined;
  readonly columns: string[];
  readonly rows: Map<string, PandasRow>;
  /** pandas printed `...` in place of some columns (display.max_columns) or rows. */
  columnsElided: boolean;
  rowsElided: boolean;
  /** From the `[3 rows x 31 columns]` footer pandas adds when it elides. */
  declared: { rows: number; columns: number } | undefined;
}

export type PandasTableEvent =
  | { readonly kind: "table"; readonly table: PandasTable }
  | { readonly kind: "problem"; readonly line: number; readonly text: string; readonly message: string };

interface Span {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const FOOTER = /^\[(\d+) rows x (\d+) columns\]$/;

/**
 * Splits `print(df)` output into tables. A header line starts with blanks (the index column is blank there) and
 * names the block's columns; each value is right-aligned under the end of its column name, so a cell spans from
 * the previous column's end to its own. Rows start with their left-aligned index label. A wide frame repeats
 * header + rows per block; a header naming a column already seen starts a new table.
 */
export class PandasTableReader {
  private table: PandasTable | null = null;
  private spans: Span[] = [];
  private expectIndexName = false;

  push(line: number, text: string): PandasTableEvent[] {
    const out: PandasTableEvent[] = [];
    for (const physical of text.split("\n")) this.pushPhysical(line, physical.trimEnd(), out);
    return out;
  }

  end(): PandasTableEvent[] {
    return this.flush();
  }

  private flush(): PandasTableEvent[] {
    const t = this.table;
    this.table = null;
    this.spans = [];
    this.expectIndexName = false;
    return t ? [{ kind: "table", table: t }] : [];
  }

  private pushPhysical(line: number, text: string, out: PandasTableEvent[]): void {
    if (text.trim() === "") return;
    const footer = FOOTER.exec(text.trim());
    if (footer) {
      if (!this.table) {
        out.push({ kind: "problem", line, text, message: "a pandas size footer without a table before it" });
        return;
      }
      this.table.declared = { rows: Number(footer[1]), columns: Number(footer[2]) };
      out.push(...this.flush());
      return;
    }
    if (/^\s/.test(text)) {
      this.header(line, text, out);
      return;
    }
    if (!this.table) {
      out.push({
        kind: "problem",
        line,
        text,
        message: "a table row before any header line (a line starting with blanks)",
      });
      return;
    }
    // The index name stands alone under the header (with `...` under an elided column).
    if (this.expectIndexName && /^\S+(?:\s+\.\.\.)*$/.test(text)) {
      this.table.indexName = text.split(/\s/)[0];
      this.expectIndexName = false;
      return;
    }
    this.expectIndexName = false;
    this.row(line, text);
  }

  private header(line: number, text: string, out: PandasTableEvent[]): void {
    const tokens = [...text.matchAll(/\S+/g)].filter((m, i, all) => !(i === all.length - 1 && m[0] === "\\"));
    const names = tokens.map((m) => m[0]);
    if (this.table && names.some((n) => n !== "..." && this.table?.columns.includes(n))) out.push(...this.flush());
    if (!this.table) {
      this.table = {
        line,
        indexName: undefined,
        columns: [],
        rows: new Map(),
        columnsElided: false,
        rowsElided: false,
        declared: undefined,
      };
    }
    let start = 0;
    this.spans = tokens.map((m) => {
      const end = (m.index ?? 0) + m[0].length;
      const span = { name: m[0], start, end };
      start = end;
      return span;
    });
    for (const n of names) {
      if (n === "...") this.table.columnsElided = true;
      else this.table.columns.push(n);
    }
    this.expectIndexName = true;
  }

  private row(line: number, text: string): void {
    const table = this.table;
    if (!table) return;
    const sep = text.search(/\s{2,}/);
    const label = sep < 0 ? text.trim() : text.slice(0, sep);
    if (label === "...") {
      table.rowsElided = true;
      return;
    }
    let row = table.rows.get(label);
    if (!row) {
      row = { label, line, lines: [], cells: new Map() };
      table.rows.set(label, row);
    }
    row.lines.push(text);
    for (const [i, span] of this.spans.entries()) {
      if (span.name === "...") continue;
      const from = i === 0 ? Math.max(span.start, label.length) : span.start;
      row.cells.set(span.name, text.slice(from, span.end).trim());
    }
  }
}
