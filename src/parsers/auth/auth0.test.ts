// The `auth0` format: real Auth0 events (from Panther's rule tests), the derived code table, hand-written logins.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { ROOT } from "../../../test/helpers/process.js";
import { okRecords, runText } from "../common/fixtures.js";
import { FOREIGN_TO_DOCUMENT_FORMATS } from "../common/foreign-lines.js";
import type { ParseContext } from "../types.js";
import { authJsonFormat } from "./auth-json.js";
import { auth0Format } from "./auth0.js";
import { AUTH0_LOG_TYPES } from "./auth0-log-types.js";
import { keycloakFormat } from "./keycloak.js";

const CTX: ParseContext = { timeZone: "Europe/Berlin", referenceTime: Date.UTC(2026, 10, 22, 12) };
const DIR = join(ROOT, "test/fixtures/samples/auth");
const JSONL = join(DIR, "auth0_log_stream_events_DERIVED_from_panther_tests.jsonl");

test("the derived JSON lines are exactly the Log objects of the Panther test YAML", () => {
  const fromYaml = [
    "auth0_panther_test_auth0_leaked_password_login_attempt.yml",
    "auth0_panther_test_auth0_cic_credential_stuffing.yml",
  ].flatMap((f) =>
    (parseYaml(readFileSync(join(DIR, f), "utf8")) as { Tests: { Log: unknown }[] }).Tests.map((t) => t.Log),
  );
  const lines = readFileSync(JSONL, "utf8")
    .split("\n")
    .filter((l) => l !== "");
  assert.deepEqual(
    lines.map((l) => JSON.parse(l)),
    fromYaml,
  );
});

test("the code table is the TSV's, row for row", () => {
  const rows = readFileSync(join(DIR, "auth0_log_type_codes_DERIVED_from_auth0-log-extension-tools.tsv"), "utf8")
    .split("\n")
    .slice(1)
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
  assert.equal(AUTH0_LOG_TYPES.size, rows.length);
  for (const [code, name, description, severity, level] of rows) {
    assert.deepEqual(AUTH0_LOG_TYPES.get(code ?? ""), { name, description, severity, level: Number(level) }, code);
  }
});

test("real events: leaked password and failed cross-origin authentication", () => {
  const out = runText(auth0Format, readFileSync(JSONL, "utf8"), CTX);
  assert.deepEqual(
    out.map((r) => r.line),
    [1, 2],
  );
  const [leak, fcoa] = okRecords(out);
  assert.deepEqual(leak, {
    timestamp: Date.UTC(2025, 9, 1, 5, 39, 16, 467),
    event_kind: "auth",
    event_action: "breached_password",
    outcome: "failure",
    severity: "error",
    message:
      "Breached password: Someone behind the IP address: 2601:140:9702:ee80:0000:1f55:93a7:e970 attempted to login with a leaked password. A shield to prevent this action was enabled, further attempts are blocked.",
    user_id: "denethor@lotr.com",
    client_ip: "2601:140:9702:ee80:9049:1f55:0000:e970",
    user_agent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    reason:
      "Someone behind the IP address: 2601:140:9702:ee80:0000:1f55:93a7:e970 attempted to login with a leaked password. A shield to prevent this action was enabled, further attempts are blocked.",
    auth0_type: "pwd_leak",
    auth0_type_name: "Breached password",
    log_id: "90020251001053916537654000000000000001223372122475524001",
    user_name: "denethor@lotr.com",
    client_id: "11Qpq1o8fbGgnZuFJnQCyjuC1ll8YFt0",
    connection: "Username-Password-Authentication",
    connection_id: "con_BvGURiLLdngYaT0D",
    hostname: "auth.clientdomain.com",
  });
  assert.equal(fcoa?.timestamp, Date.UTC(2024, 9, 29, 18, 52, 51, 953));
  assert.equal(fcoa?.event_action, "failed_cross_origin_authentication");
  assert.equal(fcoa?.outcome, "failure");
  assert.equal(fcoa?.error_type, "server_error");
  assert.equal(fcoa?.session_id, "OJ0d2L-gDTvkmwEctP8d3XwtLD8Yu1qh");
  assert.equal(fcoa?.reason, "Unable to configure verification page.");
  assert.equal(fcoa?.user_id, undefined);
  assert.equal(fcoa?.client_ip, "2605:59c8:3075:214:d003:e902:2b01:dc14");
  assert.equal(fcoa?.client_name, "App Frontend");
  assert.deepEqual(fcoa?.scope, ["openid", "profile", "email", "offline_access"]);
  // OAuth state, CSRF tokens and nonces in the query string are not kept.
  assert.deepEqual(fcoa?.details, {
    connection: "Username-Password-Authentication",
    error: {
      message: "Unable to configure verification page.",
      oauthError: "server_error",
      type: "oauth-authorization",
    },
  });
});

// Hand-written from Auth0's documented log event fields (auth0.com/docs/logs/references/log-events-data): no
// licensed real s/f/fp/fu event exists in the shared samples.
const HANDWRITTEN = [
  '{"date":"2026-11-22T08:15:02.394Z","type":"s","description":"Successful login","connection":"Username-Password-Authentication","client_id":"EmEDkk1wKV0bmzZut3rbEC5vxBE6UiZV","client_name":"Inference API","ip":"198.51.100.23","user_agent":"python-requests/2.32.3","user_id":"auth0|6740a1f2c3d4e5f6a7b8c9d0","user_name":"bob@example.com","strategy":"auth0","strategy_type":"database","log_id":"90020261122081502394000000000000000000000000000000000001","location_info":{"country_code":"DE","city_name":"Berlin"}}',
  '{"date":"2026-11-22T08:15:04.010Z","type":"fp","description":"Wrong email or password.","connection":"Username-Password-Authentication","client_id":"EmEDkk1wKV0bmzZut3rbEC5vxBE6UiZV","ip":"198.51.100.23","user_agent":"python-requests/2.32.3","details":{"error":{"message":"Wrong email or password."}},"user_id":"auth0|6740a1f2c3d4e5f6a7b8c9d0","user_name":"bob@example.com","log_id":"90020261122081504010000000000000000000000000000000000002"}',
  '{"date":"2026-11-22T08:15:05.500Z","type":"fu","description":"Wrong email or password.","ip":"203.0.113.99","user_name":"nobody@example.com","log_id":"90020261122081505500000000000000000000000000000000000003"}',
  '{"date":"2026-11-22T08:16:00.000Z","type":"limit_wc","description":"Too many failed login attempts","ip":"203.0.113.99","user_name":"bob@example.com","log_id":"90020261122081600000000000000000000000000000000000000004"}',
  '{"date":"2026-11-22T08:17:00.000Z","type":"zz_new","ip":"203.0.113.99","log_id":"90020261122081700000000000000000000000000000000000000005"}',
];

test("hand-written Management API events: success, wrong password, unknown user, blocked account, new codes", () => {
  const records = okRecords(runText(auth0Format, HANDWRITTEN.join("\n"), CTX));
  assert.deepEqual(
    records.map((r) => [r.event_action, r.outcome, r.severity, r.user_id ?? null, r.client_ip]),
    [
      ["success_login", "success", "info", "auth0|6740a1f2c3d4e5f6a7b8c9d0", "198.51.100.23"],
      ["failed_login_wrong_password", "failure", "error", "auth0|6740a1f2c3d4e5f6a7b8c9d0", "198.51.100.23"],
      ["failed_login_invalid_email_username", "failure", "error", "nobody@example.com", "203.0.113.99"],
      ["blocked_account", "failure", "error", "bob@example.com", "203.0.113.99"],
      ["auth0_zz_new", "unknown", "info", null, "203.0.113.99"],
    ],
  );
  assert.equal(records[0]?.timestamp, Date.UTC(2026, 10, 22, 8, 15, 2, 394));
  assert.equal(records[0]?.geo_country, "DE");
  assert.equal(records[0]?.geo_city, "Berlin");
  assert.equal(records[1]?.reason, "Wrong email or password.");
});

test("broken lines are diagnosed", () => {
  const codes = runText(
    auth0Format,
    [
      '{"log_id": "1", "date": "2026-11-22T08:15:02Z"',
      '{"log_id": "1", "date": "2026-11-22T08:15:02Z"}',
      '{"log_id": "1", "type": "s"}',
      '{"log_id": "1", "type": "s", "date": "last week"}',
      "[1]",
    ].join("\n"),
    CTX,
  ).map((r) => (r.ok ? "ok" : r.code));
  assert.deepEqual(codes, ["invalid_json", "unparseable", "missing_timestamp", "invalid_timestamp", "not_an_object"]);
});

test("every example parses; detect keys on Auth0 events only", () => {
  for (const ex of auth0Format.examples) assert.equal(okRecords(runText(auth0Format, ex, CTX)).length, 1);
  for (const line of [...readFileSync(JSONL, "utf8").split("\n").filter(Boolean), ...HANDWRITTEN]) {
    assert.equal(auth0Format.detect(line), true, line);
  }
  for (const line of [...FOREIGN_TO_DOCUMENT_FORMATS, ...keycloakFormat.examples, ...authJsonFormat.examples]) {
    assert.equal(auth0Format.detect(line), false, line);
  }
});
