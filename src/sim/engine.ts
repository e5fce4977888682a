// Runs a simulation: baseline traffic plus the chosen scenarios, tick by tick, in time order, with its labels.
import type { Emitter, SimEvent } from "./events.js";
import { Rng, seedFrom } from "./random.js";
import { inWindow, type Label, labelOf, type Scenario, type ScenarioRun, type Window } from "./scenario.js";
import { Traffic } from "./traffic.js";

export interface SimOptions {
  readonly seed: number;
  /** Simulated start, epoch ms. */
  readonly start: number;
  readonly durationMs: number;
  readonly scenarios: readonly Scenario[];
  /** Multiplies the baseline request rates (1 = about 30 events per simulated second at peak). */
  readonly load: number;
  /** Simulated time per step (default 1 s). */
  readonly tickMs?: number;
}

/** The events of one step, sorted by time. */
export interface Tick {
  readonly t: number;
  readonly end: number;
  readonly events: readonly SimEvent[];
}

export interface Simulation {
  readonly labels: readonly Label[];
  ticks(): Generator<Tick>;
}

/**
 * Where each scenario runs: the duration is cut into one slot per scenario (in the given order) and each scenario
 * takes the middle 70% of its slot, so incidents on the same model never overlap and each has quiet time around it.
 */
export function placeScenarios(scenarios: readonly Scenario[], start: number, durationMs: number): Window[] {
  const slot = durationMs / Math.max(1, scenarios.length);
  return scenarios.map((_, i) => {
    const s = Math.round(start + i * slot + slot * 0.15);
    return { start: s, end: Math.round(s + slot * 0.7) };
  });
}

export function simulate(o: SimOptions): Simulation {
  const tickMs = o.tickMs ?? 1000;
  const end = o.start + o.durationMs;
  const windows = placeScenarios(o.scenarios, o.start, o.durationMs);
  const labels = o.scenarios.map((s, i) => labelOf(s, windows[i] as Window));
  return {
    labels,
    *ticks() {
      const traffic = new Traffic(new Rng(o.seed));
      const runs: { run: ScenarioRun; window: Window }[] = o.scenarios.map((s, i) => {
        const window = windows[i] as Window;
        return { window, run: s.create({ window, rng: new Rng(seedFrom(o.seed, s.name)), traffic }) };
      });
      const adjusting = runs.filter((r) => r.run.adjust);
      // Events dated after the current tick (a job that finishes later) wait here for their tick.
      let later: SimEvent[] = [];
      for (let t = o.start; t < end; t += tickMs) {
        const tickEnd = Math.min(t + tickMs, end);
        const events: SimEvent[] = [];
        const held: SimEvent[] = [];
        const out: Emitter = {
          emit(e) {
            if (e.t >= tickEnd) held.push(e);
            else events.push(e);
          },
        };
        if (later.length > 0) {
          const keep: SimEvent[] = [];
          for (const e of later) (e.t < tickEnd ? events : keep).push(e);
          later = keep;
        }
        if (t === o.start) traffic.startup(t, out);
        // Scenario hooks first: a canary scenario sets the routing weight the baseline then uses.
        for (const r of runs) r.run.tick?.(t, tickMs, out);
        const firstBaseline = events.length;
        traffic.baseline(t, tickMs, o.load, out);
        traffic.dailyRetrain(t, tickMs, out);
        for (const r of adjusting) {
          for (let i = firstBaseline; i < events.length; i++) {
            const e = events[i] as SimEvent;
            if (inWindow(r.window, e.t)) r.run.adjust?.(e);
          }
        }
        // What falls after the simulated end (a job finishing later) is not part of this run.
        for (const e of held) if (e.t < end) later.push(e);
        events.sort((a, b) => a.t - b.t);
        yield { t, end: tickEnd, events };
      }
    },
  };
}
