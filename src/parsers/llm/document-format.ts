// Builds a Format whose records come from whole JSON documents (one-line or pretty-printed, or arrays of them).
import type { Format, LineResult, ParseContext, ParsedRecord, SourceLine } from "../types.js";
import { JsonDocumentAssembler } from "./json-documents.js";

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

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Records of one document text; a top-level array is taken as a list of documents. Never throws. */
export function documentRecords(
  spec: DocumentFormatSpec,
  line: number,
  raw: string,
  ctx: ParseContext,
): ParsedRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    return [{ ok: false, line, raw, code: "invalid_json", message: `invalid JSON: ${errorMessage(e)}` }];
  }
  try {
    const results: LineResult[] = [];
    for (const item of Array.isArray(doc) ? doc : [doc]) results.push(...spec.toRecords(item, ctx));
    if (results.length === 0) {
      return [{ ok: false, line, raw, code: "unparseable", message: `the JSON document is not ${spec.expected}` }];
    }
    return results.map((r) => ({ ...r, line, raw }));
  } catch (e) {
    // A mapping bug must not take the stream down: the document goes to the dead letters with the reason.
    return [{ ok: false, line, raw, code: "unparseable", message: `could not map the document: ${errorMessage(e)}` }];
  }
}

export function documentFormat(spec: DocumentFormatSpec): Format {
  return {
    name: spec.name,
    description: spec.description,
    examples: spec.examples,
    detect: spec.detect,
    open(context) {
      const assembler = new JsonDocumentAssembler();
      const convert = (pieces: ReturnType<JsonDocumentAssembler["push"]>): ParsedRecord[] =>
        pieces.flatMap((p): ParsedRecord[] => {
          if (p.kind === "document") return documentRecords(spec, p.line, p.text, context);
          if (p.kind === "cut") {
            return [{ ok: false, line: p.line, raw: p.text, code: p.code, message: p.reason }];
          }
          return [
            {
              ok: false,
              line: p.line,
              raw: p.text,
              code: "unparseable",
              message: `expected a JSON document (a line starting with '{' or '['), got ${JSON.stringify(p.text.trim().slice(0, 40))}`,
            },
          ];
        });
      return {
        push: (l: SourceLine) => convert(assembler.push(l)),
        end: () => convert(assembler.end()),
      };
    },
  };
}
