// Reads an Elasticsearch `_bulk` body: NDJSON pairs of an action line and a document line.
import { splitLines } from "../../pipeline/body.js";

export type BulkOp = "index" | "create" | "update" | "delete";

/** One action of a bulk body with its document (absent for `delete`), or the reason it cannot be stored. */
export interface BulkAction {
  readonly op: BulkOp;
  readonly index: string | undefined;
  readonly id: string | undefined;
  /** 1-based line of the document in the body (of the action line for `delete`): unique per action. */
  readonly line: number;
  readonly text: string;
  readonly doc?: Readonly<Record<string, unknown>>;
  /** A document the pipeline is to dead-letter (not JSON, not an object). */
  readonly rejection?: { readonly code: "invalid_json" | "not_an_object"; readonly message: string };
  readonly error?: { readonly type: string; readonly reason: string; readonly status: number };
}

/** A body Elasticsearch would refuse as a whole (400 `illegal_argument_exception`). */
export class BulkSyntaxError extends Error {}

const OPS = new Set<string>(["index", "create", "update", "delete"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The action of an action line, or a BulkSyntaxError naming the line (as Elasticsearch refuses such bodies). */
function readActionLine(text: string, line: number): { op: BulkOp; meta: Record<string, unknown> } {
  const value = parseJson(text);
  if (!isPlainObject(value)) {
    throw new BulkSyntaxError(`Malformed action/metadata line [${line}], expected a JSON object`);
  }
  const keys = Object.keys(value);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined || !OPS.has(op)) {
    throw new BulkSyntaxError(
      `Malformed action/metadata line [${line}], expected one of index, create, update, delete but found [${keys.join(", ").slice(0, 100)}]`,
    );
  }
  const meta = value[op];
  if (!isPlainObject(meta)) throw new BulkSyntaxError(`Malformed action/metadata line [${line}], expected an object`);
  return { op: op as BulkOp, meta };
}

function optionalString(meta: Record<string, unknown>, key: string): string | undefined {
  const v = meta[key];
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Splits a bulk body into actions. `_type` and unknown metadata are ignored; the index of the action wins over the
 * one in the path. `update` and `delete` (InferWatch stores events append-only) and actions without an index become
 * per-action errors; documents that are not JSON objects are marked for the dead-letter table; a malformed action
 * line fails the whole body, as in Elasticsearch.
 */
export function parseBulk(text: string, pathIndex: string | undefined): BulkAction[] {
  const lines = splitLines(text);
  const actions: BulkAction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const actionLine = lines[i] as { line: number; text: string };
    const { op, meta } = readActionLine(actionLine.text, actionLine.line);
    const index = optionalString(meta, "_index") ?? pathIndex;
    const id = optionalString(meta, "_id");
    if (op === "delete") {
      actions.push({
        op,
        index,
        id,
        line: actionLine.line,
        text: actionLine.text,
        error: {
          type: "illegal_argument_exception",
          reason: "InferWatch stores events append-only: delete is not supported",
          status: 400,
        },
      });
      continue;
    }
    const docLine = lines[++i];
    if (docLine === undefined) {
      throw new BulkSyntaxError(
        `The bulk request must be terminated by a newline [\\n]; action on line [${actionLine.line}] has no document`,
      );
    }
    const base = { op, index, id, line: docLine.line, text: docLine.text };
    if (op === "update") {
      actions.push({
        ...base,
        error: {
          type: "illegal_argument_exception",
          reason: "InferWatch stores events append-only: update is not supported (use index or create)",
          status: 400,
        },
      });
      continue;
    }
    if (index === undefined) {
      actions.push({
        ...base,
        error: {
          type: "action_request_validation_exception",
          reason: "Validation Failed: 1: index is missing;",
          status: 400,
        },
      });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(docLine.text);
    } catch (e) {
      // Dead-lettered under the index like any line the pipeline cannot read.
      actions.push({ ...base, rejection: { code: "invalid_json", message: `invalid JSON: ${(e as Error).message}` } });
      continue;
    }
    if (!isPlainObject(doc)) {
      const got = Array.isArray(doc) ? "an array" : doc === null ? "null" : `a ${typeof doc}`;
      actions.push({ ...base, rejection: { code: "not_an_object", message: `expected a JSON object, got ${got}` } });
      continue;
    }
    actions.push({ ...base, doc });
  }
  return actions;
}
