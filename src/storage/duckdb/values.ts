// Converts DuckDB result values into plain JSON-friendly values for the API and the CLI.
import type { DuckDBValue } from "@duckdb/node-api";

/** bigint becomes a number when exact (else a string); lists become arrays; other DuckDB values their text form. */
export function toPlainValue(v: DuckDBValue): unknown {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (typeof v === "object" && "items" in v && Array.isArray(v.items)) return v.items.map(toPlainValue);
  return String(v);
}
