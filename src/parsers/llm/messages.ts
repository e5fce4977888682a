// Prompt and response text out of the message shapes of LLM APIs (OpenAI, completions, Gemini, OTel GenAI events).
import { asArray, asObject, asString, decodeJsonString, isObject } from "../common/json-values.js";

/** Roles whose text is the prompt: what the caller and the operator said, not earlier model turns or tool output. */
const PROMPT_ROLES = new Set(["user", "system", "developer"]);

/** Text of a message `content`: a string, or parts (`{type:"text", text}`, Gemini `{text}`), or `{parts: [...]}`. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  const parts = asArray(content) ?? asArray(asObject(content)?.parts);
  if (!parts) return undefined;
  const texts: string[] = [];
  for (const p of parts) {
    if (typeof p === "string") texts.push(p);
    else if (isObject(p) && typeof p.text === "string") texts.push(p.text);
  }
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/** The prompt of a message list: user/system/developer contents joined by newlines (role-less strings count too). */
export function promptFromMessages(messages: unknown): string | undefined {
  const list = asArray(decodeJsonString(messages));
  if (!list) return undefined;
  const texts: string[] = [];
  for (const m of list) {
    if (typeof m === "string") {
      texts.push(m);
      continue;
    }
    const msg = asObject(m);
    if (!msg) continue;
    const role = asString(msg.role)?.toLowerCase();
    if (role !== undefined && !PROMPT_ROLES.has(role)) continue;
    const text = contentText(msg.content ?? msg.parts);
    if (text !== undefined && text !== "") texts.push(text);
  }
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/**
 * The prompt of a request-like input: a message list, `{messages}`, a completions `prompt` (string or strings),
 * Gemini `{contents}` (a string or turns), or a plain string.
 */
export function promptFromInput(input: unknown): string | undefined {
  const v = decodeJsonString(input);
  if (typeof v === "string") return v === "" ? undefined : v;
  if (Array.isArray(v)) return promptFromMessages(v);
  const o = asObject(v);
  if (!o) return undefined;
  if (o.messages !== undefined) return promptFromMessages(o.messages);
  if (typeof o.prompt === "string") return o.prompt;
  if (Array.isArray(o.prompt)) return promptFromMessages(o.prompt.filter((p) => typeof p === "string"));
  if (typeof o.contents === "string") return o.contents;
  if (Array.isArray(o.contents)) return promptFromMessages(o.contents);
  if (typeof o.input === "string") return o.input;
  if (Array.isArray(o.input)) return promptFromMessages(o.input);
  return undefined;
}

/** The first choice of an OpenAI-shaped response or a single choice: its message content, or completion text. */
function choiceText(choice: unknown): string | undefined {
  const c = asObject(choice);
  if (!c) return undefined;
  if (typeof c.text === "string") return c.text;
  return contentText(asObject(c.message)?.content ?? asObject(c.delta)?.content);
}

/**
 * The response text of an output: a string, an assistant message, an OpenAI choice or response, a Gemini response
 * (`candidates[].content.parts[].text`), or a message list (the last non-prompt message).
 */
export function responseText(output: unknown): string | undefined {
  const v = decodeJsonString(output);
  if (typeof v === "string") return v === "" ? undefined : v;
  if (Array.isArray(v)) {
    for (let i = v.length - 1; i >= 0; i--) {
      const m = asObject(v[i]);
      const role = asString(m?.role)?.toLowerCase();
      if (m && (role === undefined || !PROMPT_ROLES.has(role))) return contentText(m.content) ?? choiceText(m);
    }
    return undefined;
  }
  const o = asObject(v);
  if (!o) return undefined;
  const choices = asArray(o.choices);
  if (choices) return choiceText(choices[0]);
  const candidates = asArray(o.candidates);
  if (candidates) return contentText(asObject(candidates[0])?.content);
  if (o.message !== undefined || typeof o.text === "string") return choiceText(o);
  return contentText(o.content);
}

/** `finish_reason` of the first choice or candidate (lower-cased: Gemini writes `STOP`, OpenAI `stop`). */
export function finishReason(output: unknown): string | undefined {
  const o = asObject(decodeJsonString(output));
  if (!o) return undefined;
  const first = asObject(asArray(o.choices)?.[0]) ?? asObject(asArray(o.candidates)?.[0]) ?? o;
  const r = asString(first.finish_reason) ?? asString(first.finishReason);
  return r?.toLowerCase();
}
