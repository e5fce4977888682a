// Small helpers the scenario modules share: spreading injected requests over a tick, ramps, attacker identities.
import type { Client } from "../platform.js";
import type { Rng } from "../random.js";
import { inWindow, type Window } from "../scenario.js";

/** Calls `make` for a Poisson number of times (mean `perSecond` per simulated second) spread over the tick. */
export function spread(rng: Rng, t: number, tickMs: number, perSecond: number, make: (at: number) => void): void {
  const n = rng.poisson((perSecond * tickMs) / 1000);
  for (let i = 0; i < n; i++) make(t + Math.floor(((i + rng.float()) / n) * tickMs));
}

/** True when the tick [t, t + tickMs) is inside the window. */
export function active(w: Window, t: number): boolean {
  return inWindow(w, t);
}

/** True for the tick that holds `at`. */
export function tickHolds(t: number, tickMs: number, at: number): boolean {
  return at >= t && at < t + tickMs;
}

/** 0 at the window's start to 1 at its end. */
export function progress(w: Window, t: number): number {
  return Math.min(1, Math.max(0, (t - w.start) / (w.end - w.start)));
}

/** A client outside the platform's own applications. */
export function outsider(id: string, key: string, ip: string): Client {
  return { id, key, ip };
}

export const round3 = (v: number): number => Math.round(v * 1000) / 1000;
