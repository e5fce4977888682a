// Loki push decoding: label strings, JSON and snappy-protobuf bodies, limits, and the items they become.
import assert from "node:assert/strict";
import { test } from "node:test";
import snappy from "snappy";
import { InferWatchError } from "../../core/errors.js";
import { parseLabels } from "./labels.js";
import { decodeJsonPush, pushItems } from "./push.js";
import { decodeProtoPush, encodeProtoPush, unsnappy } from "./push-proto.js";

test("label strings: escapes, spacing, and errors that name the problem", () => {
  assert.deepEqual(parseLabels('{job="api", host="gpu-1",msg="a \\"q\\" \\\\ \\n"}'), {
    job: "api",
    host: "gpu-1",
    msg: 'a "q" \\ \n',
  });
  assert.deepEqual(parseLabels("{}"), {});
  assert.match(String(parseLabels('job="x"')), /not of the form/);
  assert.match(String(parseLabels('{job="x" host="y"}')), /expected , or \} after label "job"/);
  assert.match(String(parseLabels('{job="x}')), /unterminated value of label "job"/);
  assert.match(String(parseLabels('{9job="x"}')), /invalid label name/);
  assert.match(String(parseLabels('{a="\\q"}')), /invalid escape/);
  const many = `{${Array.from({ length: 65 }, (_, i) => `l${i}="v"`).join(",")}}`;
  assert.match(String(parseLabels(many)), /more than 64 labels/);
});

test("protobuf and JSON pushes decode to the same entries, nanoseconds exact", () => {
  const proto = decodeProtoPush(
    encodeProtoPush([{ labels: '{job="a"}', entries: [{ ms: 1_763_800_000_123, line: "one" }] }]),
    1_000_000,
  );
  assert.deepEqual(proto, [
    { labels: '{job="a"}', entries: [{ ns: "1763800000123000000", line: "one", metadata: {} }] },
  ]);
  const json = decodeJsonPush(
    JSON.stringify({ streams: [{ stream: { job: "a" }, values: [["1763800000123000000", "one", { k: "v" }]] }] }),
  );
  assert.deepEqual(json, [
    { labels: { job: "a" }, entries: [{ ns: "1763800000123000000", line: "one", metadata: { k: "v" } }] },
  ]);
});

test("a snappy body announcing more than the limit is refused before it is decompressed", () => {
  const big = snappy.compressSync(Buffer.alloc(10_000, 0x61));
  assert.equal(unsnappy(big, 10_000).length, 10_000);
  assert.throws(
    () => unsnappy(big, 9_999),
    (e: unknown) => e instanceof InferWatchError && e.code === "body_too_large" && /10000 bytes/.test(e.message),
  );
  assert.throws(
    () => unsnappy(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 100),
    /not a snappy-compressed block/,
  );
});

test("JSON pushes that break the schema are refused with the offending path", () => {
  const bad: [unknown, RegExp][] = [
    [{}, /must be \{"streams"/],
    [{ streams: [{ values: [] }] }, /streams\[0\]\.stream must be an object/],
    [{ streams: [{ stream: {}, values: [["1"]] }] }, /values\[0\] must be/],
    [{ streams: [{ stream: {}, values: [["1", 2]] }] }, /values\[0\]\[1\] must be a string/],
    [{ streams: [{ stream: {}, values: [["1", "x", { a: 1 }]] }] }, /values\[0\]\[2\]\.a must be a string/],
  ];
  for (const [body, want] of bad) assert.throws(() => decodeJsonPush(JSON.stringify(body)), want);
});

test("items: one per entry, labels as attributes and known columns, level as severity when it is one", () => {
  const items = pushItems([
    {
      labels: { job: "api", host: "gpu-1", namespace: "ml", level: "warning" },
      entries: [{ ns: "1763800000123456789", line: "hello", metadata: { trace: "t1" } }],
    },
    { labels: '{level="verbose"}', entries: [{ ns: "1", line: "x", metadata: {} }] },
  ]);
  assert.equal(items.length, 2);
  assert.deepEqual(items[0], {
    line: 1,
    text: "hello",
    envelope: {
      format: "loki",
      record: {
        host_name: "gpu-1",
        k8s_namespace: "ml",
        severity: "warning",
        timestamp: 1_763_800_000_123,
        attributes: { job: "api", host: "gpu-1", namespace: "ml", level: "warning", trace: "t1" },
      },
    },
  });
  assert.equal(items[1]?.envelope?.record.severity, undefined, "an unknown level stays a label only");
});
