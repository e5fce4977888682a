// GenAI semantic conventions → LLM columns: current names (gen_ai.provider.name, gen_ai.input.messages...), the
// deprecated ones still emitted by deployed SDKs (gen_ai.system, prompt/completion tokens, content events), the
// indexed gen_ai.prompt.N.* form of OpenLLMetry and the llm.* names of OpenInference.
import { isObject } from "../common/json-values.js";

/** A span event, or a log record seen as one: content-carrying GenAI events are read from these. */
export interface GenAiEvent {
  readonly name: string;
  readonly attributes: Record<string, unknown>;
  readonly body?: unknown;
}

const PROVIDER = ["gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system"];
const MODEL = [
  "gen_ai.request.model",
  "gen_ai.response.model",
  "llm.model_name",
  "llm.request.model",
  "llm.response.model",
];
const TOKENS_IN = [
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.prompt_tokens",
  "llm.token_count.prompt",
  "llm.usage.prompt_tokens",
];
const TOKENS_OUT = [
  "gen_ai.usage.output_tokens",
  "gen_ai.usage.completion_tokens",
  "llm.token_count.completion",
  "llm.usage.completion_tokens",
];
/** `gen_ai.usage.cost` is OpenLIT's (not in the conventions) and is in US dollars. */
const COST = ["gen_ai.usage.cost", "llm.usage.cost"];
const FINISH = ["gen_ai.response.finish_reasons", "llm.response.finish_reason"];
const PROMPT = ["gen_ai.input.messages", "gen_ai.prompt", "llm.prompts"];
const RESPONSE = ["gen_ai.output.messages", "gen_ai.completion"];

const MESSAGE_EVENTS: Record<string, string> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};

const INDEXED = /^gen_ai\.(prompt|completion)\.(\d+)\.(.+)$/;

type Convert = (v: unknown) => string | number | undefined;

const asString: Convert = (v) => (typeof v === "string" && v !== "" ? v : undefined);

const asCount: Convert = (v) => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

const asCost: Convert = (v) => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** Several finish reasons (one per choice) are kept comma-separated in the keyword column. */
const asReasons: Convert = (v) => {
  if (typeof v === "string") return v === "" ? undefined : v;
  if (Array.isArray(v)) {
    const parts = v.filter((x): x is string => typeof x === "string" && x !== "");
    return parts.length > 0 ? parts.join(",") : undefined;
  }
  return undefined;
};

/** Text columns keep a string as written (often already JSON); structured content is stored as its JSON. */
const asText: Convert = (v) => {
  if (v === null || v === undefined || v === "") return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
};

/** Sets `column` from the first of `keys` present with a usable value, removing that key from `attrs`. */
function take(
  record: Record<string, unknown>,
  attrs: Record<string, unknown>,
  column: string,
  keys: readonly string[],
  convert: Convert,
): void {
  if (record[column] !== undefined) return;
  for (const key of keys) {
    if (!(key in attrs)) continue;
    const v = convert(attrs[key]);
    if (v !== undefined) {
      record[column] = v;
      delete attrs[key];
      return;
    }
  }
}

interface Message {
  role?: unknown;
  content?: unknown;
  [k: string]: unknown;
}

/** One message alone is its content; several keep their roles, as JSON. */
function messagesText(messages: readonly Message[]): string | undefined {
  if (messages.length === 0) return undefined;
  if (messages.length === 1) return asText((messages[0] as Message).content) as string | undefined;
  return JSON.stringify(messages);
}

/** Pulls OpenLLMetry's `gen_ai.prompt.0.role` / `gen_ai.prompt.0.content` attributes into message lists. */
function takeIndexed(attrs: Record<string, unknown>): { prompt: Message[]; completion: Message[] } {
  const found = { prompt: new Map<number, Message>(), completion: new Map<number, Message>() };
  for (const key of Object.keys(attrs)) {
    const m = INDEXED.exec(key);
    if (!m) continue;
    const side = found[m[1] as "prompt" | "completion"];
    const index = Number(m[2]);
    const msg = side.get(index) ?? {};
    msg[m[3] as string] = attrs[key];
    side.set(index, msg);
    delete attrs[key];
  }
  const ordered = (m: Map<number, Message>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  return { prompt: ordered(found.prompt), completion: ordered(found.completion) };
}

/** What the content events of a span (or a GenAI event log record) say; `used` are the events consumed. */
function readEvents(events: readonly GenAiEvent[]): {
  prompt: Message[];
  completion: Message[];
  attrs: Record<string, unknown>;
  finish: string[];
  used: Set<number>;
} {
  const out = {
    prompt: [] as Message[],
    completion: [] as Message[],
    attrs: {},
    finish: [] as string[],
    used: new Set<number>(),
  };
  const attrs: Record<string, unknown> = out.attrs;
  events.forEach((e, i) => {
    const body = isObject(e.body) ? e.body : {};
    const fields = { ...body, ...e.attributes };
    const role = MESSAGE_EVENTS[e.name];
    if (role !== undefined) {
      const content = fields.content ?? (typeof e.body === "string" ? e.body : undefined);
      out.prompt.push({ role: fields.role ?? role, content });
      out.used.add(i);
    } else if (e.name === "gen_ai.choice") {
      const message = isObject(fields.message) ? fields.message : {};
      out.completion.push({ role: message.role ?? "assistant", content: message.content ?? fields.content });
      if (typeof fields.finish_reason === "string") out.finish.push(fields.finish_reason);
      out.used.add(i);
    } else if (e.name === "gen_ai.content.prompt" && "gen_ai.prompt" in fields) {
      out.prompt.push({ content: fields["gen_ai.prompt"] });
      out.used.add(i);
    } else if (e.name === "gen_ai.content.completion" && "gen_ai.completion" in fields) {
      out.completion.push({ content: fields["gen_ai.completion"] });
      out.used.add(i);
    } else if (e.name === "gen_ai.client.inference.operation.details") {
      Object.assign(attrs, e.attributes);
      out.used.add(i);
    }
  });
  return out;
}

/** Is this telemetry about an LLM call? Any GenAI / OpenInference attribute or GenAI event says so. */
export function isGenAi(attrs: Record<string, unknown>, events: readonly GenAiEvent[] = []): boolean {
  return (
    Object.keys(attrs).some((k) => k.startsWith("gen_ai.") || k.startsWith("llm.")) ||
    events.some((e) => e.name.startsWith("gen_ai."))
  );
}

/**
 * Fills the LLM columns of `record` from `attrs` (consumed keys are removed, so they are not stored twice) and
 * from content-carrying `events`. Returns the indexes of the events it consumed.
 */
export function applyGenAi(
  record: Record<string, unknown>,
  attrs: Record<string, unknown>,
  events: readonly GenAiEvent[] = [],
): Set<number> {
  const fromEvents = readEvents(events);
  // Attributes of an inference-details event count as the span's own, unless the span already has them.
  for (const [k, v] of Object.entries(fromEvents.attrs)) if (!(k in attrs)) attrs[k] = v;
  take(record, attrs, "llm_provider", PROVIDER, asString);
  // The requested model names the deployment; the response model (a dated snapshot) stays an attribute.
  take(record, attrs, "model_name", MODEL, asString);
  take(record, attrs, "tokens_in", TOKENS_IN, asCount);
  take(record, attrs, "tokens_out", TOKENS_OUT, asCount);
  take(record, attrs, "cost_usd", COST, asCost);
  take(record, attrs, "finish_reason", FINISH, asReasons);
  if (!("session.id" in attrs)) take(record, attrs, "session_id", ["gen_ai.conversation.id"], asString);
  take(record, attrs, "event_action", ["gen_ai.operation.name"], asString);
  take(record, attrs, "prompt_text", PROMPT, asText);
  take(record, attrs, "response_text", RESPONSE, asText);
  const indexed = takeIndexed(attrs);
  if (record.prompt_text === undefined) record.prompt_text = messagesText([...indexed.prompt, ...fromEvents.prompt]);
  if (record.response_text === undefined) {
    record.response_text = messagesText([...indexed.completion, ...fromEvents.completion]);
  }
  if (record.finish_reason === undefined) {
    const reasons = [
      ...indexed.completion.map((m) => m.finish_reason).filter((r): r is string => typeof r === "string"),
      ...fromEvents.finish,
    ];
    if (reasons.length > 0) record.finish_reason = reasons.join(",");
  }
  for (const column of ["prompt_text", "response_text", "finish_reason"]) {
    if (record[column] === undefined) delete record[column];
  }
  return fromEvents.used;
}
