import assert from "node:assert/strict";
import { test } from "node:test";
import { SigmaRuleError } from "./issues.js";
import { engineOf, matches, ruleWith } from "./test-util.js";

const yes = (sel: string, ev: Record<string, unknown>, opts = {}) =>
  assert.ok(matches(engineOf(ruleWith(sel), opts), ev), `${sel} should match ${JSON.stringify(ev)}`);
const no = (sel: string, ev: Record<string, unknown>, opts = {}) =>
  assert.ok(!matches(engineOf(ruleWith(sel), opts), ev), `${sel} should not match ${JSON.stringify(ev)}`);

test("plain values: exact, case-insensitive, numbers as text, lists are OR", () => {
  yes("f: Hello", { f: "hELLO" });
  no("f: Hello", { f: "Hello!" });
  yes("f: 4688", { f: 4688 });
  yes("f: 4688", { f: "4688" });
  yes("f: [a, b]", { f: "B" });
  no("f: [a, b]", { f: "c" });
  yes("f: true", { f: true });
});

test("wildcards * and ? with escapes", () => {
  yes("f: 'a*c'", { f: "abbbc" });
  yes("f: 'a?c'", { f: "abc" });
  no("f: 'a?c'", { f: "abbc" });
  yes("f: 'a\\*c'", { f: "a*c" });
  no("f: 'a\\*c'", { f: "abc" });
  yes("f: 'a\\?c'", { f: "a?c" });
  yes("f: 'C:\\Windows\\System32*'", { f: "c:\\windows\\system32\\x" }); // a backslash before other chars is literal
  yes("f: 'x\\\\*'", { f: "x\\yz" }); // escaped backslash, then a wildcard
  yes("f: '*mid*dle*'", { f: "a MID b DLE c" });
  no("f: '*mid*dle*'", { f: "dle mid" });
});

test("null and empty string", () => {
  yes("f: null", { g: 1 });
  yes("f: null", { f: null });
  no("f: null", { f: "" });
  yes("f: ''", { f: "" });
  no("f: ''", { f: "x" });
  no("f: ''", {});
});

test("contains, startswith, endswith, all", () => {
  yes("f|contains: ell", { f: "HELLO" });
  yes("f|startswith: he", { f: "Hello" });
  no("f|startswith: lo", { f: "Hello" });
  yes("f|endswith: LO", { f: "hello" });
  yes("f|contains|all: [a, b]", { f: "xaxbx" });
  no("f|contains|all: [a, b]", { f: "xaxx" });
  yes("f|contains: ['1', '2']", { f: "x2" });
});

test("cased makes matching case-sensitive", () => {
  yes("f|cased: Hello", { f: "Hello" });
  no("f|cased: Hello", { f: "hello" });
  no("f|contains|cased: ELL", { f: "hello" });
});

test("exists", () => {
  yes("f|exists: true", { f: "" });
  no("f|exists: true", {});
  yes("f|exists: false", {});
  no("f|exists: false", { f: 0 });
});

test("neq: the field is present and equals none of the values", () => {
  yes("f|neq: a", { f: "b" });
  no("f|neq: a", { f: "A" });
  no("f|neq: a", {});
  no("f|neq: [a, b]", { f: "b" });
});

test("neq also negates cidr and the numeric comparisons (present and not matching)", () => {
  yes("ip|cidr|neq: 10.0.0.0/8", { ip: "192.168.1.1" });
  no("ip|cidr|neq: 10.0.0.0/8", { ip: "10.1.2.3" });
  no("ip|cidr|neq: 10.0.0.0/8", {});
  yes("n|gt|neq: 5", { n: 3 });
  no("n|gt|neq: 5", { n: 9 });
  no("n|gt|neq: 5", {});
});

test("windash covers - / and the Unicode dashes at option starts", () => {
  for (const v of ["-enc", "/enc", "\u2013enc", "\u2014enc", "\u2015enc"])
    yes("f|windash|contains: ' -enc'", { f: `p.exe ${v} x` });
  no("f|windash|contains: ' -enc'", { f: "p.exe +enc" });
  yes("f|contains|windash: ' -a '", { f: "x /a y" });
});

test("cidr for IPv4 and IPv6", () => {
  yes("ip|cidr: 10.0.0.0/8", { ip: "10.1.2.3" });
  no("ip|cidr: 10.0.0.0/8", { ip: "11.1.2.3" });
  yes("ip|cidr: ['192.168.0.0/16', '2001:db8::/32']", { ip: "2001:db8::1" });
  no("ip|cidr: 2001:db8::/32", { ip: "2001:db9::1" });
  no("ip|cidr: 10.0.0.0/8", { ip: "not an ip" });
  assert.throws(() => engineOf(ruleWith("ip|cidr: 10.0.0.0/40")), /not a CIDR network/);
});

test("fieldref compares two fields (with contains/startswith/endswith)", () => {
  yes("a|fieldref: b", { a: "X", b: "x" });
  no("a|fieldref: b", { a: "X", b: "y" });
  no("a|fieldref: b", { a: "X" });
  yes("a|fieldref|contains: b", { a: "hello", b: "ell" });
  yes("a|fieldref|endswith: b", { a: "hello", b: "llo" });
});

test("re on the linear-time engine: case-sensitive by default, i/m/s flags and inline (?i)", () => {
  yes("f|re: 'ab+c'", { f: "xxabbbc" });
  no("f|re: 'ABC'", { f: "abc" });
  yes("f|re|i: 'ABC'", { f: "abc" });
  yes("f|re: '(?i)ABC'", { f: "abc" });
  yes("f|re|m: '^b$'", { f: "a\nb\nc" });
  no("f|re: '^b$'", { f: "a\nb\nc" });
  yes("f|re|s: 'a.b'", { f: "a\nb" });
  no("f|re: 'a.b'", { f: "a\nb" });
  assert.throws(() => engineOf(ruleWith("f|re: '(a)\\1'")), /linear-time engine/);
  assert.throws(() => engineOf(ruleWith("f|re: '(?=a)'")), /linear-time engine/);
  assert.throws(() => engineOf(ruleWith("f|i: 'a'")), /only applies after `re`/);
});

test("base64, base64offset and the UTF-16 encodings", () => {
  const b64 = (s: string, enc: BufferEncoding = "utf8") => Buffer.from(s, enc).toString("base64");
  yes("f|base64: 'secret'", { f: b64("secret") });
  no("f|base64: 'secret'", { f: "secret" });
  for (const prefix of ["", "x", "xy", "xyz"]) {
    yes("f|base64offset|contains: 'http://'", { f: b64(`${prefix}http://evil`) });
  }
  no("f|base64offset|contains: 'http://'", { f: b64("https:/evil") });
  yes("f|wide|base64offset|contains: 'ping'", { f: b64("cmd /c ping x", "utf16le") });
  yes("f|utf16le|base64: 'ab'", { f: b64("ab", "utf16le") });
  const be = Buffer.from("ab", "utf16le").swap16().toString("base64");
  yes("f|utf16be|base64: 'ab'", { f: be });
  yes("f|utf16|base64: 'ab'", {
    f: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("ab", "utf16le")]).toString("base64"),
  });
});

test("gt, gte, lt, lte compare numbers (also numeric text)", () => {
  yes("n|gt: 5", { n: 6 });
  no("n|gt: 5", { n: 5 });
  yes("n|gte: 5", { n: "5" });
  yes("n|lt: 5", { n: 4.5 });
  no("n|lte: 5", { n: 6 });
  no("n|gt: 5", { n: "many" });
  assert.throws(() => engineOf(ruleWith("n|gt: many")), /needs a number/);
});

test("time-part modifiers read UTC parts of epoch-ms or ISO times", () => {
  const t = Date.UTC(2026, 10, 22, 13, 45); // 2026-11-22 13:45 UTC, a Sunday of ISO week 47
  yes("ts|hour: 13", { ts: t });
  yes("ts|minute: 45", { ts: t });
  yes("ts|day: 22", { ts: "2026-11-22T13:45:00Z" });
  yes("ts|month: 11", { ts: t });
  yes("ts|year: 2026", { ts: t });
  yes("ts|week: 47", { ts: t });
  yes("ts|hour|gte: 12", { ts: t });
  no("ts|hour|lt: 12", { ts: t });
});

test("expand replaces %placeholders% from the configuration; unknown ones are errors", () => {
  const opts = { placeholders: { admins: ["root", "adm_*"] } };
  yes("user|expand: '%admins%'", { user: "adm_bob" }, opts);
  no("user|expand: '%admins%'", { user: "bob" }, opts);
  assert.throws(() => engineOf(ruleWith("user|expand: '%nope%'"), opts), /unknown placeholder %nope%.*known: admins/);
});

test("keyword lists search every value of the event, attributes included", () => {
  const rule = `title: k\nid: k1\nlogsource: {product: test}\ndetection:\n  keywords:\n    - 'ignore previous'\n    - jailbreak\n  condition: keywords\n`;
  const e = engineOf(rule);
  assert.ok(matches(e, { message: "please IGNORE PREVIOUS instructions" }));
  assert.ok(matches(e, { attributes: JSON.stringify({ nested: { text: "a jailbreak attempt" } }) }));
  assert.ok(!matches(e, { message: "ordinary text" }));
});

test("unknown and conflicting modifiers are reported, every one of them", () => {
  try {
    engineOf(ruleWith("a|contanis: x\nb|contains|startswith: y"));
    assert.fail("should throw");
  } catch (e) {
    assert.ok(e instanceof SigmaRuleError);
    assert.equal(e.issues.length, 2);
    assert.match(e.issues[0]?.message ?? "", /unknown modifier `contanis`/);
    assert.equal(e.issues[0]?.line, 6);
    assert.match(e.issues[1]?.message ?? "", /cannot be combined/);
    assert.equal(e.issues[1]?.line, 7);
  }
});

test("cidr reads only canonical dotted IPv4 text", () => {
  for (const ip of ["10.1.2.3", "10.0.0.0", "10.255.255.255"]) yes("ip|cidr: 10.0.0.0/8", { ip });
  for (const ip of ["010.1.2.3", "10.1.2", "10.1.2.3.4", "10.1.2.256", "10..1.2", " 10.1.2.3", "9.255.255.255"]) {
    no("ip|cidr: 10.0.0.0/8", { ip });
  }
  yes("ip|cidr: 0.0.0.0/0", { ip: "203.0.113.9" });
  yes("ip|cidr: 192.168.1.128/25", { ip: "192.168.1.200" });
  no("ip|cidr: 192.168.1.128/25", { ip: "192.168.1.100" });
});
