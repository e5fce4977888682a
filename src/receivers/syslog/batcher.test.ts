// The syslog batcher: retries batches the write queue refuses, pauses TCP senders above the high-water mark, and
// drops (counting) UDP datagrams only beyond its hard cap. The sink here stands in for the ingest service.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InferWatchError } from "../../core/errors.js";
import type { IngestItem } from "../../pipeline/body.js";
import type { IngestResult } from "../../pipeline/ingest.js";
import { Metrics } from "../../telemetry/metrics.js";
import { SyslogBatcher } from "./batcher.js";

const item = (text: string): IngestItem => ({ line: 0, text });

function sink(refusals: number) {
  const stored: string[] = [];
  let refused = 0;
  return {
    stored,
    get refused() {
      return refused;
    },
    async ingestItems(items: readonly IngestItem[]): Promise<IngestResult> {
      if (refused < refusals) {
        refused++;
        throw new InferWatchError("overloaded", "write queue is full");
      }
      stored.push(...items.map((i) => i.text));
      return { accepted: items.length, rejected: 0, errors: [], errorsOmitted: 0, formats: {} };
    },
  };
}

const counter = async (m: Metrics, outcome: string) =>
  (await m.receiverRequests.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

test("refused batches are retried until stored, in order, each message once", async () => {
  const s = sink(3);
  const metrics = new Metrics();
  const b = new SyslogBatcher(
    s,
    { sourceId: "syslog", format: "auto" },
    metrics,
    { warn() {}, error() {} },
    {
      maxBatch: 2,
      highWater: 3,
      hardCap: 10,
    },
  );
  for (let i = 0; i < 5; i++) b.add(item(`m${i}`));
  assert.equal(b.full, true, "above the high-water mark TCP senders must wait");
  let resumed = false;
  b.onDrain(() => {
    resumed = true;
  });
  await b.flush();
  assert.equal(s.refused, 3);
  assert.deepEqual(s.stored, ["m0", "m1", "m2", "m3", "m4"]);
  assert.equal(resumed, true, "paused senders are resumed once the queue drains");
  assert.equal(await counter(metrics, "ok"), 5);
});

test("UDP datagrams beyond the hard cap are dropped and counted, never silently", async () => {
  const warnings: string[] = [];
  const metrics = new Metrics();
  const b = new SyslogBatcher(
    sink(0),
    { sourceId: "syslog", format: "auto" },
    metrics,
    { warn: (m) => warnings.push(m), error() {} },
    { maxBatch: 100, highWater: 2, hardCap: 3 },
  );
  const taken = [1, 2, 3, 4, 5].map((i) => b.offer(item(`d${i}`)));
  assert.deepEqual(taken, [true, true, true, false, false]);
  assert.equal(await counter(metrics, "overloaded"), 2);
  await b.flush();
  assert.match(warnings.join("\n"), /dropping UDP messages/);
  assert.match(warnings.join("\n"), /2 UDP messages were dropped/);
});

test("with several batches in flight every message is still stored exactly once", async () => {
  const s = sink(5);
  const b = new SyslogBatcher(
    s,
    { sourceId: "syslog", format: "auto" },
    new Metrics(),
    { warn() {}, error() {} },
    {
      maxBatch: 3,
      highWater: 100,
      hardCap: 100,
      inFlight: 4,
    },
  );
  const sent = Array.from({ length: 40 }, (_, i) => `m${i}`);
  for (const t of sent) b.add(item(t));
  await b.flush();
  assert.deepEqual([...s.stored].sort(), [...sent].sort());
});
