// Loki's protobuf push request (logproto.PushRequest), snappy block-compressed, decoded into plain streams.
import protobuf from "protobufjs";
import snappy from "snappy";
import { InferWatchError } from "../../core/errors.js";

/**
 * The wire schema, written from Loki's documented push format (field numbers of logproto's PushRequest,
 * StreamAdapter, EntryAdapter, LabelPairAdapter and google.protobuf.Timestamp); only what a push carries.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    logproto: {
      nested: {
        PushRequest: { fields: { streams: { rule: "repeated", type: "StreamAdapter", id: 1 } } },
        StreamAdapter: {
          fields: {
            labels: { type: "string", id: 1 },
            entries: { rule: "repeated", type: "EntryAdapter", id: 2 },
            hash: { type: "uint64", id: 3 },
          },
        },
        EntryAdapter: {
          fields: {
            timestamp: { type: "Timestamp", id: 1 },
            line: { type: "string", id: 2 },
            structuredMetadata: { rule: "repeated", type: "LabelPairAdapter", id: 3 },
          },
        },
        LabelPairAdapter: { fields: { name: { type: "string", id: 1 }, value: { type: "string", id: 2 } } },
        Timestamp: { fields: { seconds: { type: "int64", id: 1 }, nanos: { type: "int32", id: 2 } } },
      },
    },
  },
});
const PushRequest = root.lookupType("logproto.PushRequest");

/** One stream of a push, whichever encoding it came in: labels as text or parsed, entries with ns timestamps. */
export interface PushedEntry {
  /** Nanoseconds since the epoch, as a decimal string (exact). */
  readonly ns: string;
  readonly line: string;
  readonly metadata: Record<string, string>;
}

export interface PushedStream {
  readonly labels: string | Record<string, unknown>;
  readonly entries: readonly PushedEntry[];
}

/** The uncompressed length a snappy block announces in its leading varint, or null when it is malformed. */
function snappyLength(bytes: Buffer): number | null {
  let n = 0;
  for (let i = 0; i < 5 && i < bytes.length; i++) {
    const b = bytes[i] as number;
    n += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return n;
  }
  return null;
}

/** Decompresses a snappy block, refusing before any work when it would exceed `maxBytes`. */
export function unsnappy(body: Buffer, maxBytes: number): Buffer {
  const length = snappyLength(body);
  if (length === null) throw new InferWatchError("invalid_encoding", "body is not a snappy-compressed block");
  if (length > maxBytes) {
    throw new InferWatchError(
      "body_too_large",
      `decompressed body would be ${length} bytes, more than ${maxBytes} (limits.max_body_bytes)`,
    );
  }
  try {
    return snappy.uncompressSync(body, { asBuffer: true }) as Buffer;
  } catch (e) {
    throw new InferWatchError("invalid_encoding", `body is not valid snappy: ${(e as Error).message}`);
  }
}

interface WireEntry {
  timestamp?: { seconds?: string; nanos?: number };
  line?: string;
  structuredMetadata?: { name?: string; value?: string }[];
}

/** Decodes a snappy-compressed PushRequest. */
export function decodeProtoPush(body: Buffer, maxBytes: number): PushedStream[] {
  const bytes = unsnappy(body, maxBytes);
  let decoded: { streams?: { labels?: string; entries?: WireEntry[] }[] };
  try {
    decoded = PushRequest.toObject(PushRequest.decode(bytes), { longs: String, defaults: false }) as typeof decoded;
  } catch (e) {
    throw new InferWatchError("invalid_encoding", `body is not a Loki protobuf PushRequest: ${(e as Error).message}`);
  }
  return (decoded.streams ?? []).map((s) => ({
    labels: s.labels ?? "",
    entries: (s.entries ?? []).map((e) => {
      const seconds = BigInt(e.timestamp?.seconds ?? "0");
      const ns = seconds * 1_000_000_000n + BigInt(e.timestamp?.nanos ?? 0);
      const metadata: Record<string, string> = {};
      for (const p of e.structuredMetadata ?? []) if (p.name) metadata[p.name] = p.value ?? "";
      return { ns: ns.toString(), line: e.line ?? "", metadata };
    }),
  }));
}

/** Encodes a push request (for tests and benchmarks: the same bytes a Loki client sends). */
export function encodeProtoPush(
  streams: readonly { labels: string; entries: readonly { ms: number; line: string }[] }[],
): Buffer {
  const message = PushRequest.fromObject({
    streams: streams.map((s) => ({
      labels: s.labels,
      entries: s.entries.map((e) => ({
        timestamp: { seconds: Math.floor(e.ms / 1000), nanos: (e.ms % 1000) * 1_000_000 },
        line: e.line,
      })),
    })),
  });
  return snappy.compressSync(Buffer.from(PushRequest.encode(message).finish()));
}
