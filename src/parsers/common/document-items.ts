// Records of a document that holds several items (spans, data points, list entries), each with a small raw text.
import type { ErrorCode } from "../../core/errors.js";
import type { ParsedRecord } from "../types.js";

/** What one item of a document turns into, with the item itself. */
export type ItemResult =
  | { readonly ok: true; readonly record: Record<string, unknown>; readonly item: unknown }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string; readonly item: unknown };

/**
 * The records of a document's items. A document of a single item keeps its own text as raw; otherwise each record's
 * raw is its own item as compact JSON, so a large export is not copied once per item.
 */
export function itemRecords(
  doc: { readonly line: number; readonly raw: string },
  results: readonly ItemResult[],
  single: boolean,
): ParsedRecord[] {
  return results.map((r) => {
    const raw = single ? doc.raw : JSON.stringify(r.item);
    return r.ok
      ? { ok: true, line: doc.line, raw, record: r.record }
      : { ok: false, line: doc.line, raw, code: r.code, message: r.message };
  });
}
