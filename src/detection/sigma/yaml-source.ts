// Reads a rule file's YAML documents with the `yaml` package, keeping a way back from any key path to its line.
import { isNode, LineCounter, parseAllDocuments } from "yaml";
import type { RuleIssue } from "./issues.js";

/** Rule files are small; a bigger one is refused before parsing (protects memory). */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

export interface SourceDoc {
  readonly file: string;
  /** The document as plain data (maps become objects). */
  readonly value: unknown;
  /** Line/column of the node at `path`, or of its closest existing ancestor. */
  locate(path: readonly (string | number)[]): { line: number; col: number };
  issue(path: readonly (string | number)[], message: string): RuleIssue;
}

/** Parses every `---`-separated document; YAML syntax errors are returned as issues, not thrown. */
export function readYamlDocs(file: string, text: string): { docs: SourceDoc[]; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  if (Buffer.byteLength(text) > MAX_RULE_FILE_BYTES) {
    issues.push({ file, line: 1, col: 1, message: `rule file is larger than ${MAX_RULE_FILE_BYTES} bytes` });
    return { docs: [], issues };
  }
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(parsed) ? parsed : [];
  const docs: SourceDoc[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const p = lc.linePos(e.pos[0]);
      issues.push({ file, line: p.line, col: p.col, message: `YAML: ${e.message.split("\n")[0]}` });
    }
    if (doc.errors.length > 0) continue;
    if (doc.contents === null) continue; // an empty document between separators
    const value = doc.toJS({ maxAliasCount: 100 });
    const locate = (path: readonly (string | number)[]) => {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const p = lc.linePos(node.range[0]);
          return { line: p.line, col: p.col };
        }
      }
      return { line: 1, col: 1 };
    };
    docs.push({
      file,
      value,
      locate,
      issue: (path, message) => ({ file, ...locate(path), message }),
    });
  }
  return { docs, issues };
}
