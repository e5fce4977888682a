// Test helpers for the simulator: run it in process, render every stream, and read it back through the real parsers.
import type { InferEvent } from "../../src/core/fields.js";
import { DEFAULT_LIMITS } from "../../src/core/limits.js";
import { createRegistry } from "../../src/parsers/registry.js";
import type { ParsedRecord } from "../../src/parsers/types.js";
import { normalizeRecord } from "../../src/pipeline/normalize.js";
import { type SimOptions, simulate } from "../../src/sim/engine.js";
import { streamId } from "../../src/sim/events.js";
import { renderReal } from "../../src/sim/render/index.js";
import type { Label } from "../../src/sim/scenario.js";

export interface ParsedRun {
  readonly labels: readonly Label[];
  readonly events: InferEvent[];
  /** Lines per stream id (`format/source`). */
  readonly lines: Map<string, string[]>;
  readonly deadLetters: { stream: string; line: number; code: string; message: string; raw: string }[];
}

/** Renders a run in its real formats, one text per stream (as `simulate --out` writes them). */
export function renderStreams(o: SimOptions): { labels: readonly Label[]; lines: Map<string, string[]> } {
  const sim = simulate(o);
  const lines = new Map<string, string[]>();
  for (const tick of sim.ticks()) {
    for (const e of tick.events) {
      const id = streamId(e.stream);
      let l = lines.get(id);
      if (!l) {
        l = [];
        lines.set(id, l);
      }
      for (const line of renderReal(e).split("\n")) l.push(line);
    }
  }
  return { labels: sim.labels, lines };
}

/** Runs the simulation and reads every stream back with the parser of its format, as InferWatch ingests it. */
export function runAndParse(o: SimOptions, format: "own" | "auto" = "own"): ParsedRun {
  const { labels, lines } = renderStreams(o);
  const registry = createRegistry();
  const events: InferEvent[] = [];
  const deadLetters: ParsedRun["deadLetters"] = [];
  const referenceTime = o.start + o.durationMs;
  for (const [id, text] of lines) {
    const [fmt, source] = id.split("/") as [string, string];
    const f = registry.find(format === "auto" ? "auto" : fmt);
    if (!f) throw new Error(`no format ${fmt}`);
    const session = f.open({ timeZone: "UTC", referenceTime });
    const out: ParsedRecord[] = [];
    text.forEach((t, i) => {
      out.push(...session.push({ line: i + 1, text: t }));
    });
    out.push(...session.end());
    for (const r of out) {
      if (!r.ok) {
        deadLetters.push({ stream: id, line: r.line, code: r.code, message: r.message, raw: r.raw.slice(0, 300) });
        continue;
      }
      const n = normalizeRecord(r.record, r.raw, {
        sourceId: source,
        sourceType: r.format ?? fmt,
        observedAt: referenceTime,
        limits: DEFAULT_LIMITS,
        keepRaw: false,
      });
      if (n.ok) events.push(n.event);
      else deadLetters.push({ stream: id, line: r.line, code: n.code, message: n.message, raw: r.raw.slice(0, 300) });
    }
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  return { labels, events, lines, deadLetters };
}

/** The value of a label entity key on an event: a column, or `attributes.<key>` inside the attributes JSON. */
export function entityValue(e: InferEvent, key: string): unknown {
  if (key.startsWith("attributes.")) {
    const attrs = e.attributes ? (JSON.parse(e.attributes) as Record<string, unknown>) : {};
    return attrs[key.slice("attributes.".length)];
  }
  return (e as unknown as Record<string, unknown>)[key];
}

/** Events inside the label's window that carry one of its related entities. */
export function related(events: readonly InferEvent[], label: Label): InferEvent[] {
  return events.filter(
    (e) =>
      e.timestamp >= label.start_ms &&
      e.timestamp < label.end_ms &&
      Object.entries(label.related).some(([k, v]) => entityValue(e, k) === v),
  );
}

/** Events inside the label's window that carry all its entities. */
export function labeled(events: readonly InferEvent[], label: Label): InferEvent[] {
  return events.filter(
    (e) =>
      e.timestamp >= label.start_ms &&
      e.timestamp < label.end_ms &&
      Object.entries(label.entities).every(([k, v]) => entityValue(e, k) === v),
  );
}
