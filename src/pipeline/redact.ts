// Privacy at ingest: masks, hashes or drops the sensitive fields of each normalized event before it is stored.
import { createHmac } from "node:crypto";
import type { Config } from "../config/schema.js";
import type { InferEvent } from "../core/fields.js";

export type RedactionSettings = Config["redaction"];
export type RedactionAction = RedactionSettings["prompt"];
export type RedactionClass = Exclude<keyof RedactionSettings, "hash_key">;

/** The columns each class of the policy covers. */
export const REDACTION_CLASSES = {
  prompt: ["prompt_text"],
  response: ["response_text"],
  message: ["message"],
  user: ["user_id", "session_id"],
  ip: ["client_ip"],
} as const satisfies Record<RedactionClass, readonly (keyof InferEvent)[]>;

/** Classes holding free text: when such a value must go, a copy in `raw` that cannot be found clears `raw`. */
const TEXT_CLASSES: ReadonlySet<RedactionClass> = new Set(["prompt", "response", "message"]);

export const MIN_HASH_KEY_LENGTH = 16;
export const REDACTED = "[REDACTED]";

export interface RedactionPolicy {
  /** The event with its sensitive fields, and their copies in `raw` and `attributes`, redacted. */
  apply(event: InferEvent): InferEvent;
  /** Pattern masking of free text (what `mask` does). */
  maskText(text: string): string;
  /**
   * A rejected line as it may be kept in `dead_letters`: pattern-masked whenever the policy masks any text class,
   * since nothing in a line that failed to parse can be told apart as prompt, user or message.
   */
  redactRejected(text: string): string;
}

// ------------------------------------------------------------------------------------------------ patterns
//
// Every pattern runs in time linear in the text (V8's engine backtracks, so this is by construction, not luck):
// - no nested quantifiers: each repeated group consumes exactly one character of a class its separator lacks, so
//   a stretch of text can be split into repetitions in one way only;
// - every quantifier is bounded, so a failed attempt backtracks at most a constant number of steps;
// - every pattern checks, right after its first character, that the character before is not one of its own, so
//   in a long run of, say, letters only the run's first position is ever tried. (Testing the first character
//   before the look-behind lets V8 skip quickly to candidate positions: several times faster than look-behind first.)
// A match may also start right after a JSON escape (`\n`, `\t`...), so a secret that opens a line of a prompt is
// still found in the JSON text of `raw`; the backslash itself counts as one of the pattern's characters, so a match
// never swallows the escape's letter (which would leave a broken `\[EMAIL]` behind).

/**
 * `first` (one character or class), where the character before it is not in `cls` nor a backslash, or is the
 * letter of a `\n`-style escape.
 */
function start(first: string, cls: string): string {
  return `${first}(?:(?<![\\\\${cls}]${first})|(?<=\\\\[nrtbf]${first}))`;
}

/** A literal word in any letter case, without the `i` flag (which would loosen the other patterns); `_` is `[_-]?`. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`).replace(/_/g, "[_-]?");
}

/** Key names whose value is a credential (`api_key=...`, `"password": "..."`). */
const SECRET_KEYS = [
  "api_key",
  "access_token",
  "auth_token",
  "refresh_token",
  "client_secret",
  "secret_key",
  "secret",
  "password",
  "passwd",
  "token",
].map((k) => `${start(anyCase(k.slice(0, 1)), "A-Za-z0-9")}${anyCase(k.slice(1))}`);

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;

const PATTERNS: Readonly<Record<string, string>> = {
  // Three base64url segments, the first two JSON objects (`eyJ` is `{"`); the classes lack the dot, so each
  // segment can end in one place only.
  jwt: `${start("e", "A-Za-z0-9_-")}yJ[A-Za-z0-9_-]{1,8192}\\.eyJ[A-Za-z0-9_-]{1,8192}\\.[A-Za-z0-9_-]{0,8192}`,
  // RFC 6750 b64token; the word is kept so the log still says what was there.
  bearer: `(?<bearerWord>${start("[Bb]", "A-Za-z0-9")}[Ee][Aa][Rr][Ee][Rr][ \\t]{1,4})(?<bearerToken>[A-Za-z0-9._~+/-]{8,4096}={0,4})`,
  // OpenAI `sk-...` and `sk-proj-...`, Anthropic `sk-ant-...`.
  sk: `${start("s", "A-Za-z0-9_-")}k-[A-Za-z0-9_-]{20,512}`,
  aws: `${start("A", "A-Za-z0-9")}(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])`,
  github: `${start("g", "A-Za-z0-9_")}(?:h[pousr]_[A-Za-z0-9]{36,255}|ithub_pat_[A-Za-z0-9_]{22,255})`,
  slack: `${start("x", "A-Za-z0-9-")}ox[abposr]-[A-Za-z0-9-]{10,255}`,
  // `key = value` forms; the value class stops at quotes, separators and backslashes, so JSON stays well formed.
  keyed: `(?<keyedName>(?:${SECRET_KEYS.join("|")})["']?[ \\t]{0,3}[=:][ \\t]{0,3}["']?)(?<keyedValue>[^\\s"'&,;<>{}\\\\]{4,512})`,
  // Anchored on the `@` (rare) rather than on the local part (any word): the local part, up to 64 characters of
  // EMAIL_LOCAL, is found by scanning back in code. Labels lack the dot, so `(label.){1,8}` splits one way.
  email: `@(?<=[A-Za-z0-9._%+-]@)(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}`,
  // 13-19 digits with single space/dash separators; a separator is never a digit, so repetitions split one way.
  // Leading 2-6 (the issuers' ranges) spares epoch times, which start with 1 until 2033; Luhn is checked in code.
  card: `${start("[2-6]", "0-9A-Za-z.")}(?:[ -]?[0-9]){12,18}(?![0-9A-Za-z])`,
  // E.164-style: `+`, then 7-15 digits with at most two separators (space . - parentheses) between digits.
  intlPhone: `${start("\\+", "0-9A-Za-z+")}[1-9](?:[ .()-]{0,2}[0-9]){6,14}(?![0-9])`,
  // North American numbers written with separators, so bare numbers (latencies, ids) never qualify.
  nanpPhone: `(?:${start("\\(", "0-9A-Za-z+.-")}[2-9][0-9]{2}\\)[ .-]?|${start("[2-9]", "0-9A-Za-z+.-")}[0-9]{2}[ .-])[0-9]{3}[ .-][0-9]{4}(?![0-9A-Za-z-])`,
};

const SECRET_NAMES: ReadonlySet<string> = new Set(["jwt", "sk", "aws", "github", "slack"]);
const PHONE_NAMES: ReadonlySet<string> = new Set(["intlPhone", "nanpPhone"]);

/** One pass over the text finds every kind: an alternation of named groups, earliest match wins. */
const MASK = new RegExp(
  Object.entries(PATTERNS)
    .map(([name, source]) => `(?<${name}>${source})`)
    .join("|"),
  "g",
);

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * A card number's span in a matched digit run: the whole run, or its longest prefix of 13+ digits ending before a
 * separator that passes Luhn (`4111 1111 1111 1111 202` is a card followed by something else). -1 when none.
 */
function cardLength(run: string): number {
  let digits = "";
  const ends: { length: number; digits: string }[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run[i] as string;
    if (c >= "0" && c <= "9") {
      digits += c;
      const next = run[i + 1];
      if (digits.length >= 13 && (next === undefined || next === " " || next === "-")) {
        ends.push({ length: i + 1, digits });
      }
    }
  }
  for (let k = ends.length - 1; k >= 0; k--) {
    const e = ends[k] as { length: number; digits: string };
    if (luhnValid(e.digits)) return e.length;
  }
  return -1;
}

/** What replaces one match; the match itself when it turns out not to be sensitive. */
function replacement(m: RegExpExecArray): string {
  const g = m.groups ?? {};
  const text = m[0];
  if (g.card !== undefined) {
    const n = cardLength(text);
    return n < 0 ? text : `[CARD]${text.slice(n)}`;
  }
  if (g.bearerWord !== undefined) {
    const token = g.bearerToken ?? "";
    // Prose ("the bearer instruments") has no digit or symbol; real tokens do.
    return /[0-9._~+/=-]/.test(token) ? `${g.bearerWord}[SECRET]` : text;
  }
  if (g.keyedName !== undefined) {
    // `max_token: 4096` names a number, not a credential.
    return /^[0-9.]+$/.test(g.keyedValue ?? "") ? text : `${g.keyedName}[SECRET]`;
  }
  for (const name of PHONE_NAMES) if (g[name] !== undefined) return "[PHONE]";
  for (const name of SECRET_NAMES) if (g[name] !== undefined) return "[SECRET]";
  return text;
}

/**
 * Where the local part of the e-mail whose `@` is at `at` begins: up to 64 EMAIL_LOCAL characters back, not before
 * `floor` (the end of the previous replacement) and not on the letter of a JSON escape.
 */
function emailStart(text: string, at: number, floor: number): number {
  let i = at;
  while (i > floor && at - i < 64 && EMAIL_LOCAL.test(text[i - 1] as string)) i--;
  if (i > 0 && text[i - 1] === "\\" && /[nrtbf]/.test(text[i] as string) && i + 1 < at) i++;
  return i;
}

/** Replaces e-mails, phone numbers, Luhn-valid card numbers and credentials inside `text`. */
export function maskText(text: string): string {
  let out = "";
  let last = 0;
  MASK.lastIndex = 0;
  for (let m = MASK.exec(text); m !== null; m = MASK.exec(text)) {
    const email = m.groups?.email !== undefined;
    const from = email ? emailStart(text, m.index, last) : m.index;
    const r = email ? "[EMAIL]" : replacement(m);
    if (email || r !== m[0]) {
      out += text.slice(last, from) + r;
      last = m.index + m[0].length;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Whether `text` has anything `maskText` would look at more closely (a cheap pre-check for attributes). */
function mayNeedMask(text: string): boolean {
  MASK.lastIndex = 0;
  const hit = MASK.test(text);
  MASK.lastIndex = 0;
  return hit;
}

// ------------------------------------------------------------------------------------------------ values

/** The network part of an address: /24 for IPv4, /48 for IPv6; null when `ip` is not an address. */
export function maskIp(ip: string): string | null {
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}(?::\d{1,5})?$/.exec(ip);
  if (v4) return `${v4[1]}.0`;
  const bare = ip.replace(/^\[|\](?::\d{1,5})?$/g, "").replace(/%.*$/, "");
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(bare) || !bare.includes(":")) return null;
  const halves = bare.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] === "" ? [] : (halves[0] as string).split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? (halves[1] as string).split(":") : [];
  const groups =
    halves.length === 2
      ? [...head, ...new Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail]
      : head;
  if (groups.length < 3) return null;
  return `${groups
    .slice(0, 3)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::`;
}

const WORD = /[A-Za-z0-9_]/;

function isWordAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && WORD.test(text[i] as string);
}

/** Candidate occurrences examined per needle: bounds the work on pathological, highly repetitive text. */
const MAX_CANDIDATES = 100_000;

/**
 * Replaces occurrences of `needle` that stand as a whole token (not inside a longer word: user `7` must not turn
 * every 7 of the line into a hash). Returns null when the search gave up (see MAX_CANDIDATES).
 */
function replaceToken(text: string, needle: string, by: string): { text: string; found: boolean } | null {
  const wordStart = isWordAt(needle, 0);
  const wordEnd = isWordAt(needle, needle.length - 1);
  let out = "";
  let last = 0;
  let found = false;
  let candidates = 0;
  for (let i = text.indexOf(needle); i >= 0; ) {
    if (++candidates > MAX_CANDIDATES) return null;
    const end = i + needle.length;
    if ((!wordStart || !isWordAt(text, i - 1)) && (!wordEnd || !isWordAt(text, end))) {
      out += text.slice(last, i) + by;
      last = end;
      found = true;
      i = text.indexOf(needle, end);
      continue;
    }
    // No later position inside this run of word characters can start a whole-token match of a word-led needle.
    let next = i + 1;
    if (wordStart) while (isWordAt(text, next)) next++;
    i = text.indexOf(needle, next);
  }
  return found ? { text: out + text.slice(last), found } : { text, found };
}

/** How a value may be spelled inside the JSON text of a line: as is, JSON-escaped, and ASCII-escaped (Python's default). */
function spellings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matches every non-ASCII code unit on purpose.
  const ascii = json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [...new Set([value, json, ascii])];
}

interface Swap {
  readonly from: string;
  readonly to: string;
  /** A free-text value: if no copy of it is found in `raw`, `raw` cannot be shown clean and is cleared. */
  readonly mustFind: boolean;
}

/** Applies the swaps to one text; null when a must-find value could not be located (or the search gave up). */
function swapIn(text: string, swaps: readonly Swap[], enforce: boolean): string | null {
  let out = text;
  for (const s of swaps) {
    let found = false;
    for (const spelling of spellings(s.from)) {
      const r = replaceToken(out, spelling, s.to);
      if (r === null) {
        if (enforce && s.mustFind) return null;
        continue;
      }
      out = r.text;
      found ||= r.found;
    }
    if (enforce && s.mustFind && !found) return null;
  }
  return out;
}

function redactJson(value: unknown, text: (s: string) => string, masking: boolean): unknown {
  if (typeof value === "string") return text(value);
  if (typeof value === "number" && masking && Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value));
    return /^[2-6]\d{12,18}$/.test(digits) && luhnValid(digits) ? "[CARD]" : value;
  }
  if (Array.isArray(value)) return value.map((v) => redactJson(v, text, masking));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactJson(v, text, masking);
    return out;
  }
  return value;
}

// ------------------------------------------------------------------------------------------------ policy

/**
 * Compiles the `redaction` settings. Throws (without ever quoting the key) when a class uses `hash` and no key of
 * at least MIN_HASH_KEY_LENGTH characters is given; the config schema reports the same problem earlier.
 *
 * `raw` (the original line) and `attributes` hold copies of what the policy removes, so they are redacted too:
 * - when any text class (prompt, response, message, user) is `mask`, the same pattern masking runs over all of
 *   `raw` and over every string (and card-like number) inside `attributes`, whichever field it came from;
 * - a hashed or dropped value (and an IPv4/IPv6 address truncated by `mask`) is replaced wherever it stands as a
 *   whole token in `raw` and in attribute strings, spelled as is or JSON-escaped, by its hash or by `[REDACTED]`;
 * - a hashed or dropped prompt, response or message that cannot be found in `raw` (a parser that assembled it from
 *   several parts, an unusual escaping) may still be there in another form, so `raw` is cleared (null) instead.
 * Structured copies under other names (a `messages` array kept in `attributes`) are only pattern-masked.
 */
export function compileRedaction(settings: RedactionSettings): RedactionPolicy {
  const classes = Object.keys(REDACTION_CLASSES) as RedactionClass[];
  const active = classes.filter((c) => settings[c] !== "keep");
  const key = settings.hash_key;
  if (active.some((c) => settings[c] === "hash") && (key === undefined || key.length < MIN_HASH_KEY_LENGTH)) {
    throw new Error(
      `redaction uses \`hash\` but redaction.hash_key (or INFERWATCH_REDACTION_HASH_KEY) is not set to at least ${MIN_HASH_KEY_LENGTH} characters`,
    );
  }
  const masking = active.some((c) => c !== "ip" && settings[c] === "mask");
  const hash = (value: string): string =>
    `h:${createHmac("sha256", key ?? "")
      .update(value, "utf8")
      .digest("hex")}`;

  function apply(event: InferEvent): InferEvent {
    if (active.length === 0) return event;
    const out: Record<string, unknown> = { ...event };
    const swaps: Swap[] = [];
    for (const c of active) {
      const action = settings[c];
      for (const column of REDACTION_CLASSES[c]) {
        const value = event[column];
        if (typeof value !== "string" || value === "") continue;
        if (action === "mask") {
          const masked = c === "ip" ? (maskIp(value) ?? maskText(value)) : maskText(value);
          out[column] = masked;
          if (c === "ip" && masked !== value) swaps.push({ from: value, to: masked, mustFind: false });
        } else {
          const to = action === "hash" ? hash(value) : REDACTED;
          out[column] = action === "hash" ? to : null;
          swaps.push({ from: value, to, mustFind: TEXT_CLASSES.has(c) });
        }
      }
    }
    // Swaps first: their replacements (`h:<hex>`, `[REDACTED]`) are immune to the masking that follows, while
    // masking first could alter a value's copy so that it is no longer found.
    if (typeof event.raw === "string") {
      const swapped = swapIn(event.raw, swaps, true);
      out.raw = swapped === null ? null : masking ? maskText(swapped) : swapped;
    }
    if (typeof event.attributes === "string") {
      const text = event.attributes;
      const touched =
        (masking && mayNeedMask(text)) || swaps.some((s) => spellings(s.from).some((p) => text.includes(p)));
      if (touched) {
        const edit = (s: string): string => {
          const swapped = swapIn(s, swaps, false) ?? s;
          return masking ? maskText(swapped) : swapped;
        };
        out.attributes = JSON.stringify(redactJson(JSON.parse(text), edit, masking));
      }
    }
    return out as InferEvent;
  }

  return { apply, maskText, redactRejected: (text) => (masking ? maskText(text) : text) };
}
