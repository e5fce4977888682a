// Rule problems with their location: every loader and compiler step collects these so a user sees all errors at once.

/** One problem in a rule file, located by 1-based line and column when known. */
export interface RuleIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Thrown when rules cannot be loaded or compiled; `issues` lists every problem found, not only the first. */
export class SigmaRuleError extends Error {
  readonly issues: readonly RuleIssue[];
  constructor(issues: readonly RuleIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "SigmaRuleError";
    this.issues = issues;
  }
}

export function formatIssue(i: RuleIssue): string {
  return `${i.file}:${i.line}:${i.col}: ${i.message}`;
}

/** A problem raised deep inside compilation, before the caller knows the location; the caller adds it. */
export class CompileProblem extends Error {
  /** Path of YAML keys leading to the offending node, to find its line. */
  readonly path: readonly (string | number)[];
  constructor(message: string, path: readonly (string | number)[] = []) {
    super(message);
    this.name = "CompileProblem";
    this.path = path;
  }
}
