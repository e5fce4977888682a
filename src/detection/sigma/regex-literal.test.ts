import assert from "node:assert/strict";
import { test } from "node:test";
import { RE2JS } from "re2js";
import { requiredLiteral } from "./regex-literal.js";

test("required literals are found only where every match must contain them", () => {
  assert.equal(requiredLiteral("panic: .*worker 3"), "worker 3"); // the longest required run
  assert.equal(requiredLiteral("abc?def"), "def");
  assert.equal(requiredLiteral("x(abc)?yz"), "yz");
  assert.equal(requiredLiteral("ab+cdef"), "cdef");
  assert.equal(requiredLiteral("[abc]+hello\\.exe"), "hello.exe");
  assert.equal(requiredLiteral("a{2,3}bcd"), "bcd");
  assert.equal(requiredLiteral("\\d+\\s-enc\\w"), "-enc");
  assert.equal(requiredLiteral("foo|barbaz"), "");
  assert.equal(requiredLiteral("(?i)hello"), "");
});

test("on random strings, a regex never matches a value lacking its required literal", () => {
  const patterns = [
    "panic: .*worker 3",
    "abc?def",
    "x(abc)?yz",
    "ab+cdef",
    "[abc]+hello\\.exe",
    "a{2,3}bcd",
    "q\\d+\\s-enc\\w",
  ];
  const alphabet = "abcdefhlopqrxyz .:-3\t";
  let seed = 7;
  const rnd = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  for (const p of patterns) {
    const re = RE2JS.compile(p);
    const lit = requiredLiteral(p);
    const samples = [p.replace(/\\/g, ""), "xabcdefx", "aaabcd", "panic: the worker 3"];
    for (let i = 0; i < 3000; i++) {
      let s = "";
      const n = Math.floor(rnd() * 16);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      samples.push(s);
    }
    for (const s of samples)
      if (re.test(s)) assert.ok(s.includes(lit), `${p} matched ${JSON.stringify(s)} without "${lit}"`);
  }
});
