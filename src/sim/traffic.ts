// The platform's normal traffic: builders for every kind of event (shared with the scenarios) and the baseline load.
import type { Emitter, SimEvent } from "./events.js";
import { STREAMS } from "./events.js";
import {
  CATALOG,
  CHATBOT,
  CLIENTS,
  type Client,
  EMBEDDER,
  LOAN,
  NAMESPACE,
  RESNET,
  SENTIMENT,
  USERS,
  userIp,
  userKeyHash,
  VISION,
} from "./platform.js";
import type { Rng } from "./random.js";

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Class probabilities with the given top class and top probability, rounded (the parser reads them back as is). */
export function probabilities(classes: number, top: number, p: number, rng: Rng): number[] {
  const rest = 1 - p;
  const out: number[] = [];
  let left = rest;
  for (let i = 0; i < classes; i++) {
    if (i === top) out.push(round3(p));
    else {
      const share = i === classes - 1 || (i === classes - 2 && top === classes - 1) ? left : left * rng.float();
      left -= share;
      out.push(round3(share));
    }
  }
  // Keep the top class on top after rounding.
  const max = Math.max(...out);
  if (out[top] !== max) out[top] = round3(max + 0.001);
  return out;
}

/** Argmax of a probability vector. */
function argmax(p: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[best] as number)) best = i;
  return best;
}

const BENIGN_PROMPTS = [
  "How do I reset my password?",
  "What is the daily transfer limit on my account?",
  "Can you explain the fees on my last statement?",
  "I lost my card, how do I block it?",
  "How long does an international transfer take?",
  "Summarize my options for a personal loan.",
  "What documents do I need to open a savings account?",
  "Why was my payment declined?",
];

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
];

/** Top-class confidence per sentiment class (lowest, spread): the model is surest of positives, least of neutrals. */
const SENTIMENT_CONFIDENCE: readonly (readonly [number, number])[] = [
  [0.7, 0.29],
  [0.45, 0.35],
  [0.6, 0.37],
];

/** Share of the day's peak load at a time of day: low at night, highest mid-afternoon (UTC). */
export function diurnal(t: number): number {
  const hour = (t / 3_600_000) % 24;
  return 0.55 + 0.45 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

export interface ChatOptions {
  readonly user: string;
  readonly text?: string;
  readonly response?: string;
  readonly tokensIn?: number;
  readonly tokensOut?: number;
  readonly latencyMs?: number;
  readonly fail?: { readonly type: string; readonly code: number; readonly message: string };
  readonly ip?: string;
  readonly keyHash?: string;
  readonly keyAlias?: string;
  readonly finish?: string;
}

export interface GatewayOptions {
  readonly client: Client;
  readonly model: string;
  readonly version?: string;
  readonly status?: number;
  readonly latencyMs?: number;
  readonly confidence?: number;
  readonly label?: string;
  readonly inputHash?: string;
  readonly inputShape?: string;
  readonly inputBytes?: number;
  readonly path?: string;
  readonly spanName?: string;
}

/** Builds events; one instance per run, so ids are unique across the baseline and the scenarios. */
export class Traffic {
  private seq = 0;
  /** Share of loan-approval traffic routed to the canary v2.1 (set by the canary scenarios). */
  loanCanaryWeight = 0;
  /** Version of resnet50 being served (a deploy scenario moves it). */
  resnetVersion: string = RESNET.version;

  constructor(readonly rng: Rng) {}

  private next(): number {
    this.seq += 1;
    return this.seq;
  }

  /** A 32-hex trace id and 16-hex span id, unique in the run. */
  private ids(): { trace: string; span: string; n: number } {
    const n = this.next();
    const h = n.toString(16).padStart(12, "0");
    return { trace: `${this.rng.hex(20)}${h}`, span: `${this.rng.hex(4)}${h}`, n };
  }

  sentiment(t: number): SimEvent {
    const rng = this.rng;
    const top = rng.float() < 0.5 ? 0 : rng.float() < 0.6 ? 1 : 2;
    const [low, span] = SENTIMENT_CONFIDENCE[top] as readonly [number, number];
    const probs = probabilities(3, top, low + span * Math.sqrt(rng.float()), rng);
    const failed = rng.chance(0.002);
    const n = this.next();
    return {
      stream: STREAMS.sentiment,
      t,
      f: {
        event_kind: "inference",
        event_action: "predict",
        outcome: failed ? "failure" : "success",
        model_name: SENTIMENT.name,
        model_version: failed ? undefined : SENTIMENT.version,
        deployment_group: "default",
        k8s_namespace: NAMESPACE,
        request_id: `snt-${n.toString(36)}`,
        latency_ms: Math.round(rng.lognormal(45, 0.35) + (rng.chance(0.01) ? rng.float() * 300 : 0)),
        prediction_label: failed ? undefined : String(argmax(probs)),
        confidence: failed ? undefined : Math.max(...probs),
        message: failed ? "tokenizer error: input too long" : undefined,
      },
      x: { textHash: rng.hex(12), probs },
    };
  }

  /** A loan-approval request from feed `A` or `B`; routed to the canary by `loanCanaryWeight`. */
  loan(t: number, feed: "A" | "B", approveBias = 0): SimEvent {
    const rng = this.rng;
    const canary = this.loanCanaryWeight > 0 && rng.chance(this.loanCanaryWeight);
    const age = Math.round(Math.max(18, Math.min(85, 41 + 12 * rng.normal())));
    const features = [
      age,
      Math.round(rng.lognormal(52000, 0.4)),
      round3(Math.min(0.95, Math.max(0, 0.3 + 0.12 * rng.normal()))),
      rng.int(0, 30),
      rng.int(0, 9),
      Math.round(rng.lognormal(12000, 0.6)),
    ];
    const approve = rng.float() < 0.62 + approveBias ? 1 : 0;
    const probs = probabilities(2, approve, 0.6 + 0.39 * Math.sqrt(rng.float()), rng);
    const failed = rng.chance(0.001);
    const n = this.next();
    const version = canary ? LOAN.canary : LOAN.stable;
    return {
      stream: feed === "A" ? STREAMS.loanA : STREAMS.loanB,
      t,
      f: {
        event_kind: "inference",
        event_action: "predict",
        outcome: failed ? "failure" : "success",
        model_name: LOAN.name,
        model_version: failed ? undefined : version,
        deployment_group: canary ? "canary" : "default",
        k8s_namespace: NAMESPACE,
        request_id: `loan-${n.toString(36)}`,
        latency_ms: Math.round(rng.lognormal(28, 0.3)),
        prediction_label: failed ? undefined : String(argmax(probs)),
        confidence: failed ? undefined : Math.max(...probs),
        message: failed ? "ValueError: Input contains NaN" : undefined,
      },
      x: {
        features,
        probs,
        feed,
      },
    };
  }

  resnetAccess(t: number, client: Client, latencyMs?: number, status = 200): SimEvent {
    const rng = this.rng;
    const version = this.resnetVersion;
    return {
      stream: STREAMS.torchserve,
      t,
      f: {
        event_kind: "inference",
        event_action: "predict",
        outcome: status >= 400 ? "failure" : "success",
        client_ip: client.ip,
        model_name: RESNET.name,
        model_version: version,
        endpoint: `/predictions/${RESNET.name}/${version}`,
        http_status_code: status,
        latency_ms: latencyMs ?? Math.round(rng.lognormal(175, 0.22)),
      },
      x: { kind: "access", port: rng.int(32768, 60999) },
    };
  }

  torchserveLog(
    t: number,
    level: "INFO" | "WARN" | "ERROR",
    logger: string,
    message: string,
    stream = "stdout",
  ): SimEvent {
    const worker = `W-9000-${RESNET.name}_${this.resnetVersion}`;
    return {
      stream: STREAMS.torchserve,
      t,
      f: { event_kind: "log", severity: level.toLowerCase(), model_name: RESNET.name, message },
      x: { kind: "log", level, logger, thread: logger === "MODEL_LOG" ? `${worker}-${stream}` : worker },
    };
  }

  gateway(t: number, o: GatewayOptions): SimEvent {
    const rng = this.rng;
    const ids = this.ids();
    const status = o.status ?? 200;
    const failed = status >= 400;
    const version = o.version;
    return {
      stream: STREAMS.gateway,
      t,
      f: {
        event_kind: "log",
        event_action: o.spanName ?? "POST /v2/models/{model}/infer",
        outcome: failed ? "failure" : "success",
        k8s_namespace: NAMESPACE,
        trace_id: ids.trace,
        span_id: ids.span,
        user_id: o.client.id,
        auth_token_id: o.client.key,
        client_ip: o.client.ip,
        model_name: o.model,
        model_version: version,
        endpoint: o.path ?? `/v2/models/${o.model}${version ? `/versions/${version}` : ""}/infer`,
        http_status_code: status,
        error_type: failed
          ? status === 404
            ? "model_not_found"
            : status === 429
              ? "rate_limited"
              : "internal"
          : undefined,
        message: failed ? (status === 404 ? "model not found" : "request failed") : undefined,
        latency_ms: o.latencyMs ?? Math.round(rng.lognormal(32, 0.4)),
        input_hash: failed ? undefined : (o.inputHash ?? rng.hex(16)),
        input_shape: failed ? undefined : (o.inputShape ?? "1x32"),
        input_size_bytes: failed ? undefined : (o.inputBytes ?? 128 + rng.int(0, 64)),
        prediction_label: failed ? undefined : (o.label ?? (rng.chance(0.7) ? "0" : "1")),
        confidence: failed ? undefined : (o.confidence ?? round3(0.7 + 0.29 * Math.sqrt(rng.float()))),
      },
      x: { spanName: o.spanName ?? "POST /v2/models/{model}/infer" },
    };
  }

  /** A request to the vision moderation model through the gateway. */
  vision(t: number, client: Client, over: Partial<GatewayOptions> = {}): SimEvent {
    const rng = this.rng;
    const unsafe = rng.chance(0.08);
    return this.gateway(t, {
      client,
      model: VISION.name,
      version: VISION.version,
      inputShape: "1x3x224x224",
      inputBytes: 150528 + rng.int(0, 4000),
      latencyMs: Math.round(rng.lognormal(62, 0.25)),
      label: unsafe ? "unsafe" : "safe",
      confidence: round3(0.82 + 0.17 * Math.sqrt(rng.float())),
      ...over,
    });
  }

  catalogRequest(t: number, client: Client): SimEvent {
    const rng = this.rng;
    // A few models take most of the traffic.
    const idx = Math.min(CATALOG.length - 1, Math.floor(CATALOG.length * rng.float() ** 2));
    const m = CATALOG[idx] as (typeof CATALOG)[number];
    return this.gateway(t, { client, model: m.name, version: m.versions[m.versions.length - 1] as string });
  }

  /** One chat completion through LiteLLM, plus the vLLM access line it causes. */
  chat(t: number, o: ChatOptions): SimEvent[] {
    const rng = this.rng;
    const n = this.next();
    const tokensIn = o.tokensIn ?? 40 + Math.round(rng.lognormal(60, 0.5));
    const tokensOut = o.fail ? 0 : (o.tokensOut ?? Math.max(5, Math.round(rng.lognormal(140, 0.6))));
    const latency = o.latencyMs ?? Math.round(180 + tokensIn * 0.4 + tokensOut * 17 + rng.lognormal(40, 0.5));
    const text = o.text ?? rng.pick(BENIGN_PROMPTS);
    const response =
      o.response ?? "Here is how you can do that: open the app, go to Settings, and follow the steps shown.";
    const cost = round6(tokensIn * CHATBOT.inputCostPerToken + tokensOut * CHATBOT.outputCostPerToken);
    const requestId = `chatcmpl-${n.toString(16).padStart(12, "0")}`;
    const ip = o.ip ?? userIp(o.user);
    const llm: SimEvent = {
      stream: STREAMS.litellm,
      t,
      f: {
        event_kind: "llm",
        event_action: "acompletion",
        outcome: o.fail ? "failure" : "success",
        request_id: requestId,
        session_id: `sess-${o.user}-${Math.floor(t / 1_800_000)}`,
        user_id: o.user,
        auth_token_id: o.keyHash ?? userKeyHash(o.user),
        client_ip: ip,
        user_agent: USER_AGENTS[Number(o.user.slice(5)) % USER_AGENTS.length],
        model_name: CHATBOT.name,
        llm_provider: "hosted_vllm",
        latency_ms: latency,
        tokens_in: tokensIn,
        tokens_out: tokensOut,
        cost_usd: o.fail ? 0 : cost,
        finish_reason: o.fail ? undefined : (o.finish ?? "stop"),
        prompt_text: `${CHATBOT.systemPrompt}\n${text}`,
        response_text: o.fail ? undefined : response,
        error_type: o.fail?.type,
        message: o.fail?.message,
        severity: o.fail ? "error" : undefined,
      },
      x: { userText: text, keyAlias: o.keyAlias ?? "web-app", errorCode: o.fail?.code },
    };
    const status = o.fail ? 500 : 200;
    const access: SimEvent = {
      stream: STREAMS.vllm,
      t: t + latency,
      f: {
        event_kind: "llm",
        event_action: "http_request",
        outcome: o.fail ? "failure" : "success",
        client_ip: "10.0.0.5",
        llm_provider: "vllm",
        endpoint: "/v1/chat/completions",
        http_status_code: status,
      },
      x: { kind: "access", port: rng.int(32768, 60999) },
    };
    return [llm, access];
  }

  vllmError(t: number, message: string): SimEvent {
    return { stream: STREAMS.vllm, t, f: { event_kind: "log", severity: "error", message }, x: { kind: "error" } };
  }

  vllmStats(t: number, load: number): SimEvent {
    const rng = this.rng;
    return {
      stream: STREAMS.vllm,
      t,
      f: { event_kind: "metric", event_action: "engine_stats", llm_provider: "vllm" },
      x: {
        kind: "stats",
        promptTps: round1(load * rng.lognormal(240, 0.3)),
        genTps: round1(load * rng.lognormal(520, 0.3)),
        running: Math.max(0, Math.round(load * 4 + rng.normal())),
        waiting: Math.max(0, Math.round((load - 1) * 6)),
        kv: round1(Math.min(99.9, load * rng.lognormal(18, 0.3))),
        prefix: round1(30 + 10 * rng.float()),
      },
    };
  }

  /** An Auth0 log event: `s` success, `fp` wrong password, `fu` unknown user, `limit_wc` blocked IP. */
  login(t: number, user: string, type: "s" | "fp" | "fu" | "limit_wc", ip: string, userAgent?: string): SimEvent {
    const n = this.next();
    const ua = userAgent ?? (USER_AGENTS[Number(user.slice(5)) % USER_AGENTS.length] as string);
    return {
      stream: STREAMS.auth0,
      t,
      f: {
        event_kind: "auth",
        outcome: type === "s" ? "success" : "failure",
        user_id: type === "fu" ? `${user}@example.com` : `auth0|${user}`,
        client_ip: ip,
        user_agent: ua,
      },
      x: {
        type,
        userName: `${user}@example.com`,
        logId: `900${String(t).padStart(20, "0")}${String(n).padStart(33, "0")}`,
      },
    };
  }

  /** A Kubernetes Event about a pod (kubelet) or a rollout (Argo Rollouts controller). */
  k8s(
    t: number,
    o: { kind: "Pod" | "Rollout"; object: string; reason: string; message: string; warning: boolean; count?: number },
  ): SimEvent {
    const pod = o.kind === "Pod";
    return {
      stream: pod ? STREAMS.k8s : STREAMS.rollouts,
      t,
      f: {
        event_kind: pod ? "infra" : "deploy",
        event_action: o.reason,
        message: o.message,
        k8s_namespace: NAMESPACE,
        k8s_pod: pod ? o.object : undefined,
        host_name: pod ? RESNET.node : undefined,
      },
      x: {
        objectKind: o.kind,
        object: o.object,
        namespace: NAMESPACE,
        container: "kserve-container",
        node: RESNET.node,
        reason: o.reason,
        type: o.warning ? "Warning" : "Normal",
        count: o.count ?? 1,
        uid: `${t.toString(16)}${this.next().toString(16)}`,
      },
    };
  }

  dcgm(t: number, metric: string, value: number, extra: Record<string, string> = {}): SimEvent {
    return {
      stream: STREAMS.dcgm,
      t,
      f: { event_kind: "metric", k8s_pod: RESNET.pod, host_name: RESNET.node },
      x: {
        metric,
        value,
        labels: {
          gpu: "0",
          UUID: "GPU-5f0c2d9e-1b7a-4c3e-9f8d-2a6b4c8e0d11",
          device: "nvidia0",
          modelName: "NVIDIA A10G",
          Hostname: RESNET.node,
          container: "kserve-container",
          namespace: NAMESPACE,
          pod: RESNET.pod,
          ...extra,
        },
      },
    };
  }

  evidently(
    t: number,
    model: string,
    columns: readonly { name: string; score: number; threshold: number }[],
  ): SimEvent {
    return { stream: STREAMS.evidently, t, f: { event_kind: "drift", model_name: model }, x: { columns } };
  }

  job(
    t: number,
    o: {
      runId: string;
      status: "started" | "succeeded" | "failed";
      startedAt: number;
      version: string;
      metrics?: Record<string, number>;
      error?: string;
    },
  ): SimEvent {
    return {
      stream: STREAMS.pipeline,
      t,
      f: { event_kind: "pipeline", event_action: `job_${o.status}`, model_name: LOAN.name, model_version: o.version },
      x: { job: `retrain-${LOAN.name}`, ...o },
    };
  }

  triton(t: number, level: "I" | "W" | "E", file: string, message: string): SimEvent {
    return { stream: STREAMS.triton, t, f: { event_kind: "log", message }, x: { level, file } };
  }

  /** Emits one tick of the normal platform load, scaled by `load` and the time of day. */
  baseline(t: number, tickMs: number, load: number, out: Emitter): void {
    const rng = this.rng;
    const scale = (load * diurnal(t) * tickMs) / 1000;
    const spread = (rate: number, make: (at: number) => void): void => {
      const n = rng.poisson(rate * scale);
      for (let i = 0; i < n; i++) make(t + Math.floor(((i + rng.float()) / n) * tickMs));
    };
    spread(8, (at) => out.emit(this.sentiment(at)));
    spread(1.5, (at) => out.emit(this.loan(at, "A")));
    spread(1.5, (at) => out.emit(this.loan(at, "B")));
    spread(5, (at) => out.emit(this.resnetAccess(at, rng.pick(CLIENTS))));
    spread(6, (at) => out.emit(this.catalogRequest(at, rng.pick(CLIENTS))));
    spread(3, (at) => out.emit(this.vision(at, rng.pick(CLIENTS))));
    spread(1.5, (at) => {
      for (const e of this.chat(at, { user: rng.pick(USERS) })) out.emit(e);
    });
    spread(0.3, (at) => {
      const user = rng.pick(USERS);
      out.emit(this.login(at, user, rng.chance(0.04) ? "fp" : "s", userIp(user)));
    });
    // Periodic sources, on their own clocks.
    if (t % 10_000 < tickMs) out.emit(this.vllmStats(t, Math.max(0.2, load * diurnal(t))));
    if (t % 15_000 < tickMs) {
      out.emit(this.dcgm(t, "DCGM_FI_DEV_GPU_UTIL", Math.round(35 + 40 * diurnal(t) + 5 * rng.normal())));
      out.emit(this.dcgm(t, "DCGM_FI_DEV_FB_USED", Math.round(14000 + 3000 * diurnal(t) + 200 * rng.normal())));
    }
    if (t % 1_800_000 < tickMs) {
      out.emit(
        this.evidently(
          t,
          LOAN.name,
          LOAN.features.map((name) => ({ name, score: round3(0.15 + 0.8 * rng.float()), threshold: 0.05 })),
        ),
      );
    }
  }

  /** The daily retraining run at 02:00 UTC: started, then succeeded about 40 minutes later with healthy metrics. */
  dailyRetrain(t: number, tickMs: number, out: Emitter): void {
    const day = t - (t % 86_400_000);
    const at = day + 2 * 3_600_000;
    if (at < t || at >= t + tickMs) return;
    const runId = `${new Date(at).toISOString().slice(0, 10)}-nightly`;
    const version = `${LOAN.stable}.${Math.floor(at / 86_400_000) % 1000}`;
    out.emit(this.job(at, { runId, status: "started", startedAt: at, version }));
    const done = at + 2_400_000 + Math.round(this.rng.float() * 300_000);
    const metrics = {
      auc: round3(0.86 + 0.01 * this.rng.float()),
      accuracy: round3(0.9 + 0.01 * this.rng.float()),
      rows_trained: 1_840_000 + this.rng.int(0, 20_000),
    };
    out.emit(this.job(done, { runId, status: "succeeded", startedAt: at, version, metrics }));
  }

  /** What the platform logs when the simulation starts: models loaded, pods started. */
  startup(t: number, out: Emitter): void {
    out.emit(this.triton(t, "I", "model_lifecycle.cc:473", `loading: ${EMBEDDER.name}:${EMBEDDER.version}`));
    out.emit(
      this.triton(
        t + 850,
        "I",
        "model_lifecycle.cc:838",
        `successfully loaded '${EMBEDDER.name}' version ${EMBEDDER.version}`,
      ),
    );
    out.emit(
      this.k8s(t, {
        kind: "Pod",
        object: RESNET.pod,
        reason: "Started",
        message: "Started container kserve-container",
        warning: false,
      }),
    );
    out.emit(this.torchserveLog(t + 10, "INFO", "org.pytorch.serve.wlm.ModelManager", `Model ${RESNET.name} loaded.`));
  }
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
