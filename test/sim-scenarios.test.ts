// Every scenario, run alone and read back through InferWatch's own parsers: zero dead letters, and the events its
// label points at (window and entities) carry the injected signal, which a run without the scenario lacks.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { InferEvent } from "../src/core/fields.js";
import type { Label } from "../src/sim/scenario.js";
import { SCENARIOS } from "../src/sim/scenarios/index.js";
import { entityValue, labeled, type ParsedRun, related, runAndParse } from "./helpers/sim.js";

const START = Date.UTC(2026, 10, 22, 12);
const BASE = { seed: 7, start: START, durationMs: 10 * 60_000, load: 1 };

const control = runAndParse({ ...BASE, scenarios: [] });

const inRange = (l: Label) => (e: InferEvent) => e.timestamp >= l.start_ms && e.timestamp < l.end_ms;
const share = (es: readonly InferEvent[], p: (e: InferEvent) => boolean): number =>
  es.length === 0 ? 0 : es.filter(p).length / es.length;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const lat = (es: readonly InferEvent[]) => es.map((e) => e.latency_ms ?? 0);
const conf = (es: readonly InferEvent[]) => es.filter((e) => e.confidence !== null).map((e) => e.confidence as number);
const attr = (e: InferEvent, k: string) => entityValue(e, `attributes.${k}`);

/** The signal check of each scenario: `hit` are the labeled events of its run, `run` the whole run, `ctl` the control run. */
type Check = (hit: InferEvent[], run: ParsedRun, label: Label, ctl: InferEvent[]) => void;

const CHECKS: Record<string, Check> = {
  "baseline-dashboard": (hit, _run, label, ctl) => {
    assert.ok(hit.length > 1000, `${hit.length} requests`);
    assert.ok(quantile(lat(hit), 0.5) < 80);
    assert.ok(conf(hit).every((c) => c > 0.33 && c <= 1));
    // Nothing is injected: the run has as many sentiment requests as the control in the same window.
    const same = labeled(ctl, label).length;
    assert.ok(Math.abs(hit.length - same) < 0.15 * same, `${hit.length} vs ${same}`);
  },
  "latency-infra": (hit, run, label, ctl) => {
    const req = hit.filter((e) => e.event_kind === "inference");
    assert.ok(share(req, (e) => (e.latency_ms ?? 0) > 1500) > 0.2);
    const before = labeled(ctl, label).filter((e) => e.event_kind === "inference");
    assert.ok(share(before, (e) => (e.latency_ms ?? 0) > 1500) < 0.01);
    assert.ok(hit.some((e) => e.event_action === "worker_died"));
    assert.ok(hit.some((e) => /GC pause/.test(e.message ?? "")));
    // The infrastructure side is found through the related entities (the model's pod and node).
    const infra = related(run.events, label);
    assert.ok(infra.some((e) => e.event_action === "OOMKilled"));
    assert.ok(infra.some((e) => e.event_action === "gpu_xid_error"));
    assert.ok(!related(ctl, label).some((e) => e.severity === "error" || e.event_action === "OOMKilled"));
  },
  "latency-input-complexity": (hit) => {
    const big = hit.filter((e) => (e.input_size_bytes ?? 0) > 10_000_000);
    assert.ok(big.length > 100);
    assert.ok(big.every((e) => e.input_shape === "1x3x1024x1024"));
    assert.ok(quantile(lat(big), 0.1) > 1000);
    assert.ok(quantile(lat(hit.filter((e) => (e.input_size_bytes ?? 0) < 1_000_000)), 0.9) < 200);
  },
  "drift-login-failures": (hit, run, label, ctl) => {
    assert.ok(hit.some((e) => e.event_kind === "drift" && attr(e, "drift_detected") === true));
    assert.ok(!ctl.some((e) => e.event_kind === "drift" && attr(e, "drift_detected") === true));
    const fails = (es: InferEvent[]) =>
      es.filter(inRange(label)).filter((e) => e.event_kind === "auth" && e.outcome === "failure").length;
    assert.ok(fails(run.events) > 5 * Math.max(1, fails(ctl)), `${fails(run.events)} vs ${fails(ctl)}`);
  },
  "poisoning-source-a": (hit, run, label) => {
    const b = run.events.filter(inRange(label)).filter((e) => e.source_id === "source_B" && e.confidence !== null);
    assert.ok(mean(conf(b)) - mean(conf(hit)) > 0.08, `${mean(conf(hit))} vs ${mean(conf(b))}`);
    assert.ok(share(hit, (e) => e.prediction_label === "1") > share(b, (e) => e.prediction_label === "1") + 0.1);
  },
  "canary-latency": (hit, run, label) => {
    assert.ok(hit.length > 50);
    assert.ok(quantile(lat(hit), 0.99) > 500);
    const stable = run.events
      .filter(inRange(label))
      .filter((e) => e.model_name === "loan-approval" && e.deployment_group === "default");
    assert.ok(quantile(lat(stable), 0.99) < 200);
    assert.ok(run.events.some((e) => e.event_action === "traffic_weight_updated"));
  },
  "canary-errors": (hit, run, label) => {
    assert.ok(hit.length > 50);
    const stable = run.events
      .filter(inRange(label))
      .filter((e) => e.model_name === "loan-approval" && e.deployment_group === "default");
    const failed = (es: InferEvent[]) => share(es, (e) => e.outcome === "failure");
    assert.ok(failed(hit) > 0.05 && failed(hit) > 2 * failed(stable), `${failed(hit)} vs ${failed(stable)}`);
  },
  "canary-healthy": (hit, run, label) => {
    assert.ok(hit.length > 50);
    assert.ok(quantile(lat(hit), 0.99) < 200);
    assert.ok(share(hit, (e) => e.outcome === "failure") < 0.03);
    // The canary gets about 10% of the model's traffic.
    const all = run.events
      .filter(inRange(label))
      .filter((e) => e.model_name === "loan-approval" && e.event_kind === "inference");
    assert.ok(hit.length / all.length > 0.05 && hit.length / all.length < 0.15);
  },
  "prompt-injection": (hit, _run, label, ctl) => {
    assert.ok(hit.length >= 20);
    assert.ok(hit.every((e) => /ignore|disregard|new instructions/i.test(e.prompt_text ?? "")));
    assert.equal(labeled(ctl, label).length, 0);
  },
  jailbreak: (hit) => {
    assert.ok(hit.length >= 20);
    assert.ok(hit.every((e) => /DAN|Developer Mode|no rules|grandmother/.test(e.prompt_text ?? "")));
  },
  "system-prompt-extraction": (hit) => {
    assert.ok(hit.length >= 20);
    assert.ok(hit.every((e) => (e.response_text ?? "").includes("ACME-7731")));
  },
  reconnaissance: (hit, _run, label, ctl) => {
    const pairs = new Set(hit.map((e) => `${e.model_name}@${e.model_version}`));
    assert.ok(pairs.size >= 24, `${pairs.size} model versions`);
    assert.ok(share(hit, (e) => e.http_status_code === 404) > 0.5);
    assert.equal(labeled(ctl, label).length, 0);
  },
  "model-extraction": (hit, _run, label, ctl) => {
    assert.ok(hit.length > 3000);
    assert.equal(new Set(hit.map((e) => e.input_hash)).size, hit.length);
    // Any one ordinary key sends far fewer requests in the same window.
    const perKey = new Map<string, number>();
    for (const e of ctl.filter(inRange(label)).filter((e) => e.auth_token_id)) {
      perKey.set(e.auth_token_id as string, (perKey.get(e.auth_token_id as string) ?? 0) + 1);
    }
    assert.ok(hit.length > 10 * Math.max(...perKey.values()));
  },
  evasion: (hit) => {
    assert.ok(hit.length > 300);
    const q = Math.floor(hit.length / 4);
    assert.ok(mean(conf(hit.slice(0, q))) > 0.85);
    assert.ok(mean(conf(hit.slice(-q))) < 0.65);
    assert.equal(hit[0]?.prediction_label, "unsafe");
    assert.equal(hit.at(-1)?.prediction_label, "safe");
    const sizes = hit.map((e) => e.input_size_bytes ?? 0);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 80);
  },
  "feedback-poisoning": (hit) => {
    assert.ok(hit.length > 500);
    assert.ok(hit.every((e) => e.endpoint === "/v1/feedback/spam-filter" && e.prediction_label === "0"));
  },
  "llm-dos": (hit, run, label, ctl) => {
    assert.ok(hit.filter((e) => (e.tokens_in ?? 0) >= 6000).length > 100);
    const failed = (es: InferEvent[]) =>
      share(
        es.filter((e) => e.source_type === "litellm"),
        (e) => e.outcome === "failure",
      );
    assert.ok(failed(hit) > 0.15, `${failed(hit)}`);
    assert.ok(failed(labeled(ctl, label)) < 0.02);
    assert.ok(run.events.filter(inRange(label)).some((e) => e.source_type === "vllm" && e.severity === "error"));
  },
  "token-spike": (hit, _run, label, ctl) => {
    const tokens = (es: InferEvent[]) => mean(es.map((e) => (e.tokens_in ?? 0) + (e.tokens_out ?? 0)));
    const normal = ctl.filter(inRange(label)).filter((e) => e.source_type === "litellm");
    assert.ok(hit.length > 50);
    assert.ok(tokens(hit) > 10 * tokens(normal), `${tokens(hit)} vs ${tokens(normal)}`);
  },
  "brute-force": (hit) => {
    const fails = hit.filter((e) => e.outcome === "failure");
    assert.ok(fails.length > 300);
    assert.ok(hit.some((e) => e.event_action === "success_login"));
    assert.ok(hit.some((e) => attr(e, "auth0_type") === "limit_wc"));
  },
  "credential-stuffing": (hit) => {
    assert.ok(new Set(hit.map((e) => e.user_id)).size > 300);
    assert.ok(new Set(hit.map((e) => e.client_ip)).size <= 8);
    assert.ok(share(hit, (e) => e.outcome === "failure") > 0.9);
  },
  "retrain-silent-failure": (hit, run) => {
    assert.ok(hit.some((e) => e.event_action === "job_started"));
    const done = run.events.filter((e) => attr(e, "run_id") === "silent-run" && e.event_action !== "job_started");
    assert.equal(done.length, 0);
  },
  "retrain-degraded-model": (hit, _run, label, ctl) => {
    const job = hit.find((e) => e.event_action === "job_succeeded");
    assert.equal((attr(job as InferEvent, "metrics") as { auc: number }).auc, 0.712);
    const served = hit.filter((e) => e.event_kind === "inference");
    assert.ok(served.length > 200);
    const before = ctl.filter(inRange(label)).filter((e) => e.model_name === "loan-approval" && e.confidence !== null);
    assert.ok(mean(conf(before)) - mean(conf(served)) > 0.1);
  },
  "slo-burn": (hit, _run, label, ctl) => {
    assert.ok(share(hit, (e) => (e.latency_ms ?? 0) > 200) > 0.015);
    assert.ok(share(labeled(ctl, label), (e) => (e.latency_ms ?? 0) > 200) < 0.01);
  },
  "benign-traffic-surge": (hit, _run, label, ctl) => {
    const before = labeled(ctl, label);
    assert.ok(hit.length > 2.5 * before.length, `${hit.length} vs ${before.length}`);
    assert.ok(quantile(lat(hit), 0.5) < 80);
    assert.ok(share(hit, (e) => e.outcome === "failure") < 0.01);
  },
  "benign-planned-deploy": (hit, run) => {
    const served = hit.filter((e) => e.event_kind === "inference");
    assert.ok(served.length > 500);
    assert.ok(quantile(lat(served), 0.5) < 250);
    assert.ok(run.events.some((e) => e.event_action === "rollout_completed"));
  },
  "benign-security-chat": (hit) => {
    assert.ok(hit.length >= 5);
    assert.ok(hit.every((e) => !(e.response_text ?? "").includes("ACME-7731")));
    assert.ok(hit.some((e) => /ignore all previous instructions|DAN|prompt injection/.test(e.prompt_text ?? "")));
  },
  "benign-batch-scoring": (hit) => {
    assert.ok(hit.length > 5000);
    assert.ok(mean(conf(hit)) > 0.75);
    assert.equal(new Set(hit.map((e) => e.input_hash)).size, hit.length);
  },
};

test("every scenario has a signal check", () => {
  assert.deepEqual(Object.keys(CHECKS).sort(), SCENARIOS.map((s) => s.name).sort());
});

test("the control run parses with zero dead letters", () => {
  assert.deepEqual(control.deadLetters.slice(0, 3), []);
  assert.ok(control.events.length > 10_000, `${control.events.length} events`);
});

for (const scenario of SCENARIOS) {
  test(`scenario ${scenario.name}: parsed back with zero dead letters; its label points at its signal`, () => {
    const run = runAndParse({ ...BASE, scenarios: [scenario] });
    assert.deepEqual(run.deadLetters.slice(0, 3), []);
    assert.equal(run.labels.length, 1);
    const label = run.labels[0] as Label;
    assert.equal(label.scenario, scenario.name);
    assert.equal(label.benign, scenario.kind === "benign");
    if (scenario.kind === "attack") assert.match(label.atlas?.id ?? "", /^AML\.T\d{4}(\.\d{3})?$/);
    else assert.equal(label.atlas, null);
    const hit = labeled(run.events, label);
    assert.ok(hit.length > 0, "no event carries the label's entities inside its window");
    (CHECKS[scenario.name] as Check)(hit, run, label, control.events);
  });
}
