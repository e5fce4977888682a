// Sigma → IR: unsupported features are refused by name, rule strings only travel as parameters, and the CIDR
// expansion agrees with the streaming engine's matcher.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RE2JS } from "re2js";
import { mulberry32 } from "../../core/random.js";
import { duckdb } from "../../query/sql/duckdb.js";
import { generate } from "../../query/sql/generate.js";
import { compileCidr } from "./cidr.js";
import { planHunt } from "./hunt-plan.js";
import { loadRules } from "./ruleset.js";
import { CannotHunt, itemToIr, resolveField } from "./to-ir.js";

const OPTS = { placeholders: new Map<string, string[]>() };
const RANGE = { sinceMs: 0, untilMs: 10_000 };

function sqlOf(yaml: string): { sql: string; params: readonly unknown[] } {
  const { set, issues } = loadRules([{ file: "r.yml", text: yaml }]);
  assert.deepEqual(issues, []);
  const [q] = planHunt(set, OPTS, RANGE);
  assert.ok(q);
  return generate(q.rel, duckdb);
}

const rule = (item: string) => `title: t
logsource: { product: x }
detection:
  sel:
    ${item}
  condition: sel
`;

test("each unsupported modifier use is refused with a message naming it", () => {
  const refuse = (key: string, value: unknown, re: RegExp) =>
    assert.throws(
      () => itemToIr(key, value, OPTS),
      (e: unknown) => e instanceof CannotHunt && re.test(e.message),
    );
  refuse("client_ip|cidr", "2001:db8::/32", /cannot hunt with `cidr` on `2001:db8::\/32` yet/);
  refuse("message|hour", 3, /cannot hunt with `hour` on the text field `message` yet/);
  refuse("attributes", "x", /whole `attributes` field/);
});

test("rule strings reach SQL only as parameters", () => {
  const evil = "x'); DROP TABLE events; --";
  const { sql, params } = sqlOf(rule(`message|contains: "${evil}"`));
  assert.ok(!sql.includes("DROP"), sql);
  assert.ok(params.includes(evil));
  const re = sqlOf(rule(`message|re: "a'b"`));
  assert.ok(!re.sql.includes("a'b"));
  const keyword = sqlOf(`title: t\nlogsource: { product: x }\ndetection:\n  k: ["${evil}"]\n  condition: k\n`);
  assert.ok(!keyword.sql.includes("DROP"));
});

test("field names resolve like the streaming engine: columns by alias, else attributes by key and dotted path", () => {
  assert.deepEqual(resolveField("c-ip").value, { k: "column", name: "client_ip", type: "string" });
  assert.deepEqual(resolveField("latency_ms").type, "real");
  const attr = resolveField("attributes.team");
  assert.equal(attr.type, "string");
  assert.deepEqual(attr.json, {
    k: "call",
    op: "json_at",
    args: [
      { k: "column", name: "attributes", type: "json" },
      { k: "literal", value: "/team", type: "string" },
    ],
    type: "json",
  });
  // a dotted name reads the flat key when it exists, else the nested path
  const dotted = resolveField("a.b");
  assert.equal(dotted.json?.k, "case");
  // a key with a slash stays inside its level: the JSON pointer escapes it
  const { sql, params } = sqlOf(rule(`"x/y": v`));
  assert.ok(params.includes("/x~1y"), JSON.stringify({ sql, params }));
});

test("the CIDR expansion matches exactly the addresses the streaming matcher accepts", () => {
  const rnd = mulberry32(11);
  const nets = [
    "10.0.0.0/8",
    "10.1.2.0/23",
    "192.168.5.0/30",
    "172.16.0.0/12",
    "1.2.3.4/32",
    "0.0.0.0/0",
    "100.64.0.0/10",
  ];
  for (const net of nets) {
    const ir = itemToIr("client_ip|cidr", net, OPTS);
    // the pattern is the second argument of the regex call inside coalesce(...)
    const find = (e: unknown): string | undefined => {
      if (typeof e !== "object" || e === null) return undefined;
      const o = e as { k?: string; op?: string; args?: unknown[] };
      if (o.k === "call" && o.op === "regex") return (o.args?.[1] as { value: string } | undefined)?.value;
      for (const a of o.args ?? []) {
        const f = find(a);
        if (f) return f;
      }
      return undefined;
    };
    const pattern = find(ir);
    assert.ok(pattern, net);
    const re = RE2JS.compile(pattern);
    const stream = compileCidr(net);
    assert.ok(stream);
    const [base] = net.split("/") as [string];
    const b = base.split(".").map(Number);
    for (let i = 0; i < 3000; i++) {
      // addresses near the network and random ones, plus malformed text
      const near = rnd() < 0.6;
      const octets = [0, 1, 2, 3].map((k) =>
        near && rnd() < 0.7 ? (b[k] as number) + Math.floor(rnd() * 3) - 1 : Math.floor(rnd() * 256),
      );
      let ip = octets.join(".");
      if (rnd() < 0.05) ip = `0${ip}`;
      if (rnd() < 0.03) ip = `${ip}.1`;
      assert.equal(re.test(ip), stream(ip), `${net} vs ${ip}`);
    }
  }
});
