// The scenario contract: a named incident, attack or benign look-alike that shapes traffic in its time window.
import type { Emitter, SimEvent, StreamKey } from "./events.js";
import type { Rng } from "./random.js";
import type { Traffic } from "./traffic.js";

export type ScenarioKind = "attack" | "incident" | "benign";

export interface Technique {
  readonly id: string;
  readonly name: string;
}

/** When a scenario is active, in epoch milliseconds (`end` exclusive). */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * One line of the ground truth. An evaluator matches an alert to it when their times overlap [start, end) and the
 * alert's entity fields equal these `entities` (normalized column names: model_name, client_ip, auth_token_id...).
 */
export interface Label {
  readonly scenario: string;
  readonly kind: ScenarioKind;
  /** True for benign look-alikes: any alert on them is a false positive. */
  readonly benign: boolean;
  readonly atlas: Technique | null;
  /** MITRE ATT&CK technique, for the credential attacks ATLAS borrows from ATT&CK. */
  readonly attack: Technique | null;
  readonly start: string;
  readonly end: string;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly entities: Readonly<Record<string, string>>;
  /**
   * Other entities the incident involves, each matching on its own (the pod and node of a model's latency incident):
   * an alert on any of them, inside the window, is about this label too.
   */
  readonly related: Readonly<Record<string, string>>;
  /** The streams (format and source) that carry the signal. */
  readonly streams: readonly StreamKey[];
  /** What the injected signal is, in words (for people reading the labels). */
  readonly signal: string;
}

/** What a scenario does while the simulation runs. */
export interface ScenarioRun {
  /** Changes a baseline event before it is rendered (slower, failing, skewed...). */
  adjust?(e: SimEvent): void;
  /** Adds events of its own for the tick [t, t + tickMs). */
  tick?(t: number, tickMs: number, out: Emitter): void;
}

export interface ScenarioContext {
  readonly window: Window;
  /** The scenario's own random source (seeded from the run's seed and its name). */
  readonly rng: Rng;
  /** The run's event builders (shared ids; also the canary weight and served versions). */
  readonly traffic: Traffic;
}

export interface Scenario {
  readonly name: string;
  readonly kind: ScenarioKind;
  /** DESIGN.md §1 seed scenario it comes from (1-12), or undefined for benign look-alikes. */
  readonly seed?: number;
  readonly atlas: Technique | null;
  readonly attack?: Technique;
  /** One sentence for `simulate --list` and docs/simulator.md: what it injects. */
  readonly description: string;
  /** Entities and streams of its labels (see `Label`). */
  readonly entities: Readonly<Record<string, string>>;
  readonly related?: Readonly<Record<string, string>>;
  readonly streams: readonly StreamKey[];
  readonly signal: string;
  create(ctx: ScenarioContext): ScenarioRun;
}

export function labelOf(s: Scenario, w: Window): Label {
  return {
    scenario: s.name,
    kind: s.kind,
    benign: s.kind === "benign",
    atlas: s.atlas,
    attack: s.attack ?? null,
    start: new Date(w.start).toISOString(),
    end: new Date(w.end).toISOString(),
    start_ms: w.start,
    end_ms: w.end,
    entities: s.entities,
    related: s.related ?? {},
    streams: s.streams,
    signal: s.signal,
  };
}

export function inWindow(w: Window, t: number): boolean {
  return t >= w.start && t < w.end;
}

/** ATLAS techniques the scenarios refer to (ids and names from MITRE ATLAS, test/fixtures/atlas/ATLAS.yaml). */
export const ATLAS = {
  promptInjection: { id: "AML.T0051", name: "LLM Prompt Injection" },
  jailbreak: { id: "AML.T0054", name: "LLM Jailbreak" },
  systemPrompt: { id: "AML.T0056", name: "Extract LLM System Prompt" },
  modelFamily: { id: "AML.T0014", name: "Discover AI Model Family" },
  extractModel: { id: "AML.T0024.002", name: "Extract AI Model" },
  evade: { id: "AML.T0015", name: "Evade AI Model" },
  poison: { id: "AML.T0020", name: "Poison Training Data" },
  denial: { id: "AML.T0029", name: "Denial of AI Service" },
  costHarvesting: { id: "AML.T0034", name: "Cost Harvesting" },
  validAccounts: { id: "AML.T0012", name: "Valid Accounts" },
} as const satisfies Record<string, Technique>;
