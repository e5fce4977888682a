// Columnar batch building: events and dead letters become DuckDB data chunks (2048 rows each) for the appender.
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  type DuckDBAppender,
  DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
  VARCHAR,
} from "@duckdb/node-api";
import type { DeadLetter } from "../../core/batch.js";
import { FIELDS, type FieldDef, type FieldType, type InferEvent } from "../../core/fields.js";
import { COLUMN_TYPES } from "./migrations.js";

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

const DUCK_TYPES: Record<FieldType, DuckDBType> = {
  timestamp: BIGINT,
  int: BIGINT,
  float: DOUBLE,
  bool: BOOLEAN,
  keyword: VARCHAR,
  text: VARCHAR,
  // JSON is stored as text; the column type is JSON but the appender takes VARCHAR values for it.
  json: VARCHAR,
};

const EVENT_FIELDS = FIELDS as readonly FieldDef[];

function toBig(v: unknown): bigint | null {
  return v === null || v === undefined ? null : BigInt(v as number);
}

/** Appends rows to `appender` column by column, one chunk of up to 2048 rows at a time. */
function appendColumns<T>(
  appender: DuckDBAppender,
  rows: readonly T[],
  types: readonly DuckDBType[],
  column: (rows: readonly T[], index: number) => DuckDBValue[],
): void {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const slice = rows.slice(start, start + CHUNK_ROWS);
    const chunk = DuckDBDataChunk.create(types, slice.length);
    for (let c = 0; c < types.length; c++) chunk.setColumnValues(c, column(slice, c));
    appender.appendDataChunk(chunk);
  }
}

/** The fields that hold a value in at least one event of the batch: the only columns worth sending. */
export function populatedFields(events: readonly InferEvent[]): FieldDef[] {
  return EVENT_FIELDS.filter((f) => {
    const name = f.name as keyof InferEvent;
    return events.some((e) => e[name] !== null);
  });
}

/** DuckDB column type of a field for a staging table (JSON travels as VARCHAR and is cast on insert). */
export function stagingType(f: FieldDef): string {
  return f.type === "json" ? "VARCHAR" : COLUMN_TYPES[f.type];
}

/** Appends the given fields of each event, in that column order. */
export function appendEvents(
  appender: DuckDBAppender,
  events: readonly InferEvent[],
  fields: readonly FieldDef[],
): void {
  appendColumns(
    appender,
    events,
    fields.map((f) => DUCK_TYPES[f.type]),
    (rows, c) => {
      const f = fields[c] as FieldDef;
      const name = f.name as keyof InferEvent;
      if (DUCK_TYPES[f.type] === BIGINT) return rows.map((e) => toBig(e[name]));
      return rows.map((e) => e[name] as DuckDBValue);
    },
  );
}

const DEAD_LETTER_TYPES = [BIGINT, VARCHAR, VARCHAR, BIGINT, VARCHAR, VARCHAR, VARCHAR, BOOLEAN];

export function appendDeadLetters(appender: DuckDBAppender, letters: readonly DeadLetter[]): void {
  const getters: ((d: DeadLetter) => DuckDBValue)[] = [
    (d) => BigInt(d.receivedAt),
    (d) => d.sourceId,
    (d) => d.format,
    (d) => toBig(d.line),
    (d) => d.reasonCode,
    (d) => d.reason,
    (d) => d.raw,
    (d) => d.rawTruncated,
  ];
  appendColumns(appender, letters, DEAD_LETTER_TYPES, (rows, c) =>
    rows.map(getters[c] as (d: DeadLetter) => DuckDBValue),
  );
}
