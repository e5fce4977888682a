// Builds a Format whose records are single lines holding one JSON object each, from a function of that object.
import { parseJsonObject } from "../json.js";
import { type Format, type LineResult, lineFormat, type ParseContext } from "../types.js";

export function objectLineFormat(spec: {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly string[];
  readonly detect: (line: string) => boolean;
  /** The record of one parsed object (or a diagnostic saying why it is none). */
  readonly record: (object: Record<string, unknown>, context: ParseContext) => LineResult;
}): Format {
  return lineFormat({
    name: spec.name,
    description: spec.description,
    examples: spec.examples,
    detect: spec.detect,
    parse: (line, context) => {
      const parsed = parseJsonObject(line);
      return parsed.ok ? spec.record(parsed.record, context) : parsed;
    },
  });
}
