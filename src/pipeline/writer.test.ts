// Group commit and backpressure, with a sink whose commits the test releases by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { WriteBatch } from "../core/batch.js";
import { Metrics } from "../telemetry/metrics.js";
import { BatchWriter } from "./writer.js";

/** A sink that holds every commit until released, recording the groups it was given. */
class GatedSink {
  readonly groups: (readonly WriteBatch[])[] = [];
  private gates: (() => void)[] = [];
  failWhen: (b: WriteBatch) => boolean = () => false;
  write(batches: readonly WriteBatch[]): Promise<void> {
    this.groups.push(batches);
    return new Promise((resolve, reject) => {
      this.gates.push(() => (batches.some(this.failWhen) ? reject(new Error("boom")) : resolve()));
    });
  }
  /** Releases commits until the writer has nothing queued. */
  async releaseAll(writer: BatchWriter): Promise<void> {
    while (writer.depth > 0) {
      for (const g of this.gates.splice(0)) g();
      await new Promise((r) => setImmediate(r));
    }
  }
}

function batch(rows: number, tag = ""): WriteBatch {
  return { events: [], deadLetters: Array.from({ length: rows }, () => ({ tag }) as never) };
}

test("concurrent submissions share one transaction, in order", async () => {
  const sink = new GatedSink();
  const w = new BatchWriter(sink, { maxQueueRows: 100, maxBatchRows: 50 }, new Metrics());
  const done = [w.submit(batch(10)), w.submit(batch(10)), w.submit(batch(10))];
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(sink.groups.length, 1);
  assert.equal(sink.groups[0]?.length, 3);
  await sink.releaseAll(w);
  await Promise.all(done);
  assert.equal(w.depth, 0);
});

test("a full queue refuses with overloaded; an oversized batch is taken when the queue is empty", async () => {
  const sink = new GatedSink();
  const metrics = new Metrics();
  const w = new BatchWriter(sink, { maxQueueRows: 20, maxBatchRows: 50 }, metrics);
  const big = w.submit(batch(30));
  await assert.rejects(w.submit(batch(1)), (e: Error & { code?: string }) => e.code === "overloaded");
  assert.equal(w.isFull(), true);
  await sink.releaseAll(w);
  await big;
  assert.equal(w.isFull(), false);
  assert.match(await metrics.registry.metrics(), /inferwatch_ingest_overloaded_total 1/);
});

test("one failing batch does not fail the others committed with it", async () => {
  const sink = new GatedSink();
  sink.failWhen = (b) => (b.deadLetters[0] as unknown as { tag: string })?.tag === "bad";
  const w = new BatchWriter(sink, { maxQueueRows: 100, maxBatchRows: 100 }, new Metrics());
  const good1 = w.submit(batch(1, "good"));
  const bad = w.submit(batch(1, "bad"));
  const good2 = w.submit(batch(1, "good"));
  const settled = Promise.allSettled([good1, bad, good2]);
  await sink.releaseAll(w);
  assert.deepEqual(
    (await settled).map((s) => s.status),
    ["fulfilled", "rejected", "fulfilled"],
  );
});

test("close waits for queued work and then refuses new work", async () => {
  const sink = new GatedSink();
  const w = new BatchWriter(sink, { maxQueueRows: 100, maxBatchRows: 100 }, new Metrics());
  let committed = false;
  const p = w.submit(batch(5)).then(() => (committed = true));
  const closing = w.close();
  await sink.releaseAll(w);
  await closing;
  await p;
  assert.equal(committed, true);
  await assert.rejects(w.submit(batch(1)), (e: Error & { code?: string }) => e.code === "unavailable");
});

test("commit listeners see exactly the committed batches, after commit; a throwing listener fails nothing", async () => {
  const sink = new GatedSink();
  sink.failWhen = (b) => (b.deadLetters[0] as unknown as { tag: string } | undefined)?.tag === "bad";
  const w = new BatchWriter(sink, { maxQueueRows: 100, maxBatchRows: 50 }, new Metrics());
  const seen: string[] = [];
  w.onCommitted(() => {
    throw new Error("listener bug");
  });
  w.onCommitted((batches) => {
    for (const b of batches) seen.push((b.deadLetters[0] as unknown as { tag: string }).tag);
  });
  const good = w.submit(batch(1, "a"));
  const bad = w.submit(batch(1, "bad"));
  const good2 = w.submit(batch(1, "b"));
  const badRefused = assert.rejects(bad, /boom/);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [], "nothing is announced before the commit");
  await sink.releaseAll(w);
  await good;
  await good2;
  await badRefused;
  assert.deepEqual(seen.sort(), ["a", "b"]);
});
