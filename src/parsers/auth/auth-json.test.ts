// The `auth-json` format: generic JSON authentication lines, and a detect that leaves other JSON alone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { authJsonFormat } from "./auth-json.js";
import { auth0Format } from "./auth0.js";
import { keycloakFormat } from "./keycloak.js";

const CTX: ParseContext = { timeZone: "America/New_York", referenceTime: Date.UTC(2026, 10, 22, 12) };

// Hand-written: the shape is InferWatch's own generic convention, not a product's log.
const LINES = [
  '{"time": "2026-11-22T09:14:03.120Z", "user": "alice@example.com", "ip": "203.0.113.7", "outcome": "failure", "reason": "invalid_password", "method": "password"}',
  '{"timestamp": 1795338900, "username": "alice@example.com", "ip": "203.0.113.7", "success": true, "method": "api_key", "user_agent": "curl/8.5.0", "tenant": "acme"}',
  '{"time": "2026-11-22 04:20:00", "user": "bob", "outcome": "DENIED", "action": "token refresh"}',
  '{"time": "2026-11-22T09:14:03Z", "user": "eve", "outcome": "maybe"}',
];

test("time, user, IP, outcome, reason and method map; other keys stay", () => {
  const records = okRecords(runText(authJsonFormat, LINES.join("\n"), CTX));
  assert.deepEqual(records[0], {
    timestamp: Date.UTC(2026, 10, 22, 9, 14, 3, 120),
    event_kind: "auth",
    event_action: "login",
    outcome: "failure",
    severity: "warn",
    message: "login failure for alice@example.com from 203.0.113.7: invalid_password",
    user_id: "alice@example.com",
    client_ip: "203.0.113.7",
    reason: "invalid_password",
    auth_method: "password",
  });
  assert.equal(records[1]?.timestamp, 1_795_338_900_000);
  assert.equal(records[1]?.outcome, "success");
  assert.equal(records[1]?.severity, "info");
  assert.equal(records[1]?.user_agent, "curl/8.5.0");
  assert.equal(records[1]?.tenant, "acme");
  // A time without an offset is wall-clock time in the context zone (EST, UTC-5).
  assert.equal(records[2]?.timestamp, Date.UTC(2026, 10, 22, 9, 20));
  assert.equal(records[2]?.event_action, "token_refresh");
  assert.equal(records[2]?.outcome, "failure");
  assert.equal(records[3]?.outcome, "unknown");
});

test("lines without a time, with a bad time, or not JSON are diagnosed", () => {
  const codes = runText(
    authJsonFormat,
    ['{"user": "a", "outcome": "success"}', '{"time": "soon", "user": "a", "outcome": "success"}', '{"time": '].join(
      "\n",
    ),
    CTX,
  ).map((r) => (r.ok ? "ok" : r.code));
  assert.deepEqual(codes, ["missing_timestamp", "invalid_timestamp", "invalid_json"]);
});

test("every example parses; detect needs time, user and outcome keys and leaves normalized JSON alone", () => {
  for (const ex of authJsonFormat.examples) assert.equal(okRecords(runText(authJsonFormat, ex, CTX)).length, 1);
  for (const line of LINES) assert.equal(authJsonFormat.detect(line), true, line);
  for (const line of [
    ...FOREIGN_TO_DOCUMENT_FORMATS,
    ...auth0Format.examples,
    ...keycloakFormat.examples,
    '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "auth", "user": "a", "outcome": "success"}',
    '{"timestamp": "2026-11-22T10:00:00Z", "user_id": "a", "outcome": "success"}',
    '{"time": "2026-11-22T10:00:00Z", "user": "a", "ip": "1.2.3.4"}',
  ]) {
    assert.equal(authJsonFormat.detect(line), false, line);
  }
});
