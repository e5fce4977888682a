// The detection service with real rules on a stub alert sink: rule failures are isolated, the queue is bounded,
// modes apply, and a reload that finds a broken file keeps the rules in force.
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { Registry } from "prom-client";
import { tempDir } from "../../test/helpers/process.js";
import type { AlertRow } from "../core/alert-row.js";
import type { WriteBatch } from "../core/batch.js";
import type { InferEvent } from "../core/fields.js";
import type { SigmaEngine } from "../detection/sigma/engine.js";
import { DetectionMetrics } from "../telemetry/detection-metrics.js";
import { type DetectionOptions, DetectionService } from "./detection.js";

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

function rule(id: string, needle: string): string {
  return `title: ${id}\nid: ${id}\nlevel: low\nlogsource: {product: inferwatch, category: llm}\ndetection:\n  sel:\n    prompt_text|contains: ${needle}\n  condition: sel\n`;
}

let n = 0;
function event(text: string): InferEvent {
  n++;
  return {
    timestamp: 1_700_000_000_000 + n,
    event_id: `e${n}`,
    event_kind: "llm",
    prompt_text: text,
  } as unknown as InferEvent;
}

function batchOf(...events: InferEvent[]): WriteBatch[] {
  return [{ events, deadLetters: [] }];
}

class Sink {
  readonly alerts: AlertRow[] = [];
  async writeAlerts(a: readonly AlertRow[]): Promise<void> {
    this.alerts.push(...a);
  }
}

class Log {
  readonly lines: string[] = [];
  info(_o: object, msg: string): void {
    this.lines.push(`info ${msg}`);
  }
  warn(_o: object, msg: string): void {
    this.lines.push(`warn ${msg}`);
  }
  error(_o: object, msg: string): void {
    this.lines.push(`error ${msg}`);
  }
}

function setup(name: string, opts: Partial<DetectionOptions> = {}) {
  const rules = join(dir, name);
  mkdirSync(rules);
  writeFileSync(join(rules, "a.yml"), rule("rule-a", "alpha"));
  writeFileSync(join(rules, "b.yml"), rule("rule-b", "beta"));
  const sink = new Sink();
  const log = new Log();
  const registry = new Registry();
  const metrics = new DetectionMetrics(registry);
  const svc = DetectionService.open(sink, metrics, log, {
    rulePaths: [rules],
    placeholders: {},
    maxGroups: 1000,
    queueMaxEvents: 1000,
    modes: {},
    watch: false,
    debounceMs: 50,
    ...opts,
  });
  return { rules, sink, log, registry, svc };
}

async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  const v = (m?.values ?? []).find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l));
  return Number(v?.value ?? 0);
}

test("a rule that throws is counted and logged once; other rules and later events go on", async () => {
  const { sink, log, registry, svc } = setup("failing");
  const engine = (svc as unknown as { engine: SigmaEngine }).engine;
  const ruleA = engine.rules.detections.find((r) => r.meta.id === "rule-a");
  assert.ok(ruleA);
  // Simulate a bug inside one compiled rule (real rules do not throw; the service must survive one that does).
  (ruleA.detection as { test: unknown }).test = (view: { ev: { prompt_text?: string } }) => {
    if (view.ev.prompt_text?.includes("poison")) throw new Error("rule bug");
    return view.ev.prompt_text?.includes("alpha") ?? false;
  };
  // The poisoned events carry the rule's literal, so the index routes them to it.
  svc.submit(batchOf(event("alpha poison"), event("alpha poison again"), event("beta"), event("alpha")));
  await svc.drain();
  assert.deepEqual(
    sink.alerts.map((a) => a.rule_id),
    ["rule-b", "rule-a"],
  );
  assert.equal(await value(registry, "inferwatch_detection_rule_errors_total", { rule: "rule-a" }), 2);
  assert.equal(log.lines.filter((l) => l.startsWith("error detection rule rule-a failed")).length, 1);
  await svc.close();
});

test("beyond the queue bound, events skip detection, counted and logged, and submit never blocks", async () => {
  const { sink, log, registry, svc } = setup("bounded", { queueMaxEvents: 10 });
  const many = Array.from({ length: 8 }, () => event("alpha"));
  svc.submit(batchOf(...many));
  svc.submit(batchOf(...Array.from({ length: 5 }, () => event("alpha"))));
  await svc.drain();
  assert.equal(sink.alerts.length, 8);
  assert.equal(await value(registry, "inferwatch_detection_dropped_events_total"), 5);
  assert.ok(log.lines.some((l) => l.startsWith("warn detection queue full")));
  svc.submit(batchOf(event("alpha")));
  await svc.drain();
  assert.equal(sink.alerts.length, 9, "after draining, the queue takes events again");
  await svc.close();
});

test("modes: shadow alerts are flagged, disabled rules raise none, filters have no mode", async () => {
  const { sink, svc } = setup("modes", { modes: { "rule-a": "shadow", "rule-b": "disabled" } });
  svc.submit(batchOf(event("alpha"), event("beta")));
  await svc.drain();
  assert.deepEqual(
    sink.alerts.map((a) => [a.rule_id, a.mode]),
    [["rule-a", "shadow"]],
  );
  svc.setMode("rule-b", "enabled");
  svc.submit(batchOf(event("beta")));
  await svc.drain();
  assert.deepEqual(sink.alerts.at(-1)?.mode, "live");
  assert.throws(() => svc.setMode("nope", "shadow"), /no rule with id nope/);
  await svc.close();
});

test("a reload with a broken file keeps the rules in force and reports file:line problems", async () => {
  const { rules, sink, registry, svc } = setup("reload");
  writeFileSync(
    join(rules, "c.yml"),
    "title: c\nid: rule-c\nlogsource: {product: inferwatch}\ndetection:\n  condition: nope\n",
  );
  const r = await svc.reload();
  assert.equal(r.ok, false);
  assert.ok(
    r.issues.some((i) => /c\.yml:\d+:\d+: /.test(i)),
    r.issues.join("\n"),
  );
  assert.ok((await value(registry, "inferwatch_detection_rule_load_errors_total")) >= 1);
  assert.deepEqual(
    svc.rules().map((x) => x.id),
    ["rule-a", "rule-b"],
  );
  writeFileSync(join(rules, "c.yml"), rule("rule-c", "gamma"));
  const ok = await svc.reload();
  assert.equal(ok.ok, true);
  assert.equal(ok.rules, 3);
  svc.submit(batchOf(event("gamma")));
  await svc.drain();
  assert.deepEqual(
    sink.alerts.map((a) => a.rule_id),
    ["rule-c"],
  );
  await svc.close();
});

test("broken rules at start refuse to open with every problem listed", () => {
  const rules = join(dir, "broken-start");
  mkdirSync(rules);
  writeFileSync(
    join(rules, "x.yml"),
    "title: x\nid: x\nlogsource: {}\ndetection:\n  sel: {a|nosuch: 1}\n  condition: sel\n",
  );
  assert.throws(
    () =>
      DetectionService.open(new Sink(), new DetectionMetrics(new Registry()), new Log(), {
        rulePaths: [rules],
        placeholders: {},
        maxGroups: 10,
        queueMaxEvents: 10,
        modes: {},
        watch: false,
        debounceMs: 50,
      }),
    (e: Error & { code?: string }) => e.code === "rules_invalid" && /x\.yml:\d+:\d+/.test(e.message),
  );
});

test("correlation state is bounded: evicted groups are counted, held groups are a gauge", async () => {
  const { rules, registry, svc } = setup("evict", { maxGroups: 2 });
  writeFileSync(
    join(rules, "corr.yml"),
    `title: per user\nid: per-user\ncorrelation:\n  type: event_count\n  rules: [rule-a]\n  group-by: [user_id]\n  timespan: 1h\n  condition: {gte: 100}\n`,
  );
  assert.equal((await svc.reload()).ok, true);
  const users = ["u1", "u2", "u3", "u4", "u5"];
  svc.submit(batchOf(...users.map((u) => ({ ...event("alpha"), user_id: u }) as InferEvent)));
  await svc.drain();
  assert.equal(await value(registry, "inferwatch_detection_evicted_groups_total"), 3);
  assert.equal(await value(registry, "inferwatch_detection_correlation_groups"), 2);
  await svc.close();
});
