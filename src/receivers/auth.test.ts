// Receiver authentication: basic, bearer and none, with wrong and malformed credentials refused.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAuthorization } from "./auth.js";

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

test("none accepts anything, even no header", () => {
  assert.equal(checkAuthorization(undefined, { type: "none" }), null);
});

test("basic accepts the configured pair only", () => {
  const auth = { type: "basic", username: "ship", password: "p:a:ss" } as const;
  assert.equal(checkAuthorization(basic("ship", "p:a:ss"), auth), null);
  assert.match(checkAuthorization(basic("ship", "wrong"), auth) ?? "", /invalid user name or password/);
  assert.match(checkAuthorization(basic("other", "p:a:ss"), auth) ?? "", /invalid/);
  assert.match(checkAuthorization(undefined, auth) ?? "", /missing Authorization/);
  assert.match(checkAuthorization("Bearer abc", auth) ?? "", /expected `Authorization: Basic/);
  assert.match(checkAuthorization(["a", "b"], auth) ?? "", /missing/);
});

test("bearer accepts the configured token only, and the message never echoes what was sent", () => {
  const auth = { type: "bearer", token: "0123456789abcdef" } as const;
  assert.equal(checkAuthorization("Bearer 0123456789abcdef", auth), null);
  assert.equal(checkAuthorization("bearer 0123456789abcdef", auth), null);
  const refused = checkAuthorization("Bearer secret-guess-123", auth) ?? "";
  assert.match(refused, /invalid bearer token/);
  assert.doesNotMatch(refused, /secret-guess/);
  assert.match(checkAuthorization("Basic xyz", auth) ?? "", /expected `Authorization: Bearer/);
});

test("a parsed config section is accepted as is", async () => {
  const { configSchema } = await import("../config/schema.js");
  const config = configSchema.parse({ receivers: { loki: { auth: { type: "bearer", token: "0123456789abcdef" } } } });
  assert.equal(checkAuthorization("Bearer 0123456789abcdef", config.receivers.loki.auth), null);
  assert.equal(config.receivers.elasticsearch.enabled, true);
  assert.equal(config.receivers.syslog.enabled, false);
  assert.throws(() => configSchema.parse({ receivers: { otlp: { auth: { type: "basic", username: "u" } } } }));
});
