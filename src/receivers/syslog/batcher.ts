// Gathers syslog messages from every connection into ingest batches; holds them (and the senders) while the write
// queue is full, since syslog has no way to ask a sender to retry.
import { InferWatchError } from "../../core/errors.js";
import type { IngestItem } from "../../pipeline/body.js";
import type { IngestResult, IngestTarget } from "../../pipeline/ingest.js";
import type { Metrics } from "../../telemetry/metrics.js";

/** Where batches go (IngestService satisfies it). */
export interface SyslogSink {
  ingestItems(items: readonly IngestItem[], target: IngestTarget): Promise<IngestResult>;
}

export interface SyslogLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface BatcherOptions {
  readonly maxBatch: number;
  /** Above this many waiting messages TCP senders are paused (TCP flow control then holds them back). */
  readonly highWater: number;
  /** Above this many, UDP datagrams (which cannot be paused) are dropped and counted. */
  readonly hardCap: number;
  /** Batches handed to ingest at once (their parsing overlaps the previous batch's commit). Default 1. */
  readonly inFlight?: number;
}

const RECEIVER = "syslog";

export class SyslogBatcher {
  private queue: IngestItem[] = [];
  private running: Promise<void> | null = null;
  private drained: (() => void)[] = [];
  private droppedSinceWarning = 0;

  constructor(
    private readonly sink: SyslogSink,
    private readonly target: IngestTarget,
    private readonly metrics: Metrics,
    private readonly log: SyslogLog,
    private readonly options: BatcherOptions,
  ) {}

  /** Should TCP senders wait? */
  get full(): boolean {
    return this.queue.length >= this.options.highWater;
  }

  /** Queues a TCP message (never refused: the connection is paused instead, see `full`). */
  add(item: IngestItem): void {
    this.queue.push(item);
    this.kick();
  }

  /** Queues a UDP datagram, or drops it (counted and logged) when the queue is at its hard cap. */
  offer(item: IngestItem): boolean {
    if (this.queue.length >= this.options.hardCap) {
      this.metrics.receiverRequests.inc({ receiver: RECEIVER, outcome: "overloaded" });
      if (this.droppedSinceWarning++ === 0) {
        this.log.warn(
          `syslog: write queue full, dropping UDP messages (UDP has no backpressure; use TCP to avoid loss)`,
        );
      }
      return false;
    }
    this.add(item);
    return true;
  }

  /** Calls `cb` once the queue is below the high-water mark again. */
  onDrain(cb: () => void): void {
    if (!this.full) cb();
    else this.drained.push(cb);
  }

  /** Resolves when every queued message has been handed to ingest. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    // Let the messages of the same burst join this batch.
    await new Promise<void>((r) => setImmediate(r));
    const inFlight = new Set<Promise<void>>();
    const limit = this.options.inFlight ?? 1;
    while (this.queue.length > 0 || inFlight.size > 0) {
      while (this.queue.length > 0 && inFlight.size < limit) {
        const batch = this.queue.splice(0, this.options.maxBatch).map((item, i) => ({ ...item, line: i + 1 }));
        const sending: Promise<void> = this.send(batch).finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      await Promise.race(inFlight);
      if (!this.full) {
        const waiting = this.drained;
        this.drained = [];
        for (const cb of waiting) cb();
      }
    }
    if (this.droppedSinceWarning > 0) {
      this.log.warn(`syslog: ${this.droppedSinceWarning} UDP messages were dropped while the write queue was full`);
      this.droppedSinceWarning = 0;
    }
  }

  /** Sends one batch, waiting and retrying while the write queue is full. */
  private async send(batch: IngestItem[]): Promise<void> {
    let wait = 20;
    for (;;) {
      try {
        const r = await this.sink.ingestItems(batch, this.target);
        this.metrics.receiverEvents.inc({ receiver: RECEIVER }, r.accepted);
        this.metrics.receiverRequests.inc({ receiver: RECEIVER, outcome: "ok" }, batch.length - r.rejected);
        if (r.rejected > 0) this.metrics.receiverRequests.inc({ receiver: RECEIVER, outcome: "rejected" }, r.rejected);
        return;
      } catch (e) {
        if (e instanceof InferWatchError && e.code === "overloaded") {
          await new Promise((r) => setTimeout(r, wait));
          wait = Math.min(wait * 2, 1000);
          continue;
        }
        this.metrics.receiverRequests.inc({ receiver: RECEIVER, outcome: "error" }, batch.length);
        this.log.error(`syslog: ${batch.length} messages could not be stored: ${(e as Error).message}`);
        return;
      }
    }
  }
}
