// The `keycloak-events` format: the documented LOGIN_ERROR line (wrapped in the docs), Quarkus dates, admin events.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { authJsonFormat } from "./auth-json.js";
import { auth0Format } from "./auth0.js";
import { parseKeyValues } from "./key-values.js";
import { keycloakFormat } from "./keycloak.js";

const SAMPLE = join(ROOT, "test/fixtures/samples/auth/keycloak_docs_logging_event_listener_LOGIN_ERROR.log");
const NOON: ParseContext = { timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22, 12) };

test("the documented LOGIN_ERROR line: its 6 wrapped lines make one record", () => {
  const text = readFileSync(SAMPLE, "utf8");
  const out = runText(keycloakFormat, text, NOON);
  assert.equal(out.length, 1);
  assert.equal(out[0]?.line, 1);
  assert.equal(out[0]?.raw, text.trimEnd());
  const [r] = okRecords(out);
  assert.deepEqual(r, {
    timestamp: Date.UTC(2026, 10, 22, 11, 36, 9, 965),
    date_inferred: true,
    event_kind: "auth",
    event_action: "login",
    outcome: "failure",
    severity: "warn",
    message:
      "type=LOGIN_ERROR, realmId=master, clientId=myapp, userId=19aeb848-96fc-44f6-b0a3-59a17570d374, ipAddress=127.0.0.1, error=invalid_user_credentials, auth_method=openid-connect, auth_type=code, redirect_uri=http://localhost:8180/myapp, code_id=b669da14-cdbb-41d0-b055-0810a0334607, username=admin",
    user_id: "19aeb848-96fc-44f6-b0a3-59a17570d374",
    client_ip: "127.0.0.1",
    error_type: "invalid_user_credentials",
    reason: "invalid_user_credentials",
    keycloak_event_type: "LOGIN_ERROR",
    realm: "master",
    client_id: "myapp",
    username: "admin",
    auth_method: "openid-connect",
    details: {
      auth_method: "openid-connect",
      auth_type: "code",
      redirect_uri: "http://localhost:8180/myapp",
      code_id: "b669da14-cdbb-41d0-b055-0810a0334607",
      username: "admin",
    },
    logger: "org.keycloak.events",
    thread: "default task-51",
    continuation_lines: 5,
  });
});

test("a time of day without a date takes the reference date, or the day before when that would be later", () => {
  const [early] = okRecords(
    runText(keycloakFormat, keycloakFormat.examples[0] ?? "", {
      timeZone: "UTC",
      referenceTime: Date.UTC(2026, 10, 22, 10),
    }),
  );
  assert.equal(early?.timestamp, Date.UTC(2026, 10, 21, 11, 36, 9, 965));
  const [berlin] = okRecords(
    runText(keycloakFormat, keycloakFormat.examples[0] ?? "", {
      timeZone: "Europe/Berlin",
      referenceTime: Date.UTC(2026, 10, 22, 12),
    }),
  );
  assert.equal(berlin?.timestamp, Date.UTC(2026, 10, 22, 10, 36, 9, 965));
});

// Hand-written in the Quarkus distribution's default layout (date, `executor-thread-N`); no licensed sample exists.
const QUARKUS = [
  "2026-11-22 10:52:16,410 INFO  [org.keycloak.events] (executor-thread-3) type=LOGIN, realmId=inference, clientId=model-gateway, userId=0f9a4b6c-1d2e-4f30-8a9b-0c1d2e3f4a5b, ipAddress=203.0.113.50, auth_method=openid-connect, auth_type=code, response_type=code, redirect_uri=https://gw.example.com/callback, consent=no_consent_required, code_id=7c1e2d3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f, username=carol",
  "2026-11-22 10:52:20,002 WARN  [org.keycloak.events] (executor-thread-7) type=LOGIN_ERROR, realmId=inference, clientId=model-gateway, userId=null, ipAddress=198.51.100.9, error=user_not_found, auth_method=openid-connect, redirect_uri=https://gw.example.com/callback, code_id=null, username='mallory test'",
  "2026-11-22 10:53:00,000 INFO  [org.keycloak.events] (executor-thread-1) operationType=UPDATE, realmId=inference, clientId=security-admin-console, userId=2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901, ipAddress=10.0.0.5, resourceType=CLIENT, resourcePath=clients/5f0e1d2c-3b4a-4596-8778-695a4b3c2d1e",
];

test("Quarkus lines: local dates in the context zone, null ids, quoted values, admin events", () => {
  const records = okRecords(
    runText(keycloakFormat, QUARKUS.join("\n"), { timeZone: "Europe/Berlin", referenceTime: 0 }),
  );
  assert.deepEqual(
    records.map((r) => [
      r.timestamp,
      r.event_action,
      r.outcome,
      r.severity,
      r.user_id ?? null,
      r.client_ip,
      r.reason ?? null,
    ]),
    [
      [
        Date.UTC(2026, 10, 22, 9, 52, 16, 410),
        "login",
        "success",
        "info",
        "0f9a4b6c-1d2e-4f30-8a9b-0c1d2e3f4a5b",
        "203.0.113.50",
        null,
      ],
      [
        Date.UTC(2026, 10, 22, 9, 52, 20, 2),
        "login",
        "failure",
        "warn",
        "mallory test",
        "198.51.100.9",
        "user_not_found",
      ],
      [
        Date.UTC(2026, 10, 22, 9, 53),
        "admin_update",
        "success",
        "info",
        "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901",
        "10.0.0.5",
        null,
      ],
    ],
  );
  assert.equal(records[0]?.date_inferred, undefined);
  assert.equal(records[2]?.resource_type, "CLIENT");
  assert.equal(records[2]?.resource_path, "clients/5f0e1d2c-3b4a-4596-8778-695a4b3c2d1e");
  assert.equal(records[2]?.keycloak_event_type, "UPDATE");
});

test("key=value lists: quotes, lists, commas inside values, and where the grammar breaks", () => {
  const ok = parseKeyValues(`a=1, b='x y', c="q\\"t", d=[k=v, w], e=http://h/p?x=1,2, f=null`);
  assert.ok(ok.ok);
  assert.deepEqual(Object.fromEntries(ok.pairs), {
    a: "1",
    b: "x y",
    c: 'q"t',
    d: "[k=v, w]",
    e: "http://h/p?x=1,2",
    f: "null",
  });
  assert.equal(parseKeyValues("=1").ok, false);
  assert.equal(parseKeyValues("a b=1").ok, false);
  assert.equal(parseKeyValues(`a="x" junk`).ok, false);
  assert.equal(parseKeyValues("a='open").ok, false);
});

test("other lines, and continuations with nothing before them, are diagnosed", () => {
  const out = runText(
    keycloakFormat,
    [
      "   dangling continuation",
      "11:36:09,965 INFO  [org.keycloak.services] (main) Started",
      "25:36:09,965 WARN  [org.keycloak.events] (main) type=LOGIN, realmId=r",
      keycloakFormat.examples[0],
    ].join("\n"),
    NOON,
  );
  assert.deepEqual(
    out.map((r) => (r.ok ? "ok" : r.code)),
    ["unparseable", "unparseable", "invalid_timestamp", "ok"],
  );
});

test("every example parses; detect keys on event listener lines only", () => {
  for (const ex of keycloakFormat.examples) assert.equal(okRecords(runText(keycloakFormat, ex, NOON)).length, 1);
  const first = readFileSync(SAMPLE, "utf8").split("\n")[0] ?? "";
  for (const line of [first, ...QUARKUS]) assert.equal(keycloakFormat.detect(line), true, line);
  for (const line of [
    ...FOREIGN_TO_DOCUMENT_FORMATS,
    ...auth0Format.examples,
    ...authJsonFormat.examples,
    "                    clientId=myapp,",
  ]) {
    assert.equal(keycloakFormat.detect(line), false, line);
  }
});
