// The ATLAS techniques the simulator's labels name exist in MITRE ATLAS under those ids, with those names.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { SCENARIOS } from "../src/sim/scenarios/index.js";
import { ROOT } from "./helpers/process.js";

interface Atlas {
  matrices: { techniques: { id: string; name: string }[] }[];
}

test("every scenario's ATLAS technique is a real technique id with its current name", () => {
  const atlas = parse(readFileSync(join(ROOT, "test/fixtures/atlas/ATLAS.yaml"), "utf8")) as Atlas;
  const names = new Map(atlas.matrices.flatMap((m) => m.techniques).map((t) => [t.id, t.name]));
  assert.ok(names.size > 100);
  const named = SCENARIOS.filter((s) => s.atlas !== null);
  assert.ok(named.length >= 12);
  for (const s of named) {
    assert.equal(names.get(s.atlas?.id ?? ""), s.atlas?.name, `${s.name}: ${s.atlas?.id}`);
  }
});
