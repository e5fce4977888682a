// Parse sessions over JSON documents (one per line or pretty-printed): assembly, diagnostics, the format's reader.

import type { ParsedRecord, ParseSession } from "../types.js";
import {
  type JsonDocument,
  type JsonDocumentOptions,
  JsonDocuments,
  type JsonPiece,
  problemRecord,
} from "./json-documents.js";
import { parseTolerantObject } from "./json-parse.js";
import { guarded } from "./parser-errors.js";

export interface DocumentSessionSpec {
  /** How documents are cut out of the lines (see JsonDocumentOptions). */
  readonly json?: JsonDocumentOptions;
  /** The records of one complete document (its text is not parsed yet). Must not throw. */
  readonly document: (doc: JsonDocument) => ParsedRecord[];
  /** Why a line met outside any document that does not open one cannot be read (an `unparseable` diagnostic). */
  readonly stray: (text: string) => string;
  /** Auto-detection keeps feeding the session while a document is open (ParseSession.inRecord). */
  readonly claimOpenDocuments?: boolean;
}

/** Opens a session that assembles JSON documents and hands each complete one to `spec.document`. */
export function documentSession(spec: DocumentSessionSpec): ParseSession {
  const documents = new JsonDocuments(spec.json);
  const convert = (pieces: readonly JsonPiece[]): ParsedRecord[] =>
    pieces.flatMap((p): ParsedRecord[] => {
      if (p.kind === "document") return spec.document(p);
      if (p.kind === "problem") return [problemRecord(p)];
      if (p.kind === "text") {
        return [{ ok: false, line: p.line, raw: p.raw, code: "unparseable", message: spec.stray(p.raw) }];
      }
      return [];
    });
  const session: ParseSession = {
    push: (line) => convert(documents.push(line)),
    end: () => convert(documents.end()),
  };
  if (spec.claimOpenDocuments) session.inRecord = () => documents.open;
  return session;
}

/** Turns one parsed document into records and diagnostics; `nonFinite` counts NaN/Infinity tokens nulled. */
export type ObjectHandler = (
  value: Record<string, unknown>,
  document: JsonDocument,
  nonFinite: number,
) => ParsedRecord[];

/**
 * A session over report-like JSON objects (several may share a line), read tolerantly (bare NaN/Infinity become
 * null); each is handed to `handle`, whose errors become diagnostics.
 */
export function objectDocumentSession(handle: ObjectHandler): ParseSession {
  return documentSession({
    json: { mode: "documents" },
    claimOpenDocuments: true,
    stray: (text) =>
      `expected a JSON document to start with '{' or '[', found ${JSON.stringify(text.trim().slice(0, 40))}`,
    document: (d) => {
      const parsed = parseTolerantObject(d.raw);
      if (!parsed.ok) return [{ ok: false, line: d.line, raw: d.raw, code: parsed.code, message: parsed.message }];
      const { value, replaced } = parsed;
      return guarded(d, () => handle(value, d, replaced));
    },
  });
}
