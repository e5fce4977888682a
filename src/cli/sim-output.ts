// Where `inferwatch simulate` puts what it generates: a directory (one file per stream), stdout, or a server.
import { closeSync, mkdirSync, openSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Simulation } from "../sim/engine.js";
import type { StreamKey } from "../sim/events.js";
import { streamId } from "../sim/events.js";
import { renderNormalized, renderReal } from "../sim/render/index.js";
import type { ServerClient } from "./client.js";

/** Receives rendered lines per stream; `flush` may wait (a server's backpressure). */
export interface SimSink {
  write(stream: StreamKey, text: string, lines: number): void;
  /** Sends what is buffered: everything when `force` (pacing), else only full batches. */
  flush(referenceTime: number, force: boolean): Promise<void>;
  close(referenceTime: number): Promise<SimSinkSummary>;
}

export interface StreamSummary {
  readonly format: string;
  readonly source: string;
  readonly path?: string;
  readonly lines: number;
  /** Simulated events (a KServe event is two lines; an Evidently report one line but several stored events). */
  readonly events: number;
}

export interface SimSinkSummary {
  readonly streams: StreamSummary[];
  readonly accepted?: number;
  readonly rejected?: number;
}

/** Bytes buffered per file before a write: large writes keep generation, not I/O, the bottleneck. */
const FILE_BUFFER = 1 << 20;

interface FileState {
  readonly key: StreamKey;
  readonly path: string;
  readonly fd: number;
  /** UTF-8 bytes waiting to be written: text is encoded straight into it, one copy instead of join + encode. */
  readonly buffer: Buffer;
  used: number;
  lines: number;
  events: number;
}

/**
 * Real formats: `DIR/<format>/<source>` (no extension, so `inferwatch ingest` names the source after the file);
 * normalized: `DIR/events.ndjson`. Files get the simulation's end as their modification time, which is how
 * `inferwatch ingest` dates the year-less formats (vLLM, Triton).
 */
export function directorySink(dir: string, normalized: boolean): SimSink {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, FileState>();
  const fileFor = (key: StreamKey): FileState => {
    const id = normalized ? "normalized" : streamId(key);
    let f = files.get(id);
    if (!f) {
      const path = normalized ? join(dir, "events.ndjson") : join(dir, key.format, key.source);
      if (!normalized) mkdirSync(join(dir, key.format), { recursive: true });
      f = { key, path, fd: openSync(path, "w"), buffer: Buffer.allocUnsafe(FILE_BUFFER), used: 0, lines: 0, events: 0 };
      files.set(id, f);
    }
    return f;
  };
  const drain = (f: FileState): void => {
    let off = 0;
    while (off < f.used) off += writeSync(f.fd, f.buffer, off, f.used - off);
    f.used = 0;
  };
  return {
    write(key, text, lines) {
      const f = fileFor(key);
      f.lines += lines;
      f.events += 1;
      // A UTF-16 unit is at most 3 UTF-8 bytes: make sure the line fits before encoding it in place.
      if (f.used + text.length * 3 + 1 > FILE_BUFFER) drain(f);
      if (text.length * 3 + 1 > FILE_BUFFER) {
        writeSync(f.fd, `${text}\n`);
        return;
      }
      f.used += f.buffer.write(text, f.used);
      f.buffer[f.used++] = 10;
    },
    async flush() {},
    async close(referenceTime) {
      const streams: StreamSummary[] = [];
      for (const f of files.values()) {
        drain(f);
        closeSync(f.fd);
        utimesSync(f.path, referenceTime / 1000, referenceTime / 1000);
        streams.push({
          format: normalized ? "json" : f.key.format,
          source: normalized ? "(per event)" : f.key.source,
          path: f.path,
          lines: f.lines,
          events: f.events,
        });
      }
      return { streams };
    },
  };
}

export function writeManifest(dir: string, manifest: unknown): void {
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Everything interleaved in time order on stdout. */
export function stdoutSink(): SimSink {
  let chunks: string[] = [];
  let size = 0;
  const counts = new Map<string, StreamSummary>();
  const drain = async (): Promise<void> => {
    if (chunks.length === 0) return;
    const text = chunks.join("");
    chunks = [];
    size = 0;
    if (!process.stdout.write(text)) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
  };
  return {
    write(key, text, lines) {
      chunks.push(text, "\n");
      size += text.length + 1;
      const id = streamId(key);
      const c = counts.get(id);
      counts.set(id, {
        format: key.format,
        source: key.source,
        lines: (c?.lines ?? 0) + lines,
        events: (c?.events ?? 0) + 1,
      });
      if (size >= FILE_BUFFER) void drain();
    },
    flush: drain,
    async close() {
      await drain();
      return { streams: [...counts.values()] };
    },
  };
}

/** Lines per request: large enough to be cheap, small enough that a 429 retry resends little. */
const BATCH_LINES = 2000;

/**
 * POSTs each stream's lines to /api/v1/ingest with its `format` and `source`. The client retries 429/503 after
 * Retry-After with the same idempotency key, so backpressure slows the simulation instead of losing lines.
 */
export function serverSink(client: ServerClient, normalized: boolean): SimSink {
  const pending = new Map<string, { key: StreamKey; lines: string[] }>();
  const counts = new Map<string, StreamSummary>();
  let accepted = 0;
  let rejected = 0;
  const send = async (key: StreamKey, lines: string[], referenceTime: number): Promise<void> => {
    const reply = await client.ingest(lines.join("\n"), {
      source: normalized ? "simulator" : key.source,
      format: normalized ? "json" : key.format,
      referenceTime,
    });
    accepted += reply.accepted;
    rejected += reply.rejected;
  };
  // Streams are sent side by side (their commits overlap on the server); each stream's batches stay in order.
  const flushAll = async (referenceTime: number, min: number): Promise<void> => {
    const sends: Promise<void>[] = [];
    for (const p of pending.values()) {
      if (p.lines.length === 0 || p.lines.length < min) continue;
      const lines = p.lines;
      p.lines = [];
      sends.push(
        (async () => {
          // At most BATCH_LINES per request, however much one tick produced (bodies stay far below the limit).
          for (let i = 0; i < lines.length; i += BATCH_LINES) {
            await send(p.key, lines.slice(i, i + BATCH_LINES), referenceTime);
          }
        })(),
      );
    }
    await Promise.all(sends);
  };
  let lastTime = 0;
  return {
    write(key, text, lines) {
      const id = normalized ? "normalized" : streamId(key);
      let p = pending.get(id);
      if (!p) {
        p = { key, lines: [] };
        pending.set(id, p);
      }
      p.lines.push(text);
      const c = counts.get(streamId(key));
      counts.set(streamId(key), {
        format: key.format,
        source: key.source,
        lines: (c?.lines ?? 0) + lines,
        events: (c?.events ?? 0) + 1,
      });
    },
    async flush(referenceTime, force) {
      lastTime = referenceTime;
      await flushAll(referenceTime, force ? 1 : BATCH_LINES);
    },
    async close(referenceTime) {
      await flushAll(Math.max(referenceTime, lastTime), 1);
      return { streams: [...counts.values()], accepted, rejected };
    },
  };
}

export interface PumpOptions {
  readonly normalized: boolean;
  /** Simulated time per real time (streaming); undefined: as fast as possible. */
  readonly speed?: number;
  /** Most events per real second (streaming). */
  readonly rate?: number;
  /** Stops the simulation early (the demo's Ctrl-C); what was generated is still flushed by the sink's close. */
  readonly signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Longest time buffered lines wait when pacing falls behind. */
const FLUSH_MS = 250;

/** Renders every tick of `sim` into `sink`, pacing when asked; returns the number of events. */
export async function pump(sim: Simulation, start: number, sink: SimSink, o: PumpOptions): Promise<number> {
  const paced = o.speed !== undefined || o.rate !== undefined;
  const render = o.normalized ? renderNormalized : renderReal;
  const began = performance.now();
  let lastFlush = began;
  let events = 0;
  for (const tick of sim.ticks()) {
    if (o.signal?.aborted) break;
    for (const e of tick.events) {
      // A KServe event is two lines (request and response).
      sink.write(e.stream, render(e), o.normalized || e.stream.format !== "kserve-payload" ? 1 : 2);
    }
    events += tick.events.length;
    if (!paced) {
      await sink.flush(tick.end, false);
      continue;
    }
    // Real time must catch up with both limits: simulated time / speed, and events / rate. Ahead of them, send
    // what is buffered and wait; behind, send at most every FLUSH_MS so request overhead does not set the pace.
    const due = Math.max(o.speed ? (tick.end - start) / o.speed : 0, o.rate ? (events / o.rate) * 1000 : 0);
    const now = performance.now();
    if (due > now - began || now - lastFlush >= FLUSH_MS) {
      await sink.flush(tick.end, true);
      lastFlush = performance.now();
    } else {
      await sink.flush(tick.end, false);
    }
    const wait = due - (performance.now() - began);
    if (wait > 0) await sleep(wait);
  }
  return events;
}
