// Redaction at ingest: masking patterns, keyed hashing, dropping, copies in raw/attributes, config errors, end to end.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { tempDir } from "../../test/helpers/process.js";
import { loadConfig } from "../config/load.js";
import type { InferEvent } from "../core/fields.js";
import type { Limits } from "../core/limits.js";
import { openRuntime } from "../services/runtime.js";
import { normalizeRecord } from "./normalize.js";
import { compileRedaction, maskIp, maskText, type RedactionSettings } from "./redact.js";

const LIMITS: Limits = {
  maxBodyBytes: 1 << 25,
  maxLineBytes: 1 << 20,
  maxDepth: 20,
  maxFieldBytes: 1 << 16,
  maxFields: 1000,
};
const DEFAULTS: RedactionSettings = loadConfig().redaction;
const KEY = "0123456789abcdef-test-key";

/** The event ingest would store for one JSON line, before redaction. */
function eventOf(record: Record<string, unknown>): InferEvent {
  const raw = JSON.stringify(record);
  const n = normalizeRecord(record, raw, {
    sourceId: "t",
    sourceType: "json",
    observedAt: 1,
    limits: LIMITS,
    keepRaw: true,
  });
  assert.ok(n.ok, "fixture event must normalize");
  return n.event;
}

const T = 1_763_800_000_000;

test("the defaults mask prompts, responses and messages and keep user ids and addresses", () => {
  assert.deepEqual({ ...DEFAULTS }, { prompt: "mask", response: "mask", message: "mask", user: "keep", ip: "keep" });
});

test("default policy: e-mails, Luhn-valid cards and API keys in the prompt are masked, in the column and in raw", () => {
  const policy = compileRedaction(DEFAULTS);
  const prompt =
    "I am jane.doe@example.com, card 4111 1111 1111 1111, order 4111111111111112, key sk-proj-Ab3dEfGh1jKlMnOpQrStUvWx";
  const e = policy.apply(eventOf({ timestamp: T, prompt_text: prompt, user_id: "u-1", client_ip: "10.1.2.3" }));
  assert.equal(e.prompt_text, "I am [EMAIL], card [CARD], order 4111111111111112, key [SECRET]");
  assert.ok(e.raw?.includes("I am [EMAIL], card [CARD], order 4111111111111112, key [SECRET]"), e.raw ?? "");
  for (const secret of ["jane.doe", "4111 1111", "sk-proj"])
    assert.ok(!e.raw?.includes(secret), `${secret} left in raw`);
  // An invalid-Luhn 16-digit number is an ordinary number, and so are epoch times.
  assert.equal(maskText("id 4111111111111112 at 1763800000000000"), "id 4111111111111112 at 1763800000000000");
  assert.equal(e.user_id, "u-1");
  assert.equal(e.client_ip, "10.1.2.3");
});

test("card numbers: separators, a trailing group after the number, numbers inside attributes", () => {
  assert.equal(maskText("5555-5555-5555-4444."), "[CARD].");
  assert.equal(maskText("pay 4111 1111 1111 1111 202"), "pay [CARD] 202");
  assert.equal(maskText("378282246310005 amex"), "[CARD] amex");
  const e = compileRedaction(DEFAULTS).apply(eventOf({ timestamp: T, card_no: 4111111111111111, note: "x@y.io" }));
  assert.deepEqual(JSON.parse(e.attributes ?? "{}"), { card_no: "[CARD]", note: "[EMAIL]" });
  assert.ok(!e.raw?.includes("4111111111111111"));
});

test("phone numbers: E.164 and North American forms; bare numbers, dates and addresses survive", () => {
  assert.equal(maskText("call +1 (415) 555-2671 now"), "call [PHONE] now");
  assert.equal(maskText("or +44 20 7946 0958."), "or [PHONE].");
  assert.equal(maskText("or 415-555-2671, (415) 555-2671, 415.555.2671"), "or [PHONE], [PHONE], [PHONE]");
  const plain = "latency 4155552671 ms on 2024-01-15 from 192.168.1.100 v1.2.3 +0530";
  assert.equal(maskText(plain), plain);
});

test("secrets: Bearer, AWS, GitHub, Slack, JWT and key=value forms", () => {
  assert.equal(maskText("Authorization: Bearer abc.def-123456"), "Authorization: Bearer [SECRET]");
  assert.equal(maskText("the bearer instruments"), "the bearer instruments");
  assert.equal(maskText("AKIAIOSFODNN7EXAMPLE"), "[SECRET]");
  assert.equal(maskText("t=ghp_0123456789abcdefghijABCDEFGHIJ012345"), "t=[SECRET]");
  assert.equal(maskText("xoxb-1234567890-abcdefghij"), "[SECRET]");
  assert.equal(maskText("sk-ant-api03-abcdefghijklmnopqrstuvwxyz"), "[SECRET]");
  assert.equal(maskText("GET /v1?api_key=abcd1234&x=1"), "GET /v1?api_key=[SECRET]&x=1");
  assert.equal(maskText('{"password": "hunter22", "max_token": 4096}'), '{"password": "[SECRET]", "max_token": 4096}');
});

test("a JWT is masked, also right after a JSON escape, without breaking the JSON of raw", () => {
  const jwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  assert.equal(maskText(`token ${jwt} end`), "token [SECRET] end");
  const e = compileRedaction(DEFAULTS).apply(eventOf({ timestamp: T, message: `line1\n${jwt}\nbob@x.io` }));
  assert.equal(e.message, "line1\n[SECRET]\n[EMAIL]");
  assert.deepEqual(JSON.parse(e.raw ?? ""), { timestamp: T, message: "line1\n[SECRET]\n[EMAIL]" });
});

test("hash: keyed HMAC-SHA256, equal for equal values under one key, different under another; raw follows", () => {
  const a = compileRedaction({ ...DEFAULTS, user: "hash", hash_key: KEY });
  const b = compileRedaction({ ...DEFAULTS, user: "hash", hash_key: `${KEY}-other` });
  const e1 = a.apply(eventOf({ timestamp: T, user_id: "alice", session_id: "s-9", tokens_in: 7 }));
  const e2 = a.apply(eventOf({ timestamp: T + 1, user_id: "alice" }));
  const e3 = b.apply(eventOf({ timestamp: T, user_id: "alice" }));
  assert.match(e1.user_id ?? "", /^h:[0-9a-f]{64}$/);
  assert.equal(e1.user_id, e2.user_id);
  assert.notEqual(e1.user_id, e3.user_id);
  assert.notEqual(e1.session_id, e1.user_id);
  assert.equal(JSON.parse(e1.raw ?? "").user_id, e1.user_id);
  assert.equal(JSON.parse(e1.raw ?? "").session_id, e1.session_id);
  assert.ok(!e1.raw?.includes("alice"));
  // A value is replaced only where it stands as a whole token: other sevens of the line survive.
  const short = a.apply(eventOf({ timestamp: T, user_id: "7", tokens_in: 77, request_id: "r7" }));
  assert.equal(JSON.parse(short.raw ?? "").tokens_in, 77);
  assert.equal(JSON.parse(short.raw ?? "").request_id, "r7");
});

test("drop: the column is null and its copies in raw and attributes are [REDACTED]", () => {
  const policy = compileRedaction({ ...DEFAULTS, prompt: "drop", ip: "drop" });
  const e = policy.apply(
    eventOf({ timestamp: T, prompt_text: 'say "hi"\nplease', client_ip: "10.0.0.7", upstream: "via 10.0.0.7" }),
  );
  assert.equal(e.prompt_text, null);
  assert.equal(e.client_ip, null);
  const raw = JSON.parse(e.raw ?? "");
  assert.equal(raw.prompt_text, "[REDACTED]");
  assert.equal(raw.client_ip, "[REDACTED]");
  assert.deepEqual(JSON.parse(e.attributes ?? "{}"), { upstream: "via [REDACTED]" });
});

test("a dropped prompt that raw holds in another form clears raw rather than leak it", () => {
  const policy = compileRedaction({ ...DEFAULTS, prompt: "drop" });
  const event = { ...eventOf({ timestamp: T, prompt_text: "secret plan" }), raw: "user: secret\nuser: plan" };
  assert.equal(policy.apply(event).raw, null);
});

test("ip mask keeps the network: /24 and /48, in the column and in raw", () => {
  assert.equal(maskIp("10.1.2.3"), "10.1.2.0");
  assert.equal(maskIp("2001:db8:85a3::8a2e:370:7334"), "2001:db8:85a3::");
  assert.equal(maskIp("not an address"), null);
  const e = compileRedaction({ ...DEFAULTS, ip: "mask" }).apply(eventOf({ timestamp: T, client_ip: "10.1.2.3" }));
  assert.equal(e.client_ip, "10.1.2.0");
  assert.equal(JSON.parse(e.raw ?? "").client_ip, "10.1.2.0");
});

test("keep everywhere changes nothing", () => {
  const policy = compileRedaction({ prompt: "keep", response: "keep", message: "keep", user: "keep", ip: "keep" });
  const e = eventOf({ timestamp: T, prompt_text: "a@b.io" });
  assert.equal(policy.apply(e), e);
});

test("hash without a key is a configuration error listed with the others, and never shows the key", () => {
  assert.throws(
    () => loadConfig({ env: { INFERWATCH_REDACTION_USER: "hash", INFERWATCH_SERVER_PORT: "99999" } }),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, "config_invalid");
      assert.match(e.message, /has 2 errors/);
      assert.match(e.message, /redaction\.hash_key: is required because redaction\.user uses `hash`/);
      return true;
    },
  );
  const shortKey = "tooShortKey1";
  assert.throws(
    () => loadConfig({ env: { INFERWATCH_REDACTION_PROMPT: "hash", INFERWATCH_REDACTION_HASH_KEY: shortKey } }),
    (e: Error) => {
      assert.match(
        e.message,
        /redaction\.hash_key \(from INFERWATCH_REDACTION_HASH_KEY\): must be at least 16 characters/,
      );
      assert.ok(!e.message.includes(shortKey), "the key must not appear in errors");
      return true;
    },
  );
  const c = loadConfig({ env: { INFERWATCH_REDACTION_PROMPT: "hash", INFERWATCH_REDACTION_HASH_KEY: KEY } });
  assert.equal(c.redaction.prompt, "hash");
  assert.throws(
    () => compileRedaction({ ...DEFAULTS, user: "hash" }),
    (e: Error) => !e.message.includes(KEY),
  );
});

test("adversarial 64 KiB inputs finish (every pattern is linear-time)", () => {
  const size = 64 * 1024;
  const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  for (const text of [
    fill("a"),
    fill("a."),
    fill("a@"),
    fill("a@b."),
    fill("eyJ"),
    fill("eyJa."),
    fill("4 "),
    fill("4-"),
    fill("1"),
    fill("+1 "),
    fill("(555) "),
    fill("sk-"),
    fill("Bearer "),
    fill("api_key="),
    fill("\\n"),
    fill("xoxb-"),
    fill("AKIA"),
  ]) {
    const out = maskText(text);
    assert.equal(typeof out, "string");
  }
  // The whole-token search of hashed/dropped values on long repetitive text finishes too.
  const policy = compileRedaction({ ...DEFAULTS, prompt: "drop" });
  const e = eventOf({ timestamp: T, prompt_text: fill("ab ").slice(0, 4096) });
  policy.apply({ ...e, raw: fill("ab ") });
});

test("end to end: a stored event's prompt_text and raw are masked under the default configuration", async () => {
  const dir = tempDir();
  const rt = await openRuntime(loadConfig({ overrides: { data_dir: dir, "log.level": "silent" } }));
  try {
    const line = JSON.stringify({
      timestamp: T,
      request_id: "redact-e2e",
      prompt_text: "Mail bob@corp.example, card 5555 5555 5555 4444",
      response_text: "Sure, I will call +1 415 555 2671",
    });
    const r = await rt.ingest.ingestText(line, { format: "json", sourceId: "redact" });
    assert.equal(r.accepted, 1);
    const q = await rt.store.query(
      "SELECT prompt_text, response_text, raw FROM events WHERE request_id = 'redact-e2e'",
      { maxRows: 10, timeoutMs: 10_000 },
    );
    assert.deepEqual(q.rows[0]?.slice(0, 2), ["Mail [EMAIL], card [CARD]", "Sure, I will call [PHONE]"]);
    const raw = String(q.rows[0]?.[2]);
    assert.ok(raw.includes("Mail [EMAIL], card [CARD]") && raw.includes("call [PHONE]"), raw);
    assert.ok(!/bob@|5555|2671/.test(raw), raw);
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
