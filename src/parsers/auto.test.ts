// Auto-detection: routing lines between formats, continuation lines, late recognition, fallbacks and bounds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { autoFormat } from "./auto.js";
import { jsonFormat } from "./json.js";
import { type Format, lineFormat, type ParsedRecord, type SourceLine } from "./types.js";

const ctx = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22) };

/** `k=v` lines; a line starting with a space continues the previous record. */
const kv: Format = {
  name: "kv",
  description: "test double",
  examples: [],
  detect: (l) => /^\w+=/.test(l),
  open() {
    let held: SourceLine[] = [];
    const flush = (): ParsedRecord[] => {
      if (held.length === 0) return [];
      const first = held[0] as SourceLine;
      const raw = held.map((h) => h.text).join("\n");
      held = [];
      return [{ ok: true, line: first.line, raw, record: { message: raw } }];
    };
    return {
      push(l) {
        if (l.text.startsWith(" ")) {
          held.push(l);
          return [];
        }
        const out = flush();
        held = [l];
        return out;
      },
      end: flush,
    };
  },
};

/** A document format recognized by a marker line, collecting every line until `}`. */
const doc: Format = {
  name: "doc",
  description: "test double",
  examples: [],
  detect: (l) => l.includes('"marker"'),
  open() {
    let held: SourceLine[] = [];
    return {
      push(l) {
        held.push(l);
        if (l.text !== "}") return [];
        const raw = held.map((h) => h.text).join("\n");
        const first = (held[0] as SourceLine).line;
        held = [];
        return [{ ok: true, line: first, raw, record: { doc: raw } }];
      },
      end: () =>
        held.map((h) => ({ ok: false, line: h.line, raw: h.text, code: "incomplete_record", message: "open" })),
    };
  },
};

const other = lineFormat({
  name: "other",
  description: "test double",
  examples: [],
  detect: (l) => l.startsWith("OTHER "),
  parse: (l) => ({ ok: true, record: { message: l } }),
});

function run(lines: string[], order: Format[] = [kv, doc, other, jsonFormat]): ParsedRecord[] {
  const s = autoFormat(order, jsonFormat).open(ctx);
  const out: ParsedRecord[] = [];
  lines.forEach((text, i) => {
    out.push(...s.push({ line: i + 1, text }));
  });
  return [...out, ...s.end()];
}

test("lines go to the format that recognizes them; continuation lines stay with the current one", () => {
  const out = run(["a=1", " more", "OTHER x", "b=2", '{"timestamp": 1}']);
  assert.deepEqual(
    out.map((r) => [r.line, r.format, r.ok]),
    [
      [1, "kv", true],
      [3, "other", true],
      [4, "kv", true],
      [5, "json", true],
    ],
  );
  assert.equal(out[0]?.ok && out[0].raw, "a=1\n more");
});

test("a document recognized by its second line still gets its first", () => {
  const out = run(["{", '  "marker": 1', "}", "a=1"]);
  assert.deepEqual(
    out.map((r) => [r.line, r.format, r.raw]),
    [
      [1, "doc", '{\n  "marker": 1\n}'],
      [4, "kv", "a=1"],
    ],
  );
});

test("unrecognized JSON-looking text goes to the json fallback; anything else is diagnosed", () => {
  const broken = run(['{"timestamp": 1, "a": [', "2]}"]);
  assert.equal(broken.length, 1);
  assert.equal(broken[0]?.format, "json");
  assert.equal(broken[0]?.ok, true, "the joined lines form one valid object");
  const junk = run(["hello there", "???"]);
  assert.deepEqual(
    junk.map((r) => [r.line, r.ok ? "" : r.code]),
    [
      [1, "unknown_format"],
      [2, "unknown_format"],
    ],
  );
  assert.match(junk[0]?.ok === false ? junk[0].message : "", /tried kv, doc, other, json/);
});

test("broken JSON after valid JSON is reported as invalid JSON, not as an unknown format", () => {
  const out = run(['{"timestamp": 1}', '{"timestamp": 2', "not json"]);
  assert.deepEqual(
    out.map((r) => (r.ok ? "ok" : r.code)),
    ["ok", "invalid_json", "invalid_json"],
  );
});

test("lines nobody recognizes are not held without bound", () => {
  const s = autoFormat([kv], jsonFormat).open(ctx);
  let released = 0;
  for (let i = 1; i <= 300; i++) released += s.push({ line: i, text: `line ${i}` }).length;
  assert.equal(released, 256);
  assert.equal(s.end().length, 44);
});

test("a session that is mid-record keeps every line, even ones another format would claim", () => {
  let open = false;
  const docFormat: Format = {
    name: "docs",
    description: "test double",
    examples: [],
    detect: (l) => l === "BEGIN",
    open() {
      let held: SourceLine[] = [];
      return {
        push(l) {
          if (l.text === "BEGIN") open = true;
          held.push(l);
          if (l.text !== "END") return [];
          open = false;
          const raw = held.map((h) => h.text).join("\n");
          held = [];
          return [{ ok: true, line: 1, raw, record: {} }];
        },
        end: () => [],
        inRecord: () => open,
      };
    },
  };
  const out = run(["BEGIN", '{"timestamp": 1}', "a=1", "END", '{"timestamp": 2}'], [docFormat, kv, jsonFormat]);
  assert.deepEqual(
    out.map((r) => [r.format, r.raw]),
    [
      ["docs", 'BEGIN\n{"timestamp": 1}\na=1\nEND'],
      ["json", '{"timestamp": 2}'],
    ],
  );
});
