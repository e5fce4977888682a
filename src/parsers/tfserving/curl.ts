// Reads `curl` commands from transcripts: method, URL, inline body, and the TF Serving REST route they call.

export interface CurlRequest {
  readonly method: string;
  readonly url?: string;
  /** Inline body (`-d '...'`); absent for `-d @file` (then `bodyFile`) or bodiless requests. */
  readonly body?: string;
  readonly bodyFile?: string;
}

// Options whose next token is their value (so it is not mistaken for the URL).
const VALUE_OPTIONS = new Set([
  "-o",
  "--output",
  "-u",
  "--user",
  "-A",
  "--user-agent",
  "-e",
  "--referer",
  "-b",
  "--cookie",
  "-c",
  "--cookie-jar",
  "-w",
  "--write-out",
  "-m",
  "--max-time",
  "--connect-timeout",
  "-T",
  "--upload-file",
  "-F",
  "--form",
  "-H",
  "--header",
  "--cacert",
  "--cert",
  "--key",
]);
const DATA_OPTIONS = new Set([
  "-d",
  "--data",
  "--data-raw",
  "--data-binary",
  "--data-ascii",
  "--data-urlencode",
  "--json",
]);

/** Splits a shell command into words: single quotes literal, double quotes with backslash escapes. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < command.length && '"\\$`'.includes(command[i + 1] as string)) word += command[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (c === " " || c === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Parses `curl ...` (a leading `$ ` prompt allowed); null when the text is not a curl command. */
export function parseCurl(command: string): CurlRequest | null {
  const words = shellWords(command.replace(/^\s*\$\s*/, ""));
  if (words[0] !== "curl") return null;
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  let bodyFile: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "-X" || w === "--request") method = words[++i];
    else if (w.startsWith("-X") && w.length > 2) method = w.slice(2);
    else if (DATA_OPTIONS.has(w)) {
      const v = words[++i] ?? "";
      if (v.startsWith("@")) bodyFile = v.slice(1);
      else body = v;
    } else if (VALUE_OPTIONS.has(w)) i++;
    else if (!w.startsWith("-") && url === undefined) url = w;
  }
  return {
    method: (method ?? (body !== undefined || bodyFile !== undefined ? "POST" : "GET")).toUpperCase(),
    ...(url !== undefined ? { url } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(bodyFile !== undefined ? { bodyFile } : {}),
  };
}

export interface RestRoute {
  readonly endpoint: string;
  readonly server_address?: string;
  readonly model_name?: string;
  readonly model_version?: string;
  readonly version_label?: string;
  /** `predict`, `classify`, `regress`, `metadata`, or `status` (GET of the model itself). */
  readonly verb?: string;
}

const MODEL_ROUTE = /^\/v1\/models\/([^/:]+)(?:\/versions\/([^/:]+)|\/labels\/([^/:]+))?(?::(\w+)|\/(metadata))?\/?$/;

/** The TF Serving REST route a URL names (`/v1/models/{name}[/versions/{v}|/labels/{l}][:verb|/metadata]`). */
export function restRoute(url: string): RestRoute {
  let path = url;
  let server: string | undefined;
  const m = /^[a-z]+:\/\/([^/]+)(\/[^?#]*)?/i.exec(url);
  if (m) {
    server = m[1];
    path = m[2] ?? "/";
  } else {
    path = url.replace(/[?#].*$/, "");
  }
  const r = MODEL_ROUTE.exec(path);
  const decode = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return {
    endpoint: path,
    ...(server !== undefined ? { server_address: server } : {}),
    ...(r
      ? {
          model_name: decode(r[1]),
          model_version: decode(r[2]),
          version_label: decode(r[3]),
          verb: r[4] ?? r[5] ?? "status",
        }
      : {}),
  };
}
