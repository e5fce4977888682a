// `inferwatch hunt` end to end: local data and --server (POST /api/v1/hunt) give the same alerts; bad input gets clear
// errors; --explain shows SQL with the rule's strings as parameters.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, runCli, startServer, tempDir } from "./helpers/process.js";

const RULES = join(ROOT, "rules/auth");
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
let dir: string;
let data: string;

before(async () => {
  dir = tempDir("iw-hunt-cli-");
  data = join(dir, "data");
  const lines = [];
  for (let i = 0; i < 12; i++) {
    lines.push(
      JSON.stringify({
        timestamp: T0 + i * 5000,
        event_id: `e${i}`,
        event_kind: "auth",
        outcome: "failure",
        user_id: "alice",
        client_ip: `198.51.100.${i}`,
      }),
    );
  }
  writeFileSync(join(dir, "ev.jsonl"), `${lines.join("\n")}\n`);
  const r = await runCli(["ingest", join(dir, "ev.jsonl"), "--data", data]);
  assert.equal(r.code, 0, r.stderr);
});

const RANGE = ["--since", "2026-01-05T00:00:00Z", "--until", "2026-01-06T00:00:00Z"];

test("hunt prints the brute-force alert with its group, count and author", async () => {
  const r = await runCli(["hunt", "--rule", RULES, ...RANGE, "--data", data]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Brute force against one account\s+event_count\s+user_id=alice\s+10\s+InferWatch/);
  assert.match(r.stderr, /1 alerts from 1 rules and 2 correlations \(12 matching events/);
  const j = await runCli(["hunt", "--rule", RULES, ...RANGE, "--data", data, "--format", "json"]);
  const alerts = j.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].first_seen, T0);
  assert.equal(alerts[0].last_seen, T0 + 9 * 5000);
  assert.deepEqual(alerts[0].evidence_event_ids, ["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"]);
});

test("a range that excludes the events finds nothing", async () => {
  const r = await runCli([
    "hunt",
    "--rule",
    RULES,
    "--since",
    "2026-01-05T10:00:30Z",
    "--until",
    "2026-01-06T00:00:00Z",
    "--data",
    data,
    "--format",
    "json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), "");
});

test("bad input: unknown file, bad time, rule errors with file:line, unsupported features", async () => {
  const missing = await runCli(["hunt", "--rule", join(dir, "nope.yml"), "--data", data]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such rule file or directory/);
  const badTime = await runCli(["hunt", "--rule", RULES, "--since", "yesterday-ish", "--data", data]);
  assert.equal(badTime.code, 2);
  assert.match(badTime.stderr, /since must be a duration back from now/);
  const order = await runCli(["hunt", "--rule", RULES, "--since", "1d", "--until", "2d", "--data", data]);
  assert.match(order.stderr, /since must be before until/);
  const broken = join(dir, "broken.yml");
  writeFileSync(broken, "title: b\nlogsource: {product: x}\ndetection:\n  sel:\n    a|nosuch: 1\n  condition: sel\n");
  const b = await runCli(["hunt", "--rule", broken, "--data", data]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /broken\.yml:5:\d+: .*unknown modifier `nosuch`/);
  const v6 = join(dir, "v6.yml");
  writeFileSync(
    v6,
    "title: b\nlogsource: {product: x}\ndetection:\n  sel:\n    client_ip|cidr: 2001:db8::/32\n  condition: sel\n",
  );
  const u = await runCli(["hunt", "--rule", v6, "--data", data]);
  assert.equal(u.code, 1);
  assert.match(u.stderr, /cannot hunt with `cidr` on `2001:db8::\/32` yet/);
});

test("--explain prints one query per rule with the rule's strings as parameters", async () => {
  const r = await runCli(["hunt", "--rule", RULES, "--explain"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /-- rule iw_auth_failure\nSELECT "timestamp", "event_id", "user_id", "client_ip", "attributes" FROM "events" WHERE .*"event_kind" = \$1/,
  );
  assert.match(r.stdout, /\["auth","failure"\]/);
  assert.ok(!/'failure'/.test(r.stdout));
});

let server: Awaited<ReturnType<typeof startServer>> | undefined;
after(async () => {
  await server?.stop();
});

test("--server runs the hunt through POST /api/v1/hunt with the same result", async () => {
  const local = await runCli(["hunt", "--rule", RULES, ...RANGE, "--data", data, "--format", "json"]);
  server = await startServer(data);
  const remote = await runCli(["hunt", "--rule", RULES, ...RANGE, "--server", server.url, "--format", "json"]);
  assert.equal(remote.code, 0, remote.stderr);
  assert.equal(remote.stdout, local.stdout);
  const bad = await fetch(new URL("/api/v1/hunt", server.url), { method: "POST", body: '{"rules": []}' });
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "invalid_parameter");
  const invalid = await fetch(new URL("/api/v1/hunt", server.url), {
    method: "POST",
    body: JSON.stringify({ rules: [{ file: "x.yml", text: "title: x\ndetection: {condition: nope}\n" }] }),
  });
  assert.equal(invalid.status, 400);
  assert.equal(((await invalid.json()) as { error: { code: string } }).error.code, "hunt_invalid");
});
