// The renderers' time layouts agree with Date's own formatting, whatever order the times come in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mulberry32 } from "../../core/random.js";
import { glogTime, iso, log4j, nanos, vllmTime } from "./time.js";

test("iso() equals toISOString for ordered, repeated and shuffled times (its per-second cache never leaks)", () => {
  const rand = mulberry32(9);
  const times = [0, 5, 999, 1000, -1, 1795305601007, 1795305601999, 1795305602000, 1795305601100];
  for (let i = 0; i < 2000; i++) times.push(Math.floor(1795305600000 + rand() * 86_400_000));
  for (const t of times) assert.equal(iso(t), new Date(t).toISOString(), String(t));
});

test("log4j, vLLM, glog and OTLP nanosecond layouts", () => {
  const t = Date.UTC(2026, 10, 22, 3, 4, 5, 67);
  assert.equal(log4j(t), "2026-11-22T03:04:05,067");
  assert.equal(vllmTime(t), "11-22 03:04:05");
  assert.equal(glogTime(t), "1122 03:04:05.067000");
  assert.equal(nanos(t), `${t}000000`);
});
