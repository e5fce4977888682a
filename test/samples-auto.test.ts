// Every real sample through `format=auto`: nothing throws, detection never picks another system's format, and every
// parsed record normalizes into a valid event.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_LIMITS } from "../src/core/limits.js";
import { mulberry32 } from "../src/core/random.js";
import { createRegistry } from "../src/parsers/registry.js";
import type { ParsedRecord } from "../src/parsers/types.js";
import { normalizeRecord } from "../src/pipeline/normalize.js";
import { ROOT } from "./helpers/process.js";

const SAMPLES = join(ROOT, "test/fixtures/samples");

/** The formats each system's samples may be read as. */
const EXPECTED: Record<string, readonly string[]> = {
  auth: ["auth0", "keycloak-events"],
  evidently: ["evidently", "whylogs-profile"],
  "k8s-dcgm": ["prometheus", "kubectl", "k8s-events"],
  // TF Serving's REST API is KServe's V1 protocol: a bare V1 body is read as either.
  kserve: ["kserve-payload", "tfserving-rest"],
  "llm-gateways": ["langfuse", "litellm", "openai"],
  opentelemetry: ["otlp-json"],
  seldon: ["seldon-payload", "seldon-pipeline"],
  "tensorflow-serving": ["tfserving", "tfserving-rest", "prometheus"],
  torchserve: ["torchserve", "torchserve-metrics-json", "torchserve-metrics-qlog", "prometheus"],
  triton: ["triton", "triton-trace", "prometheus"],
  vllm: ["vllm", "prometheus"],
};

/** Reference material kept beside the samples, not log input: diagnostics are all they can give. */
const NOT_INPUT = /\.(yml|tsv|md|proto|html|csv|py\.txt)$|protobufjs_decoded|logging_endpoint_response/;
/** Samples damaged upstream so that no record survives (see their SOURCES.md). */
const NO_RECORD = new Set([
  "llm-gateways/openai_chat_completion_response_vllm_glm45.json",
  "vllm/prometheus_cache_config_info_design_doc.prom",
]);

function parseAuto(text: string): ParsedRecord[] {
  const auto = createRegistry().find("auto");
  assert.ok(auto);
  const session = auto.open({ timeZone: "UTC", referenceTime: Date.UTC(2026, 10, 22) });
  const out: ParsedRecord[] = [];
  text.split(/\r?\n/).forEach((t, i) => {
    if (t.trim() !== "") out.push(...session.push({ line: i + 1, text: t }));
  });
  return [...out, ...session.end()];
}

test("every sample is read by its own system's formats, and every record normalizes", () => {
  // The fixtures hold every file of ../shared/samples (see each SOURCES.md), reference material included.
  const folders = readdirSync(SAMPLES).sort();
  assert.deepEqual(folders, Object.keys(EXPECTED).sort(), "a sample folder without expectations");
  let records = 0;
  for (const folder of folders) {
    for (const file of readdirSync(join(SAMPLES, folder))) {
      if (file === "SOURCES.md") continue;
      const name = `${folder}/${file}`;
      const out = parseAuto(readFileSync(join(SAMPLES, folder, file), "utf8"));
      assert.ok(out.length > 0, `${name}: no output at all`);
      for (const r of out) {
        // Reference material may hold anything (a JSON snippet in Markdown, an API response): it only has to be
        // read without a crash, every line ending up in a record or a diagnostic.
        if (NOT_INPUT.test(file)) continue;
        const allowed = r.ok ? EXPECTED[folder] : [...(EXPECTED[folder] ?? []), "auto"];
        assert.ok(allowed?.includes(r.format ?? ""), `${name}:${r.line} read as ${r.format}`);
        if (!r.ok) continue;
        records++;
        const n = normalizeRecord(r.record, r.raw, {
          sourceId: "samples",
          sourceType: r.format ?? "auto",
          observedAt: Date.now(),
          limits: DEFAULT_LIMITS,
          keepRaw: true,
        });
        assert.ok(n.ok, `${name}:${r.line}: ${n.ok ? "" : n.message}`);
      }
      const parsed = out.some((r) => r.ok);
      if (NO_RECORD.has(name)) assert.equal(parsed, false, `${name} was expected to yield diagnostics only`);
      else if (!NOT_INPUT.test(file)) assert.ok(parsed, `${name}: not a single record`);
    }
  }
  assert.ok(records > 150, `only ${records} records from all samples`);
});

test("damaged samples (cut, shuffled, spliced) give records or diagnostics, never a crash", () => {
  // Seeded, so a failure names a reproducible case.
  const random = mulberry32(42);
  const texts = readdirSync(SAMPLES).flatMap((folder) =>
    readdirSync(join(SAMPLES, folder))
      .filter((f) => f !== "SOURCES.md")
      .map((f) => readFileSync(join(SAMPLES, folder, f), "utf8")),
  );
  let outputs = 0;
  for (let round = 0; round < 300; round++) {
    const a = texts[Math.floor(random() * texts.length)] as string;
    const b = texts[Math.floor(random() * texts.length)] as string;
    const lines = [
      ...a.slice(Math.floor(random() * a.length)).split("\n"),
      ...b.slice(0, Math.floor(random() * b.length)).split("\n"),
    ];
    // Shuffle a few lines and cut a few in the middle, as a broken shipper or a torn write would.
    for (let k = 0; k < 3 && lines.length > 1; k++) {
      const i = Math.floor(random() * lines.length);
      const j = Math.floor(random() * lines.length);
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      const c = Math.floor(random() * lines.length);
      lines[c] = (lines[c] as string).slice(0, Math.floor(random() * (lines[c] as string).length));
    }
    const out = parseAuto(lines.join("\n"));
    for (const r of out) assert.equal(typeof r.line, "number", `round ${round}`);
    outputs += out.length;
  }
  assert.ok(outputs > 300);
});
