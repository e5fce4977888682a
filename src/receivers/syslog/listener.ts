// The syslog listeners: UDP datagrams and TCP streams (octet-counting or newline framing) into the ingest pipeline.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket } from "node:net";
import type { IngestItem } from "../../pipeline/body.js";
import { checkSourceName } from "../../pipeline/ingest.js";
import type { Metrics } from "../../telemetry/metrics.js";
import { SyslogBatcher, type SyslogLog, type SyslogSink } from "./batcher.js";
import { SyslogFramer } from "./framing.js";
import { SYSLOG_FORMAT, syslogItem } from "./items.js";

export interface SyslogOptions {
  readonly host: string;
  /** 0 picks a free port; null turns the transport off. */
  readonly udpPort: number | null;
  readonly tcpPort: number | null;
  readonly sourceId: string;
  /** Longest message accepted (`limits.max_line_bytes`); longer ones are dead-lettered, cut to this length. */
  readonly maxMessageBytes: number;
  /** Zone of RFC 3164 times (they carry none). */
  readonly timeZone: string;
}

export interface SyslogListener {
  /** Bound ports (null when that transport is off). */
  readonly udpPort: number | null;
  readonly tcpPort: number | null;
  /** Stops listening, closes connections, and waits until every message received so far is stored. */
  close(): Promise<void>;
}

const MAX_CONNECTIONS = 1000;

export async function startSyslog(
  options: SyslogOptions,
  sink: SyslogSink,
  metrics: Metrics,
  log: SyslogLog,
): Promise<SyslogListener> {
  checkSourceName(options.sourceId);
  const batcher = new SyslogBatcher(sink, { sourceId: options.sourceId, format: "auto" }, metrics, log, {
    maxBatch: 1000,
    highWater: 2000,
    hardCap: 20_000,
    inFlight: 4,
  });
  const item = (text: string): IngestItem =>
    syslogItem(text, 0, { timeZone: options.timeZone, receivedAt: Date.now() });
  const tooLong = (text: string, bytes: number): IngestItem => ({
    line: 0,
    text,
    read: {
      format: SYSLOG_FORMAT,
      result: {
        ok: false,
        code: "line_too_long",
        message: `syslog message of ${bytes} bytes is longer than ${options.maxMessageBytes} (limits.max_line_bytes)`,
      },
    },
  });

  let udp: UdpSocket | null = null;
  let udpPort: number | null = null;
  if (options.udpPort !== null) {
    const socket = createSocket(options.host.includes(":") ? "udp6" : "udp4");
    socket.on("message", (msg) => {
      // One datagram is one message (RFC 5426); a trailing newline some senders add is not part of it.
      let end = msg.length;
      while (end > 0 && (msg[end - 1] === 0x0a || msg[end - 1] === 0x0d || msg[end - 1] === 0)) end--;
      if (end === 0) return;
      const body = msg.subarray(0, end);
      batcher.offer(
        end > options.maxMessageBytes
          ? tooLong(body.subarray(0, options.maxMessageBytes).toString("utf8"), end)
          : item(body.toString("utf8")),
      );
    });
    socket.on("error", (e) => log.error(`syslog UDP: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(options.udpPort as number, options.host, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    udp = socket;
    udpPort = socket.address().port;
  }

  let tcp: Server | null = null;
  let tcpPort: number | null = null;
  const connections = new Set<Socket>();
  if (options.tcpPort !== null) {
    const server = createServer((conn) => {
      connections.add(conn);
      const framer = new SyslogFramer(options.maxMessageBytes);
      const take = (frames: ReturnType<SyslogFramer["push"]>) => {
        for (const f of frames) batcher.add(f.tooLong ? tooLong(f.text, f.bytes) : item(f.text));
      };
      conn.on("data", (chunk: Buffer) => {
        take(framer.push(chunk));
        // TCP flow control is the backpressure: stop reading until the queue drains.
        if (batcher.full) {
          conn.pause();
          batcher.onDrain(() => conn.resume());
        }
      });
      conn.on("end", () => take(framer.end()));
      conn.on("close", () => connections.delete(conn));
      conn.on("error", (e) => log.warn(`syslog TCP connection: ${e.message}`));
    });
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.tcpPort as number, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    tcp = server;
    const address = server.address();
    tcpPort = typeof address === "object" && address !== null ? address.port : null;
  }

  return {
    udpPort,
    tcpPort,
    async close() {
      const closing: Promise<unknown>[] = [];
      if (udp) {
        const u = udp;
        closing.push(new Promise<void>((r) => u.close(() => r())));
      }
      if (tcp) {
        const t = tcp;
        closing.push(new Promise<void>((r) => t.close(() => r())));
        // What was read is already queued; a sender still connected gets a reset (syslog has no goodbye).
        for (const c of connections) c.destroy();
      }
      await Promise.all(closing);
      await batcher.flush();
    },
  };
}
