// Keeps the generated reference docs in step with the code, and the field aliases free of collisions.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { renderDocs } from "../scripts/gen-docs.js";
import { configSchema } from "../src/config/schema.js";
import { ERROR_CODES } from "../src/core/errors.js";
import { FIELD_ALIASES, FIELDS, type FieldDef } from "../src/core/fields.js";
import { ROOT } from "./helpers/process.js";

const docs = renderDocs();

function committed(relative: string): string {
  try {
    return readFileSync(join(ROOT, relative), "utf8");
  } catch {
    return "";
  }
}

for (const [relative, generated] of Object.entries(docs)) {
  test(`${relative} matches the code`, () => {
    assert.ok(committed(relative) === generated, `${relative} is out of date: run npm run docs:gen`);
  });
}

test("generation is deterministic", () => {
  assert.deepEqual(renderDocs(), docs);
});

test("every OTel/ECS alias names exactly one field", () => {
  const owners = new Map<string, Set<string>>();
  for (const f of FIELDS as readonly FieldDef[]) {
    for (const alias of [f.name, f.otel, f.ecs]) {
      // Names with a space describe a counterpart in another unit; normalize does not take them as keys.
      if (!alias || alias.includes(" ")) continue;
      const set = owners.get(alias) ?? new Set<string>();
      set.add(f.name);
      owners.set(alias, set);
    }
  }
  const collisions = [...owners].filter(([, set]) => set.size > 1).map(([a, set]) => `${a} → ${[...set].join(", ")}`);
  assert.deepEqual(collisions, [], `aliases shared by several fields: ${collisions.join("; ")}`);
  for (const [alias, set] of owners) {
    assert.equal(FIELD_ALIASES.get(alias)?.name, [...set][0], `FIELD_ALIASES maps ${alias} to the wrong field`);
  }
  assert.deepEqual(
    [...FIELD_ALIASES.keys()].filter((a) => !owners.has(a)),
    [],
    "FIELD_ALIASES has keys that no field declares",
  );
});

test("every error code is documented", () => {
  const text = docs["docs/errors.md"] ?? "";
  const committedText = committed("docs/errors.md");
  for (const code of Object.keys(ERROR_CODES)) {
    // A row of the table starts with the code (cells are padded to align the columns).
    assert.ok(text.includes(`| \`${code}\` `), `${code} is missing from the generated docs/errors.md`);
    assert.ok(committedText.includes(`\`${code}\``), `${code} is missing from docs/errors.md: run npm run docs:gen`);
  }
});

test("the example configuration in docs/configuration.md is valid and equals the defaults", () => {
  const text = docs["docs/configuration.md"] ?? "";
  const yaml = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
  assert.ok(yaml, "docs/configuration.md has no YAML example");
  assert.deepEqual(configSchema.parse(parseYaml(yaml)), configSchema.parse({}));
});
