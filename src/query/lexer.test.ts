// The lexer: literals (strings, timespans, datetimes), operators with a dash or a !, comments, and clear errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_QUERY_CHARS, parseDatetimeText, tokenize } from "./lexer.js";

const kinds = (text: string) =>
  tokenize(text).map((t) => [t.kind, t.kind === "string" ? t.text : text.slice(t.start, t.end)]);

test("strings: both quotes, escapes, verbatim strings, anything inside", () => {
  const t = tokenize(String.raw`"a\"b\n\u00e9" 'it\'s' @"C:\path""x" "; DROP TABLE events --"`);
  assert.deepEqual(
    t.filter((x) => x.kind === "string").map((x) => x.text),
    ['a"b\né', "it's", 'C:\\path"x', "; DROP TABLE events --"],
  );
});

test("timespans and datetimes become milliseconds", () => {
  const t = tokenize(
    "5m 1h 2d 30s 100ms 1.5h datetime(2026-01-10T12:00:00Z) datetime(2026-01-10) datetime(2026-01-10T13:00:00+01:00)",
  );
  assert.deepEqual(
    t.filter((x) => x.kind !== "eof").map((x) => x.value),
    [
      300_000,
      3_600_000,
      172_800_000,
      30_000,
      100,
      5_400_000,
      Date.UTC(2026, 0, 10, 12),
      Date.UTC(2026, 0, 10),
      Date.UTC(2026, 0, 10, 12),
    ],
  );
  assert.equal(parseDatetimeText("2026-02-30"), null);
  assert.equal(parseDatetimeText("2026-01-10T25:00:00Z"), null);
  assert.equal(parseDatetimeText("yesterday"), null);
});

test("operators with a dash or a leading !, ranges, comments", () => {
  assert.deepEqual(kinds("project-away a | where x !in (1..2) // note\n and y !contains 'z'"), [
    ["ident", "project-away"],
    ["ident", "a"],
    ["op", "|"],
    ["ident", "where"],
    ["ident", "x"],
    ["op", "!in"],
    ["op", "("],
    ["number", "1"],
    ["op", ".."],
    ["number", "2"],
    ["op", ")"],
    ["ident", "and"],
    ["ident", "y"],
    ["op", "!contains"],
    ["string", "z"],
    ["eof", ""],
  ]);
});

test("errors name the problem and point at it", () => {
  const err = (text: string, re: RegExp, column: number) =>
    assert.throws(
      () => tokenize(text),
      (e: { code: string; message: string; details: { column: number } }) =>
        e.code === "query_syntax" && re.test(e.message) && e.details.column === column,
      text,
    );
  err("where x == 'abc", /no closing quote/, 12);
  err("where x == 'a\\qb'", /unknown escape \\q/, 14);
  err("events | where lat\u0435ncy > 1", /only ASCII/, 16);
  err("x > 5weeks", /unknown timespan unit "weeks"/, 5);
  err("x ! y", /unexpected character "!"/, 3);
  err("x !foo y", /"!foo" is not an operator/, 3);
  err("datetime(2026-13-01)", /not an ISO 8601/, 1);
  err("x".repeat(MAX_QUERY_CHARS + 1), /at most 65536 are accepted/, 1);
});
