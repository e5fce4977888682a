// Reading a labels file: the simulator's own labels parse; bad lines are reported with their line numbers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { placeScenarios } from "../sim/engine.js";
import { labelOf } from "../sim/scenario.js";
import { SCENARIOS } from "../sim/scenarios/index.js";
import { entityFields, parseLabels } from "./labels.js";

test("the simulator's labels for every scenario parse, with their entities and related entities", () => {
  const placed = placeScenarios(SCENARIOS, Date.UTC(2026, 10, 22), 4 * 3_600_000);
  const text = placed.map((w, i) => JSON.stringify(labelOf(SCENARIOS[i] as (typeof SCENARIOS)[number], w))).join("\n");
  const labels = parseLabels(text);
  assert.equal(labels.length, SCENARIOS.length);
  const infra = labels.find((l) => l.scenario === "latency-infra");
  assert.deepEqual(infra?.related, { k8s_pod: "resnet50-predictor-7d9f6c-x2x4q", host_name: "gpu-node-2" });
  assert.equal(labels.filter((l) => l.benign).length, SCENARIOS.filter((s) => s.kind === "benign").length);
  const fields = entityFields(labels);
  for (const f of ["model_name", "user_id", "client_ip", "auth_token_id", "k8s_pod", "attributes.feature"]) {
    assert.ok(fields.includes(f), f);
  }
});

test("bad labels are refused with the line and the problem, all at once", () => {
  const good = { scenario: "x", kind: "attack", benign: false, start_ms: 1, end_ms: 2, entities: { model_name: "m" } };
  const text = [
    JSON.stringify(good),
    "{not json",
    JSON.stringify({ ...good, entities: { "model name": "m" } }),
    "",
    JSON.stringify({ ...good, end_ms: 1 }),
    JSON.stringify({ ...good, benign: true }),
    JSON.stringify({ ...good, kind: "weird" }),
  ].join("\n");
  assert.throws(
    () => parseLabels(text, "l.jsonl"),
    (e: Error) => {
      assert.match(e.message, /^l\.jsonl:2: not JSON/m);
      assert.match(e.message, /^l\.jsonl:3: entities\.model name: entity keys must be event columns/m);
      assert.match(e.message, /^l\.jsonl:5: end_ms must be after start_ms/m);
      assert.match(e.message, /^l\.jsonl:6: benign must be true exactly when kind is benign/m);
      assert.match(e.message, /^l\.jsonl:7: kind:/m);
      return true;
    },
  );
  assert.throws(() => parseLabels("\n\n", "empty.jsonl"), /empty\.jsonl: no labels/);
});
