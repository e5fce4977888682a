// Builds a Format whose records come from whole JSON documents (one-line or pretty-printed, or arrays of them).
import { documentSession } from "../common/document-session.js";
import { type DocumentValue, documentValue } from "../common/json-documents.js";
import { guarded } from "../common/parser-errors.js";
import type { Format, LineResult, ParseContext, ParsedRecord } from "../types.js";

export interface DocumentFormatSpec {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly string[];
  readonly detect: (line: string) => boolean;
  /** The records of one decoded document; an empty list means "not this format's document". */
  readonly toRecords: (doc: unknown, context: ParseContext) => LineResult[];
  /** What the documents are, for the diagnostic of one that is not (e.g. "a LiteLLM logging payload"). */
  readonly expected: string;
}

/** Records of one document value; a top-level array is taken as a list of documents. Never throws. */
function documentRecords(
  spec: DocumentFormatSpec,
  doc: DocumentValue & { ok: true },
  ctx: ParseContext,
): ParsedRecord[] {
  const { line, raw } = doc;
  // A mapping bug must not take the stream down: the document goes to the dead letters with the reason.
  return guarded(
    doc,
    () => {
      const results: LineResult[] = [];
      for (const item of Array.isArray(doc.value) ? doc.value : [doc.value]) results.push(...spec.toRecords(item, ctx));
      if (results.length === 0) {
        return [{ ok: false, line, raw, code: "unparseable", message: `the JSON document is not ${spec.expected}` }];
      }
      return results.map((r) => ({ ...r, line, raw }));
    },
    "could not map the document",
  );
}

export function documentFormat(spec: DocumentFormatSpec): Format {
  return {
    name: spec.name,
    description: spec.description,
    examples: spec.examples,
    detect: spec.detect,
    open: (context) =>
      documentSession({
        // Gateway logs are NDJSON: a line cut short must not swallow the documents after it.
        json: { cutAtNewDocument: true },
        stray: (text) =>
          `expected a JSON document (a line starting with '{' or '['), got ${JSON.stringify(text.trim().slice(0, 40))}`,
        document: (d) => {
          const doc = documentValue(d);
          return doc.ok ? documentRecords(spec, doc, context) : [doc];
        },
      }),
  };
}
