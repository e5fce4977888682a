// Parses one syslog message: RFC 5424 strictly, RFC 3164 (BSD) by its conventional layout. Pure and linear.
import { inferYear, localToEpochMs, parseTimestamp } from "../../core/time.js";

/*
 * Written by hand rather than taken from npm: the candidates guess their way through malformed input (we must
 * reject it, so it is dead-lettered), read the clock for year-less dates, do not decode RFC 5424 escapes or NIL
 * values, and scan structured data with nested-quantifier regular expressions. Here every field is read by a
 * single forward scan.
 */

export interface SyslogMessage {
  readonly protocol: "rfc5424" | "rfc3164";
  readonly facility: number;
  readonly severity: number;
  /** Epoch ms, or null when the message carries no time (RFC 5424 NILVALUE). */
  readonly timestamp: number | null;
  readonly hostname?: string;
  readonly appName?: string;
  readonly procId?: string;
  readonly msgId?: string;
  readonly structuredData?: Record<string, Record<string, string>>;
  readonly message: string;
}

export type SyslogParse = { ok: true; value: SyslogMessage } | { ok: false; message: string };

const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "audit",
  "alert",
  "clock",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
];

/** Facility keyword of RFC 5424 §6.2.1 (the numeric code for the unnamed ones). */
export function facilityName(code: number): string {
  return FACILITIES[code] ?? String(code);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const fail = (message: string): SyslogParse => ({ ok: false, message });

/** `<PRI>`: 1-3 digits, 0-191. Returns the value and where the rest starts. */
function readPri(s: string): { pri: number; next: number } | string {
  if (s[0] !== "<") return "does not start with <PRI> (e.g. <34>)";
  const close = s.indexOf(">", 1);
  if (close < 2 || close > 4) return "PRI must be 1-3 digits between < and >";
  const digits = s.slice(1, close);
  if (!/^\d+$/.test(digits) || (digits.length > 1 && digits[0] === "0")) return `invalid PRI <${digits}>`;
  const pri = Number(digits);
  if (pri > 191) return `PRI ${pri} is above 191`;
  return { pri, next: close + 1 };
}

/** The next space-delimited header field of RFC 5424 (NILVALUE `-` is returned as undefined). */
function field(s: string, at: number, name: string, max: number): { value: string | undefined; next: number } | string {
  const end = s.indexOf(" ", at);
  if (end < 0) return `message ends before its ${name}`;
  const v = s.slice(at, end);
  if (v === "") return `empty ${name} (two spaces in the header?)`;
  if (v.length > max) return `${name} is longer than ${max} characters`;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 33 || c > 126) return `${name} has a character outside printable US-ASCII`;
  }
  return { value: v === "-" ? undefined : v, next: end + 1 };
}

/** STRUCTURED-DATA: `-` or one or more `[SD-ID *(SP PARAM-NAME="VALUE")]`, values with `\"`, `\\`, `\]` escapes. */
function readStructuredData(
  s: string,
  at: number,
): { value: Record<string, Record<string, string>> | undefined; next: number } | string {
  if (s[at] === "-") return { value: undefined, next: at + 1 };
  if (s[at] !== "[") return "STRUCTURED-DATA must be - or start with [";
  const out: Record<string, Record<string, string>> = {};
  let i = at;
  const nameEnd = (from: string, start: number): number => {
    let j = start;
    while (j < from.length && !' =]"'.includes(from[j] as string) && (from.charCodeAt(j) as number) > 32) j++;
    return j;
  };
  while (s[i] === "[") {
    const idEnd = nameEnd(s, i + 1);
    const id = s.slice(i + 1, idEnd);
    if (id === "" || id.length > 32) return "an SD-ID must be 1-32 characters";
    const params: Record<string, string> = {};
    i = idEnd;
    while (s[i] === " ") {
      const pEnd = nameEnd(s, i + 1);
      const name = s.slice(i + 1, pEnd);
      if (name === "" || name.length > 32) return `a PARAM-NAME in [${id}] must be 1-32 characters`;
      if (s[pEnd] !== "=" || s[pEnd + 1] !== '"') return `expected ="value" after ${name} in [${id}]`;
      let j = pEnd + 2;
      let value = "";
      for (;;) {
        if (j >= s.length) return `unterminated value of ${name} in [${id}]`;
        const c = s[j] as string;
        if (c === '"') break;
        if (c === "\\" && (s[j + 1] === '"' || s[j + 1] === "\\" || s[j + 1] === "]")) {
          value += s[j + 1];
          j += 2;
        } else {
          value += c;
          j++;
        }
      }
      params[name] = value;
      i = j + 1;
    }
    if (s[i] !== "]") return `expected ] to close [${id}]`;
    out[id] = { ...out[id], ...params };
    i++;
  }
  return { value: out, next: i };
}

function parse5424(s: string, pri: number, at: number): SyslogParse {
  let i = at;
  const version = field(s, i, "VERSION", 2);
  if (typeof version === "string") return fail(version);
  if (version.value !== "1") return fail(`unsupported syslog VERSION ${version.value ?? "-"} (RFC 5424 is 1)`);
  i = version.next;
  const ts = field(s, i, "TIMESTAMP", 64);
  if (typeof ts === "string") return fail(ts);
  let timestamp: number | null = null;
  if (ts.value !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(ts.value)) {
      return fail(`TIMESTAMP ${JSON.stringify(ts.value)} is not an RFC 3339 date-time with an offset`);
    }
    const t = parseTimestamp(ts.value);
    if (!t.ok) return fail(`TIMESTAMP ${t.message}`);
    timestamp = t.ms;
  }
  const parts: (string | undefined)[] = [];
  i = ts.next;
  for (const [name, max] of [
    ["HOSTNAME", 255],
    ["APP-NAME", 48],
    ["PROCID", 128],
    ["MSGID", 32],
  ] as const) {
    const f = field(s, i, name, max);
    if (typeof f === "string") return fail(f);
    parts.push(f.value);
    i = f.next;
  }
  const sd = readStructuredData(s, i);
  if (typeof sd === "string") return fail(sd);
  i = sd.next;
  if (i < s.length && s[i] !== " ") return fail("expected a space between STRUCTURED-DATA and MSG");
  let message = s.slice(i + 1);
  if (message.startsWith("\ufeff")) message = message.slice(1);
  const [hostname, appName, procId, msgId] = parts;
  return {
    ok: true,
    value: {
      protocol: "rfc5424",
      facility: pri >> 3,
      severity: pri & 7,
      timestamp,
      ...(hostname === undefined ? {} : { hostname }),
      ...(appName === undefined ? {} : { appName }),
      ...(procId === undefined ? {} : { procId }),
      ...(msgId === undefined ? {} : { msgId }),
      ...(sd.value === undefined ? {} : { structuredData: sd.value }),
      message,
    },
  };
}

const BSD_TIME = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) /;
const RFC3339_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})) /;
const HOST = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/;
const TAG = /^([A-Za-z0-9_./-]{1,48})(?:\[([0-9A-Za-z._-]{1,128})\])?:/;

/**
 * RFC 3164: `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`. The time has no year and no zone: the year is the one
 * that puts it closest to `referenceTime`, the zone is `timeZone`. rsyslog's RFC 3339 time in this layout is also
 * read. A HOSTNAME is the next word when a TAG follows it; otherwise the word is taken as the TAG.
 */
function parse3164(s: string, pri: number, at: number, timeZone: string, referenceTime: number): SyslogParse {
  let rest = s.slice(at);
  let timestamp: number;
  const bsd = BSD_TIME.exec(rest);
  const iso = bsd ? null : RFC3339_PREFIX.exec(rest);
  if (bsd) {
    const month = MONTHS.indexOf(bsd[1] as string) + 1;
    const day = Number((bsd[2] as string).trim());
    const [hour, minute, second] = [Number(bsd[3]), Number(bsd[4]), Number(bsd[5])];
    if (month === 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
      return fail(`invalid RFC 3164 TIMESTAMP ${JSON.stringify(bsd[0].trim())}`);
    }
    const year = inferYear(month, day, referenceTime);
    timestamp = localToEpochMs({ year, month, day, hour, minute, second, millisecond: 0 }, timeZone);
    rest = rest.slice(bsd[0].length);
  } else if (iso) {
    const t = parseTimestamp(iso[1]);
    if (!t.ok) return fail(`TIMESTAMP ${t.message}`);
    timestamp = t.ms;
    rest = rest.slice(iso[0].length);
  } else {
    return fail("no RFC 3164 TIMESTAMP (Mmm dd hh:mm:ss) after the PRI, and not RFC 5424 (<PRI>1 ...)");
  }
  let hostname: string | undefined;
  let appName: string | undefined;
  let procId: string | undefined;
  const sp = rest.indexOf(" ");
  const first = sp < 0 ? rest : rest.slice(0, sp);
  const afterFirst = sp < 0 ? "" : rest.slice(sp + 1);
  if (!TAG.test(first) && HOST.test(first)) {
    hostname = first;
    rest = afterFirst;
  }
  const tag = TAG.exec(rest);
  if (tag) {
    appName = tag[1];
    procId = tag[2];
    rest = rest.slice(tag[0].length);
    if (rest.startsWith(" ")) rest = rest.slice(1);
  }
  return {
    ok: true,
    value: {
      protocol: "rfc3164",
      facility: pri >> 3,
      severity: pri & 7,
      timestamp,
      ...(hostname === undefined ? {} : { hostname }),
      ...(appName === undefined ? {} : { appName }),
      ...(procId === undefined ? {} : { procId }),
      message: rest,
    },
  };
}

/** Parses a syslog message (one frame, without its trailing newline). */
export function parseSyslog(text: string, context: { timeZone: string; referenceTime: number }): SyslogParse {
  const pri = readPri(text);
  if (typeof pri === "string") return fail(pri);
  // RFC 5424 puts its VERSION right after the PRI; RFC 3164 a month name (or, from rsyslog, a full date).
  if (/^\d{1,2} /.test(text.slice(pri.next, pri.next + 3))) return parse5424(text, pri.pri, pri.next);
  return parse3164(text, pri.pri, pri.next, context.timeZone, context.referenceTime);
}
