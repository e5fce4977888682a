// CIDR membership for the `cidr` modifier: IPv4 by integer mask (hot path, no allocation), IPv6 through node's BlockList.
import { BlockList, isIP } from "node:net";

/** Dotted-quad IPv4 to an unsigned 32-bit integer, or -1 when the text is not one. */
export function ipv4ToInt(s: string): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // no leading zeros beyond a single 0, at most 3 digits per part
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return (n * 256 + part) >>> 0;
}

export type CidrTest = (ip: string) => boolean;

/** Compiles `a.b.c.d/len` or an IPv6 `addr/len`; undefined when the text is not a network. */
export function compileCidr(text: string): CidrTest | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const addr = m[1] as string;
  const prefix = Number(m[2]);
  const type = isIP(addr);
  if (type === 4) {
    if (prefix > 32) return undefined;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const net = (ipv4ToInt(addr) & mask) >>> 0;
    return (ip) => {
      const x = ipv4ToInt(ip);
      return x >= 0 && (x & mask) >>> 0 === net;
    };
  }
  if (type === 6) {
    if (prefix > 128) return undefined;
    const bl = new BlockList();
    bl.addSubnet(addr, prefix, "ipv6");
    return (ip) => ip.includes(":") && isIP(ip) === 6 && bl.check(ip, "ipv6");
  }
  return undefined;
}

/**
 * Text every member address starts with, for the index: the whole octets an IPv4 prefix fixes, with their dot
 * (`10.1.0.0/16` → `10.1.`). Addresses are matched only in canonical dotted form, so this is exact. "" otherwise.
 */
export function cidrTextPrefix(text: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return "";
  const octets = Math.min(3, Math.floor(Number(m[5]) / 8));
  if (octets === 0) return "";
  return `${[m[1], m[2], m[3]].slice(0, octets).map(Number).join(".")}.`;
}
