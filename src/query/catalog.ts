// The tables a query may read and their columns. `events` derives from core/fields.ts; adding a table is one entry in
// TABLES (a test checks every entry against the real database).
import { FIELDS, type FieldDef, type FieldType } from "../core/fields.js";
import type { IrColumn, IrType } from "./ir.js";

const FIELD_TO_IR: Readonly<Record<FieldType, IrType>> = {
  timestamp: "datetime",
  keyword: "string",
  text: "string",
  int: "long",
  float: "real",
  bool: "bool",
  json: "json",
};

export interface CatalogTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly IrColumn[];
}

export const TABLES: readonly CatalogTable[] = [
  {
    name: "events",
    description: "one row per normalized event (docs/fields.md)",
    columns: (FIELDS as readonly FieldDef[]).map((f) => ({ name: f.name, type: FIELD_TO_IR[f.type] })),
  },
  {
    name: "dead_letters",
    description: "every rejected line with its reason",
    columns: [
      { name: "received_at", type: "datetime" },
      { name: "source_id", type: "string" },
      { name: "format", type: "string" },
      { name: "line", type: "long" },
      { name: "reason_code", type: "string" },
      { name: "reason", type: "string" },
      { name: "raw", type: "string" },
      { name: "raw_truncated", type: "bool" },
    ],
  },
  {
    name: "alerts",
    description: "one row per detection alert (docs/detection.md); `mode` is live or shadow",
    columns: [
      { name: "alert_id", type: "string" },
      { name: "created_at", type: "datetime" },
      { name: "rule_id", type: "string" },
      { name: "rule_title", type: "string" },
      { name: "rule_level", type: "string" },
      { name: "rule_status", type: "string" },
      { name: "rule_author", type: "string" },
      { name: "rule_tags", type: "list" },
      { name: "rule_techniques", type: "json" },
      { name: "alert_type", type: "string" },
      { name: "group_key", type: "json" },
      { name: "first_seen", type: "datetime" },
      { name: "last_seen", type: "datetime" },
      { name: "count", type: "long" },
      { name: "value", type: "real" },
      { name: "evidence_event_ids", type: "list" },
      { name: "mode", type: "string" },
    ],
  },
];

export type Catalog = ReadonlyMap<string, CatalogTable>;

export const DEFAULT_CATALOG: Catalog = new Map(TABLES.map((t) => [t.name, t]));
