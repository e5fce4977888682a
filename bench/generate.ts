// Deterministic generator of realistic NDJSON inference events for benchmarks: same seed and anchor, same bytes.
import { once } from "node:events";
import { createWriteStream, mkdirSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { mulberry32 } from "../src/core/random.js";

export interface GenerateOptions {
  /** Output file; its directory is created when missing. */
  readonly path: string;
  readonly events: number;
  readonly seed: number;
  /** Newest event time (epoch ms); events spread over the day before it. */
  readonly endMs: number;
}

export interface GenerateResult {
  readonly path: string;
  readonly events: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Bumped whenever the output for a given seed changes, so cached files from an older generator are not reused. */
export const GENERATOR_VERSION = 1;

const DAY_MS = 86_400_000;
/** Lines are joined into chunks of about this size before writing: far fewer stream writes than one per line. */
const CHUNK_CHARS = 1 << 20;

interface Model {
  readonly name: string;
  readonly versions: readonly string[];
  readonly endpoint: string;
  readonly labels: readonly string[];
  readonly shape: string;
  /** Median latency in ms: vision models are fast, generative ones slow. */
  readonly medianMs: number;
}

const VISION_MODELS: readonly Model[] = [
  {
    name: "resnet50",
    versions: ["v3.2.1", "v3.3.0"],
    endpoint: "/v2/models/resnet50/infer",
    labels: ["tabby_cat", "golden_retriever", "sports_car", "espresso", "laptop", "traffic_light"],
    shape: "1x3x224x224",
    medianMs: 18,
  },
  {
    name: "fraud-xgb",
    versions: ["2024.11.02", "2024.12.15"],
    endpoint: "/v1/models/fraud-xgb:predict",
    labels: ["legit", "fraud", "review"],
    shape: "1x128",
    medianMs: 4,
  },
  {
    name: "bert-sentiment",
    versions: ["1.0.4"],
    endpoint: "/v2/models/bert-sentiment/infer",
    labels: ["positive", "negative", "neutral"],
    shape: "1x512",
    medianMs: 35,
  },
  {
    name: "yolov8-detector",
    versions: ["8.1.0", "8.2.0-rc1"],
    endpoint: "/v2/models/yolov8/infer",
    labels: ["person", "car", "bicycle", "dog", "none"],
    shape: "1x3x640x640",
    medianMs: 42,
  },
];

interface LlmModel {
  readonly name: string;
  readonly provider: string;
  readonly endpoint: string;
  /** Dollars per 1k input and output tokens. */
  readonly priceIn: number;
  readonly priceOut: number;
}

const LLM_MODELS: readonly LlmModel[] = [
  { name: "gpt-4o-mini", provider: "openai", endpoint: "/v1/chat/completions", priceIn: 0.00015, priceOut: 0.0006 },
  { name: "gpt-4o", provider: "openai", endpoint: "/v1/chat/completions", priceIn: 0.0025, priceOut: 0.01 },
  { name: "llama-3.1-70b-instruct", provider: "vllm", endpoint: "/v1/completions", priceIn: 0.0004, priceOut: 0.0004 },
  {
    name: "mistral-7b-instruct",
    provider: "vllm",
    endpoint: "/v1/chat/completions",
    priceIn: 0.0001,
    priceOut: 0.0001,
  },
];

const GROUPS = ["stable", "stable", "stable", "stable", "canary", "B"];
const NAMESPACES = ["ml-prod", "ml-prod", "ml-staging", "llm-gateway"];
const COUNTRIES = ["US", "US", "US", "DE", "GB", "FR", "IN", "BR", "JP", "NL"];
const FINISH = ["stop", "stop", "stop", "stop", "stop", "length", "content_filter"];
const AUTH_ACTIONS = ["login", "token_refresh", "api_key_used", "logout"];
const INFRA_ACTIONS = ["model_loaded", "OOMKilled", "pod_restart", "gpu_xid_error", "autoscale_up"];
const AGENTS = [
  "python-requests/2.32.3",
  "openai-python/1.54.4",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "curl/8.5.0",
  "Go-http-client/2.0",
];

function errorType(status: number): string {
  if (status === 429) return "rate_limited";
  if (status === 504) return "timeout";
  return status >= 500 ? "server_error" : "bad_request";
}

class EventSource {
  private readonly rand: () => number;
  private readonly startMs: number;
  private readonly stepMs: number;
  private index = 0;

  constructor(seed: number, total: number, endMs: number) {
    this.rand = mulberry32(seed);
    this.startMs = endMs - DAY_MS;
    this.stepMs = DAY_MS / Math.max(total, 1);
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  private hex(chars: number): string {
    let s = "";
    while (s.length < chars) s += ((this.rand() * 4294967296) >>> 0).toString(16).padStart(8, "0");
    return s.slice(0, chars);
  }

  /** Standard normal via Box-Muller. */
  private normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.rand())) * Math.cos(2 * Math.PI * this.rand());
  }

  /** Log-normal around the median, plus a rare very slow request: real latency has a long tail. */
  private latency(medianMs: number): number {
    let ms = medianMs * Math.exp(0.6 * this.normal());
    if (this.rand() < 0.01) ms *= 10 + this.rand() * 40;
    return Math.round(ms * 100) / 100;
  }

  private status(): number {
    const r = this.rand();
    if (r < 0.965) return 200;
    if (r < 0.975) return 429;
    if (r < 0.985) return 500;
    if (r < 0.992) return 503;
    if (r < 0.997) return 400;
    return 504;
  }

  /** Skewed toward a few heavy users, as real traffic is. */
  private user(): string {
    const r = this.rand();
    return `user-${String(Math.floor(20_000 * r * r * r)).padStart(5, "0")}`;
  }

  private ip(): string {
    return this.rand() < 0.7
      ? `10.${this.int(64)}.${this.int(256)}.${1 + this.int(254)}`
      : `${23 + this.int(180)}.${this.int(256)}.${this.int(256)}.${1 + this.int(254)}`;
  }

  /** The next event as an object; key order is fixed so output bytes are reproducible. */
  next(): Record<string, unknown> {
    const i = this.index++;
    // Mostly in time order with a little jitter, like a shipper's file.
    const timestamp = Math.round(this.startMs + i * this.stepMs + (this.rand() - 0.5) * 2000);
    const kind = this.rand();
    if (kind < 0.55) return this.inference(timestamp);
    if (kind < 0.9) return this.llm(timestamp);
    if (kind < 0.96) return this.auth(timestamp);
    return this.infra(timestamp);
  }

  private inference(timestamp: number): Record<string, unknown> {
    const m = this.pick(VISION_MODELS);
    const status = this.status();
    const ok = status === 200;
    return {
      timestamp,
      event_kind: "inference",
      request_id: this.hex(32),
      user_id: this.user(),
      client_ip: this.ip(),
      model_name: m.name,
      model_version: this.pick(m.versions),
      endpoint: m.endpoint,
      deployment_group: this.pick(GROUPS),
      http_status_code: status,
      ...(ok ? {} : { error_type: errorType(status) }),
      latency_ms: this.latency(m.medianMs),
      prediction_label: ok ? this.pick(m.labels) : null,
      confidence: ok ? Math.round((0.35 + 0.65 * Math.sqrt(this.rand())) * 10_000) / 10_000 : null,
      k8s: { pod: `${m.name}-${this.hex(5)}` },
      gpu_util: Math.round(this.rand() * 100) / 100,
    };
  }

  private llm(timestamp: number): Record<string, unknown> {
    const m = this.pick(LLM_MODELS);
    const status = this.status();
    const ok = status === 200;
    const tokensIn = 20 + Math.floor(3000 * this.rand() ** 3);
    const tokensOut = ok ? 1 + Math.floor(1200 * this.rand() ** 2) : 0;
    const cost = (tokensIn * m.priceIn + tokensOut * m.priceOut) / 1000;
    return {
      timestamp,
      event_kind: "llm",
      request_id: `chatcmpl-${this.hex(20)}`,
      user_id: this.user(),
      client_ip: this.ip(),
      model_name: m.name,
      llm_provider: m.provider,
      endpoint: m.endpoint,
      deployment_group: this.pick(GROUPS),
      http_status_code: status,
      ...(ok ? {} : { error_type: errorType(status) }),
      latency_ms: this.latency(300 + tokensOut * 12),
      tokens_in: tokensIn,
      tokens_out: tokensOut,
      cost_usd: Math.round(cost * 1e6) / 1e6,
      finish_reason: ok ? this.pick(FINISH) : null,
      k8s: { pod: `llm-gw-${this.hex(5)}` },
    };
  }

  private auth(timestamp: number): Record<string, unknown> {
    const failed = this.rand() < 0.08;
    return {
      timestamp,
      event_kind: "auth",
      event_action: this.pick(AUTH_ACTIONS),
      outcome: failed ? "failure" : "success",
      severity: failed ? "warn" : "info",
      message: failed ? "authentication failed: invalid or revoked API key" : "authenticated",
      user_id: this.user(),
      auth_token_id: `key_${this.hex(16)}`,
      client_ip: this.ip(),
      geo_country: this.pick(COUNTRIES),
      user_agent: this.pick(AGENTS),
      endpoint: "/v1/auth/token",
      http_status_code: failed ? (this.rand() < 0.5 ? 401 : 403) : 200,
      latency_ms: this.latency(12),
    };
  }

  private infra(timestamp: number): Record<string, unknown> {
    const action = this.pick(INFRA_ACTIONS);
    const bad = action === "OOMKilled" || action === "gpu_xid_error";
    const m = this.pick(VISION_MODELS);
    return {
      timestamp,
      event_kind: "infra",
      event_action: action,
      outcome: bad ? "failure" : "success",
      severity: bad ? "error" : "info",
      message: bad
        ? `container ${m.name} terminated: ${action} (exit code 137), restarting`
        : `${action} for ${m.name} completed`,
      host_name: `gpu-node-${String(this.int(32)).padStart(2, "0")}`,
      container_name: m.name,
      k8s_namespace: this.pick(NAMESPACES),
      k8s_pod: `${m.name}-${this.hex(5)}-${this.hex(5)}`,
      model_name: m.name,
      model_version: this.pick(m.versions),
      gpu_util: Math.round(this.rand() * 100) / 100,
      node_pool: this.rand() < 0.5 ? "a100-spot" : "l4-ondemand",
    };
  }
}

/** Writes `events` NDJSON lines to `path` through a stream, never holding more than one chunk in memory. */
export async function generateEvents(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  mkdirSync(dirname(options.path), { recursive: true });
  const out = createWriteStream(options.path);
  const closed = once(out, "close");
  const source = new EventSource(options.seed, options.events, options.endMs);
  let bytes = 0;
  let chunk = "";
  const flush = async (): Promise<void> => {
    bytes += Buffer.byteLength(chunk);
    const ok = out.write(chunk);
    chunk = "";
    if (!ok) await once(out, "drain");
  };
  try {
    for (let i = 0; i < options.events; i++) {
      chunk += `${JSON.stringify(source.next())}\n`;
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    if (chunk.length > 0) await flush();
  } catch (e) {
    out.destroy(e as Error);
    throw e;
  }
  out.end();
  await closed;
  return {
    path: options.path,
    events: options.events,
    bytes,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Positive integer from a flag, with a message naming the flag. */
export function intFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      end: { type: "string" },
    },
  });
  const events = intFlag("events", values.events, 1_000_000);
  const seed = intFlag("seed", values.seed, 42);
  const endMs = intFlag("end", values.end, Date.now());
  const path = resolve(values.out ?? `events-${events}-seed${seed}.ndjson`);
  const r = await generateEvents({ path, events, seed, endMs });
  process.stdout.write(
    `wrote ${r.events} events, ${(r.bytes / 2 ** 20).toFixed(1)} MiB (${Math.round(r.bytes / r.events)} bytes/line) to ${r.path} in ${r.seconds.toFixed(2)}s\n`,
  );
}

/** True when this module is the script node was asked to run (not an import). */
export function isEntry(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

if (isEntry(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`generate: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
