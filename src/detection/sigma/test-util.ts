// Test helpers for the Sigma engine: compile YAML rules from text and evaluate events.
import type { AlertRecord } from "./alert.js";
import { type EngineOptions, SigmaEngine } from "./engine.js";
import type { SigmaRecord } from "./event-view.js";

/** One engine from YAML texts (several documents allowed). */
export function engineOf(yaml: string | readonly string[], opts: EngineOptions = {}): SigmaEngine {
  const texts = typeof yaml === "string" ? [yaml] : yaml;
  return SigmaEngine.fromSources(
    texts.map((text, i) => ({ file: `rule${i}.yml`, text })),
    opts,
  );
}

/** A single-selection rule around `selection` (YAML lines indented under `selection:`). */
export function ruleWith(selection: string, condition = "selection", extra = ""): string {
  return `title: t\nid: r1\nlogsource: {product: test}\ndetection:\n  selection:\n${selection
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}\n${extra}  condition: ${condition}\n`;
}

export function matches(engine: SigmaEngine, ev: SigmaRecord): boolean {
  return engine.match(ev).length > 0;
}

export function runAll(engine: SigmaEngine, events: readonly SigmaRecord[]): AlertRecord[] {
  const out: AlertRecord[] = [];
  for (const e of events) out.push(...engine.process(e, 0));
  out.push(...engine.flush());
  return out;
}
