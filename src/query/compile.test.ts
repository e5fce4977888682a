// Robustness: random token soup and mutated valid queries either compile or fail with a query error; they never
// throw anything else (a crash would be a 500 from the API).
import assert from "node:assert/strict";
import { test } from "node:test";
import { InferWatchError } from "../core/errors.js";
import { mulberry32 } from "../core/random.js";
import { compile } from "./compile.js";
import { clickhouse } from "./sql/clickhouse.js";

const TOKENS = [
  "events",
  "dead_letters",
  "|",
  "where",
  "project",
  "project-away",
  "extend",
  "summarize",
  "by",
  "sort",
  "order",
  "top",
  "take",
  "count",
  "distinct",
  "join",
  "kind=inner",
  "kind=leftouter",
  "on",
  "union",
  "let",
  "render",
  "timechart",
  "=",
  "==",
  "!=",
  "<",
  ">",
  "=~",
  "!in",
  "in",
  "has",
  "!contains",
  "startswith",
  "matches",
  "regex",
  "between",
  "..",
  "(",
  ")",
  "[",
  "]",
  ",",
  ";",
  ".",
  "+",
  "-",
  "*",
  "/",
  "%",
  "and",
  "or",
  "not",
  "latency_ms",
  "model_name",
  "timestamp",
  "attributes",
  "k8s",
  "count()",
  "percentile(latency_ms, 99)",
  "percentiles(latency_ms, 50)",
  "bin(timestamp, 5m)",
  "ago(1h)",
  "now()",
  "iff(",
  "case(",
  "'x'",
  '"y"',
  "1",
  "0.5",
  "5m",
  "datetime(2026-01-10)",
  "$left.a",
  "$right.b",
  "null",
  "true",
  "*",
  "@'z'",
  "arg_max(timestamp, request_id)",
  "strcat(",
  "//",
];

const SEEDS = [
  'events | where model_name == "resnet" and latency_ms > 500 | summarize p99=percentile(latency_ms, 99) by bin(timestamp, 5m), model_version',
  "let t = events | take 10; t | join kind=leftouter (events | project request_id, x = 1) on request_id | render table",
  "union events, dead_letters | summarize count() by source_id | top 3 by count_",
];

function assertQueryErrorOrOk(text: string): void {
  for (const dialect of [undefined, clickhouse]) {
    try {
      compile(text, { nowMs: 0, ...(dialect ? { dialect } : {}) });
    } catch (e) {
      assert.ok(e instanceof InferWatchError, `${text}\nthrew ${(e as Error).stack}`);
      assert.match(e.code, /^query_/, text);
    }
  }
}

test("random token sequences never crash the compiler", () => {
  const rnd = mulberry32(7);
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(rnd() * 20);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(TOKENS[Math.floor(rnd() * TOKENS.length)] as string);
    assertQueryErrorOrOk(parts.join(rnd() < 0.8 ? " " : ""));
  }
});

test("cut, spliced and mutated valid queries never crash the compiler", () => {
  const rnd = mulberry32(11);
  for (let i = 0; i < 3000; i++) {
    const seed = SEEDS[i % SEEDS.length] as string;
    const a = Math.floor(rnd() * seed.length);
    const b = Math.floor(rnd() * seed.length);
    const other = SEEDS[Math.floor(rnd() * SEEDS.length)] as string;
    const variants = [
      seed.slice(0, a),
      seed.slice(0, a) + seed.slice(b),
      seed.slice(0, a) + other.slice(b % other.length),
      seed.slice(0, a) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + seed.slice(a),
    ];
    for (const v of variants) assertQueryErrorOrOk(v);
  }
});
