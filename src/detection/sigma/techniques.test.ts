import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { ROOT } from "../../../test/helpers/process.js";
import { ATLAS_NAMES } from "./atlas-names.js";
import { resolveTechniques } from "./techniques.js";

test("ATLAS and ATT&CK tags resolve to ids and names", () => {
  const r = resolveTechniques([
    "atlas.aml.t0051",
    "atlas.t0051.000",
    "attack.t1190",
    "attack.t1562.001",
    "attack.defense-evasion",
    "attack.g0010",
    "cve.2024-1234",
  ]);
  assert.deepEqual(
    r.map((t) => [t.framework, t.id, t.name]),
    [
      ["atlas", "AML.T0051", "LLM Prompt Injection"],
      ["atlas", "AML.T0051.000", "Direct"],
      ["attack", "T1190", "Exploit Public-Facing Application"],
      ["attack", "T1562.001", null],
      ["attack", "defense-evasion", "Defense Evasion"],
    ],
  );
});

test("the generated ATLAS table matches the ATLAS data (test/fixtures/atlas/ATLAS.yaml)", () => {
  const doc = parse(readFileSync(join(ROOT, "test/fixtures/atlas/ATLAS.yaml"), "utf8"), { maxAliasCount: -1 }) as {
    matrices: { tactics: { id: string; name: string }[]; techniques: { id: string; name: string }[] }[];
  };
  const m = doc.matrices[0];
  assert.ok(m);
  const entries = [...m.tactics, ...m.techniques];
  assert.equal(ATLAS_NAMES.size, entries.length);
  for (const e of entries) assert.equal(ATLAS_NAMES.get(e.id), e.name, e.id);
});
