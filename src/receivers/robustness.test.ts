// Cut, spliced and byte-flipped protocol bodies never crash the receivers' decoders: they answer with a value.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mulberry32 } from "../core/random.js";
import { webhookItems } from "./alertmanager/webhook.js";
import { BulkSyntaxError, parseBulk } from "./elasticsearch/bulk.js";
import { parseEventBody } from "./splunk/events.js";

const BULK = `{"index":{"_index":"a","_id":"1"}}\n{"@timestamp":"2026-11-22T10:00:00Z","message":"x \\"q\\" {}","host":{"name":"h"}}\n{"delete":{"_id":"2"}}\n{"create":{}}\n{"m":[1,{"n":null}]}\n`;
const HEC =
  '{"time":1763800000.5,"host":"h","event":"line {x}"}{"event":{"message":"m","a":[1,2]},"fields":{"f":"v"}}\n{"event":"z"}';
const WEBHOOK = JSON.stringify({
  version: "4",
  groupLabels: { a: "b" },
  commonLabels: {},
  alerts: [{ status: "firing", labels: { alertname: "A" }, annotations: {}, startsAt: "2026-11-22T10:00:00Z" }],
});

/** Variants of `text`: cut at a random point, a random slice spliced in elsewhere, random characters replaced. */
function mutations(text: string, seed: number, count: number): string[] {
  const rnd = mulberry32(seed);
  const at = () => Math.floor(rnd() * (text.length + 1));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3;
    if (kind === 0) out.push(text.slice(0, at()));
    else if (kind === 1) {
      const [a, b] = [at(), at()].sort((x, y) => x - y) as [number, number];
      const p = at();
      out.push(text.slice(0, p) + text.slice(a, b) + text.slice(p));
    } else {
      const chars = [...text];
      for (let k = 0; k < 3; k++)
        chars[Math.floor(rnd() * chars.length)] = '{}[]":,\\\n x'[Math.floor(rnd() * 12)] ?? "";
      out.push(chars.join(""));
    }
  }
  return out;
}

test("bulk bodies: only BulkSyntaxError escapes, every action has a document, an error or a rejection", () => {
  for (const body of mutations(BULK, 7, 600)) {
    try {
      for (const a of parseBulk(body, "p")) assert.ok(a.doc || a.error || a.rejection, body);
    } catch (e) {
      assert.ok(e instanceof BulkSyntaxError, `${String(e)} for ${JSON.stringify(body)}`);
    }
  }
});

test("HEC bodies and webhook payloads always decode to events or a reply naming the problem", () => {
  for (const body of mutations(HEC, 11, 600)) {
    const r = parseEventBody(body);
    assert.ok("events" in r || r.error.status >= 400, body);
  }
  for (const body of mutations(WEBHOOK, 13, 600)) {
    const r = webhookItems(body);
    assert.ok("items" in r || r.error.length > 0, body);
  }
});
