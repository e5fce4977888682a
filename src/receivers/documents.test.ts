// Shipper documents → ingest items: which field is the log line, flattening to ECS names, the index stays the source.
import assert from "node:assert/strict";
import { test } from "node:test";
import { documentItem, flatten } from "./documents.js";

const recognizer = { recognizes: (line: string) => line.startsWith("TS ") };
const options = { recognizer, format: "elasticsearch", receivedAt: 1_000 };

test("flatten turns nested objects into dotted names and leaves arrays and empty objects whole", () => {
  assert.deepEqual(flatten({ host: { name: "a", ip: ["1", "2"] }, tags: [], x: {}, log: { file: { path: "/p" } } }), {
    "host.name": "a",
    "host.ip": ["1", "2"],
    tags: [],
    x: {},
    "log.file.path": "/p",
  });
});

test("a recognized `message` (or Fluent Bit `log`) is the line; the rest is its envelope", () => {
  const item = documentItem({ "@timestamp": "t", message: "TS hello", host: { name: "h" } }, 3, "{raw}", options);
  assert.equal(item.text, "TS hello");
  assert.equal(item.value, undefined);
  assert.deepEqual(item.envelope, { format: "elasticsearch", record: { "@timestamp": "t", "host.name": "h" } });
  const fb = documentItem({ log: "TS from fluent bit" }, 4, "{raw}", options);
  assert.equal(fb.text, "TS from fluent bit");
  // No time anywhere: the receipt time fills in.
  assert.deepEqual(fb.envelope?.record, { timestamp: 1_000 });
});

test("an unrecognized document is the record itself, flattened; event.dataset moves to attributes", () => {
  const item = documentItem(
    { message: "free text", event: { dataset: "nginx.access" }, host: { name: "h" } },
    1,
    "{raw}",
    { ...options, extra: { event_id: "id-1" } },
  );
  assert.equal(item.text, "{raw}");
  assert.equal(item.format, "elasticsearch");
  assert.deepEqual(item.value, {
    message: "free text",
    "host.name": "h",
    attributes: { "event.dataset": "nginx.access" },
    timestamp: 1_000,
    event_id: "id-1",
  });
});

test("the document's own fields win over what the receiver adds", () => {
  const item = documentItem({ "@timestamp": "own", event: { id: "own-id" } }, 1, "{}", {
    ...options,
    extra: { event_id: "receiver-id", timestamp: 5 },
  });
  assert.deepEqual(item.value, { "@timestamp": "own", "event.id": "own-id" });
});
