// Group commit: batches from concurrent requests are merged into one storage transaction, and each caller is
// answered only once its rows are durable. A bounded queue turns overload into a clear, retryable refusal.
import type { WriteBatch } from "../core/batch.js";
import { InferWatchError } from "../core/errors.js";
import type { Metrics } from "../telemetry/metrics.js";

/** Where committed batches go; `EventStore` satisfies it. */
export interface BatchSink {
  write(batches: readonly WriteBatch[]): Promise<void>;
}

export interface WriterOptions {
  /** Rows (events + dead letters) allowed to wait; beyond it `submit` refuses with `overloaded`. */
  readonly maxQueueRows: number;
  /** Most rows merged into one transaction. */
  readonly maxBatchRows: number;
}

interface Pending {
  readonly batch: WriteBatch;
  readonly rows: number;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

function rowsOf(b: WriteBatch): number {
  return b.events.length + b.deadLetters.length + (b.idempotency ? 1 : 0) + (b.checkpoints?.length ?? 0);
}

export class BatchWriter {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly committed: ((batches: readonly WriteBatch[]) => void)[] = [];

  constructor(
    private readonly sink: BatchSink,
    private readonly options: WriterOptions,
    private readonly metrics: Metrics,
  ) {
    metrics.queueCapacityRows.set(options.maxQueueRows);
  }

  /**
   * Calls `listener` with the batches of every committed transaction, after commit (so event ids refer to stored
   * events). A listener must not block; one that throws is ignored, so it can never fail ingest.
   */
  onCommitted(listener: (batches: readonly WriteBatch[]) => void): void {
    this.committed.push(listener);
  }

  /** Rows waiting now. */
  get depth(): number {
    return this.queuedRows;
  }

  /** Would a batch of `rows` be refused right now? Lets callers answer 429 before doing the parsing work. */
  isFull(rows = 1): boolean {
    return this.queuedRows > 0 && this.queuedRows + rows > this.options.maxQueueRows;
  }

  /** Resolves once the batch is committed. Rejects with `overloaded` at once when the queue is full. */
  submit(batch: WriteBatch): Promise<void> {
    if (this.closed) return Promise.reject(new InferWatchError("unavailable", "InferWatch is shutting down"));
    const rows = rowsOf(batch);
    // An oversized batch is still taken when the queue is empty, or it could never be written.
    if (this.isFull(rows)) {
      this.metrics.overloads.inc();
      return Promise.reject(
        new InferWatchError("overloaded", `write queue is full (${this.queuedRows} rows waiting); retry shortly`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch, rows, resolve, reject });
      this.queuedRows += rows;
      this.metrics.queueRows.set(this.queuedRows);
      this.running ??= this.drainLoop().finally(() => {
        this.running = null;
      });
    });
  }

  private takeGroup(): Pending[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || rows + (this.queue[n] as Pending).rows <= this.options.maxBatchRows)) {
      rows += (this.queue[n] as Pending).rows;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async drainLoop(): Promise<void> {
    // Yield once so that requests arriving in the same tick join the first transaction.
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      await this.commit(group);
      for (const p of group) this.queuedRows -= p.rows;
      this.metrics.queueRows.set(this.queuedRows);
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    const rows = group.reduce((n, p) => n + p.rows, 0);
    const end = this.metrics.batchSeconds.startTimer();
    try {
      await this.sink.write(group.map((p) => p.batch));
      end();
      this.metrics.batchRows.observe(rows);
      for (const p of group) p.resolve();
      if (this.committed.length > 0) this.notify(group.map((p) => p.batch));
    } catch (e) {
      this.metrics.writeFailures.inc();
      if (group.length === 1) {
        (group[0] as Pending).reject(e);
        return;
      }
      // One bad batch must not fail its neighbours: retry each alone.
      for (const p of group) await this.commit([p]);
    }
  }

  private notify(batches: readonly WriteBatch[]): void {
    for (const l of this.committed) {
      try {
        l(batches);
      } catch {
        // a listener's failure is its own to report; the data is committed either way
      }
    }
  }

  /** Stops taking batches and waits until everything queued is committed. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running;
  }
}
