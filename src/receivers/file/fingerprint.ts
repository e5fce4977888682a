// File identity for the follower: a host-qualified dev:inode id, and a hash of the first bytes to catch inode reuse.
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { hostname } from "node:os";

/** Bytes hashed for a fingerprint. Short enough to be cheap, long enough to tell rotated generations apart. */
export const HEAD_BYTES = 256;

/** Host-qualified so checkpoints from followers on different machines sharing one server never collide. */
export function fileIdOf(stats: { readonly dev: number; readonly ino: number }): string {
  return `${hostname()}:${stats.dev}:${stats.ino}`;
}

/**
 * The fingerprint of a file read up to `offset`: sha256 of its first min(HEAD_BYTES, offset) bytes. Capping at
 * `offset` makes it computable for any saved checkpoint, and it stops changing once the file passes HEAD_BYTES.
 */
export function fingerprintOf(head: Buffer, offset: number): string {
  const n = Math.min(HEAD_BYTES, offset);
  if (head.length < n) throw new RangeError(`fingerprint needs ${n} head bytes, have ${head.length}`);
  return createHash("sha256").update(head.subarray(0, n)).digest("hex");
}

/** Reads up to HEAD_BYTES from the start of the file (fewer when the file is shorter). */
export async function readHead(fh: FileHandle): Promise<Buffer> {
  const buf = Buffer.alloc(HEAD_BYTES);
  let filled = 0;
  while (filled < HEAD_BYTES) {
    const { bytesRead } = await fh.read(buf, filled, HEAD_BYTES - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buf.subarray(0, filled);
}
