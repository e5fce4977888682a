// The simulation engine: determinism by seed, time order, scenario placement and selection, label shape.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { InferWatchError } from "../core/errors.js";
import { placeScenarios, type SimOptions, simulate } from "./engine.js";
import { renderNormalized, renderReal } from "./render/index.js";
import { SCENARIOS, selectScenarios } from "./scenarios/index.js";

const BASE: SimOptions = {
  seed: 42,
  start: Date.UTC(2026, 10, 22, 9),
  durationMs: 20 * 60_000,
  scenarios: SCENARIOS,
  load: 1,
};

function digest(o: SimOptions, render = renderReal): { hash: string; events: number } {
  const h = createHash("sha256");
  let events = 0;
  for (const tick of simulate(o).ticks()) {
    for (const e of tick.events) {
      h.update(`${e.stream.format}/${e.stream.source}\t${render(e)}\n`);
      events++;
    }
  }
  return { hash: h.digest("hex"), events };
}

test("the same seed gives byte-identical output, real and normalized; another seed gives different output", () => {
  const a = digest(BASE);
  assert.ok(a.events > 10_000);
  assert.deepEqual(digest(BASE), a);
  assert.deepEqual(digest(BASE, renderNormalized), digest(BASE, renderNormalized));
  assert.notEqual(digest({ ...BASE, seed: 43 }).hash, a.hash);
  assert.notEqual(digest({ ...BASE, start: BASE.start + 1000 }).hash, a.hash);
});

test("labels are the same for the same options and depend only on time and scenarios, not on the seed", () => {
  const a = simulate(BASE).labels;
  assert.deepEqual(simulate({ ...BASE, seed: 1 }).labels, a);
  assert.equal(a.length, SCENARIOS.length);
});

test("ticks are in time order, inside the simulated range, and each tick's events are sorted", () => {
  let last = BASE.start;
  for (const tick of simulate(BASE).ticks()) {
    assert.ok(tick.t >= last);
    for (const e of tick.events) {
      assert.ok(e.t >= tick.t && e.t < tick.end, `event at ${e.t} outside tick ${tick.t}-${tick.end}`);
      assert.ok(e.t >= last);
      last = e.t;
    }
  }
  assert.ok(last < BASE.start + BASE.durationMs);
});

test("scenario windows do not overlap and stay inside the run", () => {
  const w = placeScenarios(SCENARIOS, BASE.start, BASE.durationMs);
  for (let i = 0; i < w.length; i++) {
    const cur = w[i] as { start: number; end: number };
    assert.ok(cur.start >= BASE.start && cur.end <= BASE.start + BASE.durationMs && cur.start < cur.end);
    if (i > 0) assert.ok(cur.start >= (w[i - 1] as { end: number }).end);
  }
});

test("labels: kind, benign flag and ATLAS technique agree; benign look-alikes carry no technique", () => {
  for (const l of simulate(BASE).labels) {
    assert.equal(l.benign, l.kind === "benign");
    if (l.kind === "attack") assert.match(l.atlas?.id ?? "", /^AML\.T\d{4}(\.\d{3})?$/, l.scenario);
    else assert.equal(l.atlas, null, l.scenario);
    assert.ok(Object.keys(l.entities).length > 0, l.scenario);
    assert.equal(new Date(l.start).getTime(), l.start_ms);
    assert.ok(l.streams.length > 0);
  }
  const benign = SCENARIOS.filter((s) => s.kind === "benign").map((s) => s.name);
  for (const name of [
    "benign-traffic-surge",
    "benign-planned-deploy",
    "benign-security-chat",
    "benign-batch-scoring",
  ]) {
    assert.ok(benign.includes(name), name);
  }
});

test("scenario selection: all, a list, none; an unknown name is an error listing the known ones", () => {
  assert.equal(selectScenarios("all").length, SCENARIOS.length);
  assert.deepEqual(
    selectScenarios("brute-force, evasion").map((s) => s.name),
    ["brute-force", "evasion"],
  );
  assert.deepEqual(selectScenarios(undefined), []);
  assert.throws(
    () => selectScenarios("evasion,nope"),
    (e: unknown) => e instanceof InferWatchError && /unknown scenario "nope".*prompt-injection/.test(e.message),
  );
});

test("every scenario name is unique and every DESIGN.md seed scenario (1-12) has a module", () => {
  assert.equal(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length);
  const seeds = new Set(SCENARIOS.map((s) => s.seed).filter((s) => s !== undefined));
  for (let i = 1; i <= 12; i++) assert.ok(seeds.has(i), `seed scenario ${i}`);
});

test("load scales the baseline", () => {
  const small = digest({ ...BASE, scenarios: [], load: 0.5 }).events;
  const big = digest({ ...BASE, scenarios: [], load: 2 }).events;
  assert.ok(big > 3 * small, `${big} vs ${small}`);
});
