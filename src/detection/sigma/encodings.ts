// Value transformations of Sigma modifiers: UTF-16 encodings, base64 and its three offsets, windash variants.

/** Text after an encoding step: `bytes` strings hold one byte per char (latin1), others are ordinary text. */
export interface Encoded {
  readonly text: string;
  readonly bytes: boolean;
}

function toBuffer(e: Encoded): Buffer {
  return e.bytes ? Buffer.from(e.text, "latin1") : Buffer.from(e.text, "utf8");
}

export function utf16(e: Encoded, kind: "utf16le" | "utf16be" | "utf16"): Encoded {
  const le = Buffer.from(e.bytes ? Buffer.from(e.text, "latin1").toString("utf8") : e.text, "utf16le");
  if (kind === "utf16le") return { text: le.toString("latin1"), bytes: true };
  const be = Buffer.from(le);
  be.swap16();
  if (kind === "utf16be") return { text: be.toString("latin1"), bytes: true };
  return { text: `\xff\xfe${le.toString("latin1")}`, bytes: true }; // with the little-endian byte-order mark
}

export function base64(e: Encoded): string {
  return toBuffer(e).toString("base64");
}

/**
 * The three base64 forms the value takes inside a longer base64 string, depending on its byte offset modulo 3:
 * encode after 0, 1 or 2 filler bytes, then drop the characters that depend on the filler or on what follows.
 */
export function base64Offsets(e: Encoded): string[] {
  const raw = toBuffer(e);
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), raw]);
    let enc = padded.toString("base64").replace(/=+$/, "");
    // leading chars covering filler bits: 0 → 0, 1 → 2, 2 → 3
    enc = enc.slice([0, 2, 3][shift]);
    // trailing chars that also depend on the following (unknown) byte
    const tail = (raw.length + shift) % 3;
    if (tail !== 0) enc = enc.slice(0, -1);
    if (enc) out.push(enc);
  }
  return out;
}

const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];
export const MAX_WINDASH_VARIANTS = 625;

/**
 * Every spelling of a command line with Windows option prefixes swapped: each `-` or `/` that starts an option
 * (start of text or after a non-word character, followed by a word character) may be any of `- / – — ―`.
 */
export function windashVariants(lit: string, atStart: boolean): string[] | undefined {
  const spots: number[] = [];
  for (let i = 0; i < lit.length; i++) {
    const c = lit[i] as string;
    if (c !== "-" && c !== "/") continue;
    const prev = i === 0 ? (atStart ? "" : " ") : (lit[i - 1] as string);
    const next = lit[i + 1] ?? "";
    if (!/\w/.test(prev) && /\w/.test(next)) spots.push(i);
  }
  if (DASHES.length ** spots.length > MAX_WINDASH_VARIANTS) return undefined;
  let variants = [""];
  let from = 0;
  for (const at of spots) {
    const chunk = lit.slice(from, at);
    variants = variants.flatMap((v) => DASHES.map((d) => v + chunk + d));
    from = at + 1;
  }
  const rest = lit.slice(from);
  return variants.map((v) => v + rest);
}
