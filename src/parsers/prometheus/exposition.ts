// The Prometheus text exposition grammar (0.0.4, plus OpenMetrics bits): comment/metadata lines and sample lines.

export type Comment =
  | { readonly kind: "help"; readonly name: string; readonly text: string }
  | { readonly kind: "type"; readonly name: string; readonly type: string }
  | { readonly kind: "unit"; readonly name: string; readonly unit: string }
  | { readonly kind: "eof" }
  | { readonly kind: "other" };

export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** A number, or the spelling of a non-finite value (`NaN`, `+Inf`, `-Inf`), which JSON cannot hold. */
  readonly value: number | string;
  /** As written: ms in the Prometheus text format, (fractional) seconds in OpenMetrics. */
  readonly timestamp: number | null;
  readonly exemplar: { labels: Record<string, string>; value: number | string; timestamp: number | null } | null;
  /** The value exactly as written, for values beyond float precision (DCGM's int64 sentinels). */
  readonly valueText: string;
}

export type SampleParse =
  | { readonly ok: true; readonly sample: Sample }
  | { readonly ok: false; readonly message: string };

const TYPES = new Set([
  "counter",
  "gauge",
  "histogram",
  "summary",
  "untyped",
  "unknown",
  "info",
  "stateset",
  "gaugehistogram",
]);

const FLOAT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Reads a `#` line: HELP/TYPE/UNIT metadata, `# EOF`, or a plain comment. */
export function parseComment(line: string): Comment {
  const m = /^#\s*(HELP|TYPE|UNIT)\s+(\S+)(?:\s(.*))?$/.exec(line.trim());
  if (!m) return line.trim() === "# EOF" ? { kind: "eof" } : { kind: "other" };
  const [, keyword, name = "", rest = ""] = m;
  if (keyword === "HELP")
    return { kind: "help", name, text: rest.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c)) };
  if (keyword === "TYPE") {
    const type = rest.trim().toLowerCase();
    return TYPES.has(type) ? { kind: "type", name, type } : { kind: "other" };
  }
  return { kind: "unit", name, unit: rest.trim() };
}

/** Go's ParseFloat spellings Prometheus accepts for a sample value. */
export function parseValue(text: string): number | string | null {
  if (FLOAT.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === "nan") return "NaN";
  if (lower === "+inf" || lower === "inf") return "+Inf";
  if (lower === "-inf") return "-Inf";
  return null;
}

/** A cursor over one line; errors name the 1-based column where the grammar departs. */
class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? "";
  }
  skipSpaces(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }
  fail(what: string): never {
    const found = this.done ? "end of line" : JSON.stringify(this.text.slice(this.pos, this.pos + 12));
    throw new GrammarError(`at column ${this.pos + 1}: expected ${what}, found ${found}`);
  }
  name(): string {
    const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail("a metric or label name");
    this.pos += m[0].length;
    return m[0];
  }
  /** A double-quoted string with Prometheus escapes (`\\`, `\"`, `\n`); other escapes are kept as written. */
  quoted(): string {
    if (this.peek() !== '"') this.fail('`"`');
    this.pos++;
    let out = "";
    for (;;) {
      if (this.done) this.fail('a closing `"`');
      const c = this.text[this.pos++] as string;
      if (c === '"') return out;
      if (c === "\\") {
        const n = this.text[this.pos++];
        if (n === undefined) this.fail("an escaped character");
        out += n === "n" ? "\n" : n === "\\" || n === '"' ? n : `\\${n}`;
      } else {
        out += c;
      }
    }
  }
  token(): string {
    const start = this.pos;
    while (!this.done && this.peek() !== " " && this.peek() !== "\t") this.pos++;
    return this.text.slice(start, this.pos);
  }
}

class GrammarError extends Error {}

/**
 * `{a="1",b="2",}` (a trailing comma is legal; TorchServe writes one). A leading quoted string without `=` is a
 * metric name (the UTF-8 syntax of Prometheus 3: `{"my.metric",a="1"}`).
 */
function labelSet(c: Cursor): { labels: Record<string, string>; quotedName: string | null } {
  const labels: Record<string, string> = {};
  let quotedName: string | null = null;
  c.pos++; // `{`
  c.skipSpaces();
  let first = true;
  while (c.peek() !== "}") {
    const wasQuoted = c.peek() === '"';
    const key = wasQuoted ? c.quoted() : c.name();
    c.skipSpaces();
    if (first && wasQuoted && (c.peek() === "," || c.peek() === "}")) {
      quotedName = key;
    } else {
      if (c.peek() !== "=") c.fail("`=` after the label name");
      c.pos++;
      c.skipSpaces();
      labels[key] = c.quoted();
      c.skipSpaces();
    }
    first = false;
    if (c.peek() === ",") {
      c.pos++;
      c.skipSpaces();
    } else if (c.peek() !== "}") {
      c.fail("`,` or `}` after a label");
    }
  }
  c.pos++; // `}`
  return { labels, quotedName };
}

function timestampOf(text: string, c: Cursor): number {
  if (!FLOAT.test(text)) c.fail("a timestamp (epoch ms, or seconds in OpenMetrics)");
  return Number(text);
}

/** Parses one sample line: `name{labels} value [timestamp] [# {exemplar labels} value [timestamp]]`. */
export function parseSample(line: string): SampleParse {
  const c: Cursor = new Cursor(line.trimEnd());
  try {
    c.skipSpaces();
    let name = "";
    let labels: Record<string, string> = {};
    if (c.peek() !== "{") name = c.name();
    const afterName = c.pos;
    c.skipSpaces();
    if (c.peek() !== "{") c.pos = afterName;
    if (c.peek() === "{") {
      const set = labelSet(c);
      labels = set.labels;
      if (set.quotedName !== null) {
        if (name !== "") c.fail("one metric name, not two");
        name = set.quotedName;
      }
    }
    if (name === "") c.fail("a metric name");
    if (c.peek() !== " " && c.peek() !== "\t") c.fail("whitespace before the value");
    c.skipSpaces();
    const valueText = c.token();
    const value = parseValue(valueText);
    if (value === null) {
      c.pos -= valueText.length;
      c.fail("a sample value (a float, NaN, +Inf or -Inf)");
    }
    c.skipSpaces();
    let timestamp: number | null = null;
    if (!c.done && c.peek() !== "#") timestamp = timestampOf(c.token(), c);
    c.skipSpaces();
    let exemplar: Sample["exemplar"] = null;
    if (c.peek() === "#") {
      c.pos++;
      c.skipSpaces();
      if (c.peek() !== "{") c.fail("an exemplar label set `{...}` after `#`");
      const ex = labelSet(c);
      c.skipSpaces();
      const exText = c.token();
      const exValue = parseValue(exText);
      if (exValue === null) c.fail("an exemplar value");
      c.skipSpaces();
      const exTs = c.done ? null : timestampOf(c.token(), c);
      exemplar = { labels: ex.labels, value: exValue, timestamp: exTs };
    }
    c.skipSpaces();
    if (!c.done) c.fail("end of line");
    return { ok: true, sample: { name, labels, value, timestamp, exemplar, valueText } };
  } catch (e) {
    if (e instanceof GrammarError) return { ok: false, message: e.message };
    return { ok: false, message: `unexpected failure: ${(e as Error).message}` };
  }
}

/**
 * Could this be a sample line? Anchored and without backtracking (it runs on every line during detection): a
 * metric name, an optional label set up to the last `}`, then a value and at most a timestamp.
 */
export function looksLikeSample(line: string): boolean {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!name) return false;
  let rest = line.slice(name[0].length);
  if (rest.startsWith("{")) {
    const close = rest.lastIndexOf("}");
    if (close < 0) return false;
    rest = rest.slice(close + 1);
  }
  if (rest[0] !== " " && rest[0] !== "\t") return false;
  const tokens = rest.trim().split(/[ \t]+/);
  if (tokens.length > 2 || parseValue(tokens[0] ?? "") === null) return false;
  return tokens.length === 1 || /^-?\d+(?:\.\d+)?$/.test(tokens[1] ?? "");
}
