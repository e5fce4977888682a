// The shapes of a vLLM server log line: optional process prefix, then a vLLM logger header or a uvicorn line.

/** `(APIServer pid=110552) `, `(VllmWorker rank=0 pid=7) `, `(EngineCore_DP0 pid=9) `: added by vLLM >= 0.10. */
const PREFIX = /^\(([A-Za-z][^()]*?)\s*pid=(\d+)\) /;

/**
 * vLLM's own formatter: `INFO 08-06 12:34:56 [file.py:123] msg` (the date has no year), and the older
 * `INFO 08-27 13:53:14 metrics.py:351] msg` without the opening bracket.
 */
const HEADER =
  /^(DEBUG|INFO|WARNING|ERROR|CRITICAL) (\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))? (?:\[([^\]\s]+?):(\d+)\]|([\w./-]+\.py):(\d+)\]) ?(.*)$/;

/** uvicorn's default formatter: `INFO:     msg` (the level, a colon, padding). */
const UVICORN = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):\s+(.*)$/;

/** uvicorn access message: `127.0.0.1:5678 - "POST /v1/chat/completions HTTP/1.1" 200 OK`. */
const ACCESS = /^(.+):(\d+) - "([A-Z]+) (\S+) HTTP\/([\d.]+)" (\d{3})(?: (.*))?$/;

export interface ProcessPrefix {
  readonly process: string;
  readonly pid: number;
  readonly rank?: number;
}

export type VllmLine =
  | {
      readonly kind: "vllm";
      readonly prefix?: ProcessPrefix;
      readonly level: string;
      readonly month: number;
      readonly day: number;
      readonly hour: number;
      readonly minute: number;
      readonly second: number;
      readonly millisecond: number;
      readonly file: string;
      readonly lineno: number;
      readonly message: string;
    }
  | { readonly kind: "uvicorn"; readonly prefix?: ProcessPrefix; readonly level: string; readonly message: string };

export interface AccessLine {
  readonly clientIp: string;
  readonly clientPort: number;
  readonly method: string;
  readonly path: string;
  readonly httpVersion: string;
  readonly status: number;
}

function readPrefix(text: string): { prefix?: ProcessPrefix; rest: string } {
  const m = PREFIX.exec(text);
  if (!m) return { rest: text };
  const [whole, label = "", pid = "0"] = m;
  const rank = /\brank=(\d+)/.exec(label);
  const process = label.replace(/\s*\brank=\d+/, "").trim();
  return {
    prefix: { process, pid: Number(pid), ...(rank ? { rank: Number(rank[1]) } : {}) },
    rest: text.slice(whole.length),
  };
}

/** The line without its `(Process pid=N) ` prefix: vLLM >= 0.10 prefixes every line a process prints, tracebacks too. */
export function withoutPrefix(text: string): string {
  return readPrefix(text).rest;
}

/** Splits a line into its parts, or undefined when it is neither a vLLM nor a uvicorn line. */
export function readVllmLine(text: string): VllmLine | undefined {
  const { prefix, rest } = readPrefix(text);
  const withPrefix = prefix ? { prefix } : {};
  const h = HEADER.exec(rest);
  if (h) {
    const [, level = "", mo, d, hh, mi, ss, frac, file, lineno, oldFile, oldLineno, message = ""] = h;
    return {
      kind: "vllm",
      ...withPrefix,
      level,
      month: Number(mo),
      day: Number(d),
      hour: Number(hh),
      minute: Number(mi),
      second: Number(ss),
      millisecond: frac === undefined ? 0 : Number(frac.padEnd(3, "0").slice(0, 3)),
      file: file ?? oldFile ?? "",
      lineno: Number(lineno ?? oldLineno),
      message,
    };
  }
  const u = UVICORN.exec(rest);
  if (u) return { kind: "uvicorn", ...withPrefix, level: u[1] ?? "", message: u[2] ?? "" };
  return undefined;
}

export function readAccess(message: string): AccessLine | undefined {
  const m = ACCESS.exec(message);
  if (!m) return undefined;
  const [, ip = "", port, method = "", path = "", version = "", status] = m;
  return {
    clientIp: ip.replace(/^\[(.*)\]$/, "$1"),
    clientPort: Number(port),
    method,
    path,
    httpVersion: version,
    status: Number(status),
  };
}

/** Lines that continue a previous record: a Python traceback and the indented text inside it. */
export function isContinuation(text: string): boolean {
  return (
    /^\s/.test(text) ||
    text.startsWith("Traceback (most recent call last):") ||
    text.startsWith("During handling of the above exception") ||
    text.startsWith("The above exception was the direct cause") ||
    /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)(: |$)/.test(text)
  );
}

export function severityOf(level: string): string {
  switch (level) {
    case "WARNING":
      return "warn";
    case "CRITICAL":
      return "fatal";
    default:
      return level.toLowerCase();
  }
}

/** Cheap check for auto-detection: a vLLM header (any prefix), a prefixed uvicorn line, or an OpenAI-route access. */
export function looksLikeVllm(text: string): boolean {
  const { prefix, rest } = readPrefix(text);
  if (
    /^(DEBUG|INFO|WARNING|ERROR|CRITICAL) \d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})? \[?[\w./-]+:\d+\] /.test(rest)
  ) {
    return true;
  }
  if (prefix && UVICORN.test(rest)) return true;
  return /^INFO: +\S+:\d+ - "[A-Z]+ \/v1\/(chat\/completions|completions|embeddings|responses|score|rerank|audio\/|models[?" ])/.test(
    rest,
  );
}
