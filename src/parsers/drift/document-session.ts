// A parse session over JSON documents (one per line or pretty-printed over many), for report-like formats.
import type { ErrorCode } from "../../core/errors.js";
import type { ParsedRecord, ParseSession } from "../types.js";
import { type JsonDocument, type JsonDocumentProblem, JsonDocumentReader } from "./json-document.js";
import { parseTolerantObject } from "./tolerant-json.js";

/** Turns one parsed document into records and diagnostics; `nonFinite` counts NaN/Infinity tokens nulled. */
export type DocumentHandler = (
  value: Record<string, unknown>,
  document: JsonDocument,
  nonFinite: number,
) => ParsedRecord[];

const PROBLEM_CODES: Record<JsonDocumentProblem["reason"], ErrorCode> = {
  stray: "unparseable",
  broken: "invalid_json",
  oversized: "unparseable",
};

function problemRecord(p: JsonDocumentProblem, code: ErrorCode = PROBLEM_CODES[p.reason]): ParsedRecord {
  return { ok: false, line: p.line, raw: p.text, code, message: p.message };
}

/** Opens a session that assembles documents and hands each complete one to `handle`, never throwing. */
export function openDocumentSession(handle: DocumentHandler, maxChars?: number): ParseSession {
  const reader = new JsonDocumentReader(maxChars);
  const onDocument = (d: JsonDocument): ParsedRecord[] => {
    const parsed = parseTolerantObject(d.text);
    if (!parsed.ok) return [{ ok: false, line: d.line, raw: d.text, code: parsed.code, message: parsed.message }];
    try {
      return handle(parsed.value, d, parsed.replaced);
    } catch (e) {
      return [{ ok: false, line: d.line, raw: d.text, code: "unparseable", message: `parser error: ${String(e)}` }];
    }
  };
  return {
    push(line) {
      const out: ParsedRecord[] = [];
      for (const ev of reader.push(line.line, line.text)) {
        if (ev.kind === "document") out.push(...onDocument(ev));
        else out.push(problemRecord(ev));
      }
      return out;
    },
    end() {
      const open = reader.end();
      return open ? [problemRecord(open, "incomplete_record")] : [];
    },
    inRecord: () => reader.open,
  };
}
