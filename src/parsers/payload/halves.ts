// Reads one captured block as CloudEvents: attributes (ce-* headers or structured fields) and the decoded body.

import type { ErrorCode } from "../../core/errors.js";
import { asObject, asString, decodeJsonString, isObject, type JsonObject } from "../common/json-values.js";
import { type Block, DUMPER_BANNER, HTTP_REQUEST_LINE, HTTP_STATUS_LINE, isTrailer } from "./blocks.js";
import { bodyDirection } from "./bodies.js";
import { readJsConcatenation } from "./js-strings.js";

export type Vendor = "kserve" | "seldon";

/** One side of an inference exchange, as one CloudEvent (or HTTP message, or bare body) carried it. */
export interface Half {
  readonly line: number;
  readonly raw: string;
  readonly direction?: "request" | "response";
  readonly vendor?: Vendor;
  /** CloudEvent attributes and extensions, names without `ce-`, lower-cased (`id`, `type`, `inferenceservicename`). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Other HTTP headers, lower-cased names (`content-length`, `model-id`, `traceparent`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** UTF-8 size of the body as sent (`content-length`), when the capture tells. */
  readonly bodyBytes?: number;
  readonly httpPath?: string;
  readonly httpStatus?: number;
}

export type BlockResult =
  | { readonly ok: true; readonly halves: Half[] }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

const REQUEST_TYPE = /\.request$/;
const RESPONSE_TYPE = /\.response$/;

function fail(code: ErrorCode, message: string): BlockResult {
  return { ok: false, code, message };
}

/** A logged body text decoded as JSON, or the reason it is not JSON (an empty body is neither). */
function decodeBody(text: string): { body?: unknown; error?: string } {
  const t = text.trim();
  if (t === "") return {};
  try {
    return { body: JSON.parse(t) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Extension values some logger versions quote (`ce-inferenceservice: '"iris"'`). */
function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function makeHalf(
  block: Block,
  attrs: Record<string, string>,
  headers: Record<string, string>,
  extra: { body?: unknown; httpPath?: string; httpStatus?: number },
): Half {
  const type = attrs.type ?? "";
  const vendor: Vendor | undefined = type.startsWith("io.seldon.")
    ? "seldon"
    : type.startsWith("org.kubeflow.")
      ? "kserve"
      : undefined;
  let direction: "request" | "response" | undefined;
  if (REQUEST_TYPE.test(type)) direction = "request";
  else if (RESPONSE_TYPE.test(type)) direction = "response";
  else if (extra.httpStatus !== undefined) direction = "response";
  else if (extra.httpPath !== undefined) direction = "request";
  else direction = bodyDirection(extra.body);
  const length = Number(headers["content-length"]);
  return {
    line: block.line,
    raw: block.lines.join("\n"),
    attrs,
    headers,
    ...(direction ? { direction } : {}),
    ...(vendor ? { vendor } : {}),
    ...(extra.body === undefined ? {} : { body: extra.body }),
    ...(Number.isSafeInteger(length) && length >= 0 && headers["content-length"] !== "" ? { bodyBytes: length } : {}),
    ...(extra.httpPath === undefined ? {} : { httpPath: extra.httpPath }),
    ...(extra.httpStatus === undefined ? {} : { httpStatus: extra.httpStatus }),
  };
}

/** Splits header names into CloudEvent attributes (`ce-*`) and other headers. */
function splitHeaders(pairs: Iterable<[string, string]>): {
  attrs: Record<string, string>;
  headers: Record<string, string>;
} {
  const attrs: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (key.startsWith("ce-")) attrs[key.slice(3)] ??= unquote(value);
    else headers[key] ??= value;
  }
  return { attrs, headers };
}

function content(block: Block): string[] {
  return block.lines.filter((l) => !isTrailer(l));
}

/** knative message-dumper: `Context Attributes,` / `Extensions,` sections of `  key: value`, then `Data,`. */
function dumperHalves(block: Block): BlockResult {
  const attrs: Record<string, string> = {};
  const data: string[] = [];
  let section = "";
  for (const line of content(block)) {
    if (DUMPER_BANNER.test(line)) continue;
    const trimmed = line.trim();
    if (section !== "data" && /^[A-Z][A-Za-z ]*,$/.test(trimmed)) {
      section = trimmed === "Data," ? "data" : trimmed;
      continue;
    }
    if (section === "data") {
      data.push(line);
      continue;
    }
    const kv = /^\s*([\w.-]+):\s?(.*)$/.exec(line);
    if (kv) attrs[(kv[1] ?? "").toLowerCase()] ??= unquote(kv[2] ?? "");
  }
  if (attrs.id === undefined && attrs.type === undefined) {
    return fail("unparseable", "message-dumper block without `id` or `type` context attributes");
  }
  const { body, error } = decodeBody(data.join("\n"));
  if (error !== undefined && /json/i.test(attrs.datacontenttype ?? "json")) {
    return fail("invalid_json", `the CloudEvent's Data is not valid JSON: ${error}`);
  }
  return { ok: true, halves: [makeHalf(block, attrs, {}, { body: body ?? data.join("\n").trim() })] };
}

/** Node util.inspect dump of the request (http-https-echo): `'ce-id': '...'` pairs and `body: '...'`. */
function inspectHalves(block: Block): BlockResult {
  const lines = content(block);
  const pairs: [string, string][] = [];
  let bodyText: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const kv = /^(\s*(?:\{\s*)?)('?)([A-Za-z][\w-]*)\2:\s*(?=['"])/.exec(line);
    if (!kv) continue;
    const value = readJsConcatenation(lines, i, kv[0].length);
    if (!value) continue;
    const key = kv[3] ?? "";
    if (key === "body") bodyText ??= value.value;
    else pairs.push([key, value.value]);
    i = value.lastLine;
  }
  const { attrs, headers } = splitHeaders(pairs);
  if (attrs.id === undefined && attrs.type === undefined) {
    return fail("unparseable", "echo dump without `ce-id` or `ce-type` headers: not a payload-logger delivery");
  }
  const { body, error } = decodeBody(bodyText ?? "");
  if (error !== undefined) return fail("invalid_json", `the logged body is not valid JSON: ${error}`);
  return { ok: true, halves: [makeHalf(block, attrs, headers, { body })] };
}

/** Structured-mode CloudEvent: attributes and extensions as fields, the payload in `data` or `data_base64`. */
function structuredHalf(block: Block, event: JsonObject): Half {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(event)) {
    if (k === "data" || k === "data_base64") continue;
    if (typeof v === "string" || typeof v === "number") attrs[k.toLowerCase()] = unquote(String(v));
  }
  let body: unknown = decodeJsonString(event.data);
  const b64 = asString(event.data_base64);
  if (body === undefined && b64 !== undefined) body = decodeJsonString(Buffer.from(b64, "base64").toString("utf8"));
  return makeHalf(block, attrs, {}, { body });
}

/** A JSON block: an echo server's JSON dump, a structured CloudEvent (or a batch of them), or a bare body. */
function jsonHalves(block: Block): BlockResult {
  let doc: unknown;
  try {
    doc = JSON.parse(content(block).join("\n"));
  } catch (e) {
    return fail("invalid_json", `invalid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(doc)) {
    const events = doc.filter((e): e is JsonObject => isObject(e) && e.specversion !== undefined);
    if (events.length === 0 || events.length !== doc.length) {
      return fail(
        "unparseable",
        "a JSON array here must be a batch of structured CloudEvents (each with `specversion`)",
      );
    }
    return { ok: true, halves: events.map((e) => structuredHalf(block, e)) };
  }
  const o = asObject(doc);
  if (!o) return fail("unparseable", "expected a JSON object");
  const echoHeaders = asObject(o.headers);
  if (echoHeaders) {
    const { attrs, headers } = splitHeaders(
      Object.entries(echoHeaders).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    let body: unknown = asObject(o.json);
    if (typeof o.body === "string" && o.body.trim() !== "") {
      const decoded = decodeBody(o.body);
      if (decoded.error !== undefined)
        return fail("invalid_json", `the logged body is not valid JSON: ${decoded.error}`);
      body = decoded.body;
    } else if (isObject(o.body) && Object.keys(o.body).length > 0) {
      body = o.body;
    }
    if (attrs.id === undefined && attrs.type === undefined && bodyDirection(body) === undefined) {
      return fail("unparseable", "echo dump without `ce-id`/`ce-type` headers or an inference body");
    }
    return { ok: true, halves: [makeHalf(block, attrs, headers, { body })] };
  }
  if (o.specversion !== undefined) return { ok: true, halves: [structuredHalf(block, o)] };
  if (bodyDirection(o) !== undefined) return { ok: true, halves: [makeHalf(block, {}, {}, { body: o })] };
  return fail(
    "unparseable",
    "the JSON document is not a CloudEvent, a logger echo, or an inference body (instances/inputs/predictions/outputs)",
  );
}

/** Raw HTTP text: optional request or status line, `Name: value` headers, then the JSON body. */
function httpHalves(block: Block): BlockResult {
  const lines = content(block);
  const pairs: [string, string][] = [];
  let httpPath: string | undefined;
  let httpStatus: number | undefined;
  let i = 0;
  const first = lines[0] ?? "";
  const request = HTTP_REQUEST_LINE.exec(first);
  const status = HTTP_STATUS_LINE.exec(first);
  if (request) httpPath = request[2];
  if (status) httpStatus = Number(status[1]);
  if (request || status) i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\s*[[{]/.test(line)) break;
    const kv = /^([A-Za-z][\w-]*):\s?(.*)$/.exec(line);
    if (kv) pairs.push([kv[1] ?? "", kv[2] ?? ""]);
  }
  const { attrs, headers } = splitHeaders(pairs);
  const { body, error } = decodeBody(lines.slice(i).join("\n"));
  if (error !== undefined) return fail("invalid_json", `the HTTP body is not valid JSON: ${error}`);
  if (body === undefined && attrs.id === undefined) {
    return fail("unparseable", "HTTP message without CloudEvent headers or a body");
  }
  return {
    ok: true,
    halves: [
      makeHalf(block, attrs, headers, {
        body,
        ...(httpPath === undefined ? {} : { httpPath: httpPath.split("?")[0] }),
        ...(httpStatus === undefined ? {} : { httpStatus }),
      }),
    ],
  };
}

export function readBlock(block: Block): BlockResult {
  if (!block.complete) {
    return fail("incomplete_record", `${block.cutReason ?? "the block was cut off"} (${block.style} capture)`);
  }
  switch (block.style) {
    case "dumper":
      return dumperHalves(block);
    case "inspect":
      return inspectHalves(block);
    case "json":
      return jsonHalves(block);
    case "http":
      return httpHalves(block);
  }
}
