// Prometheus text exposition samples as the DCGM exporter writes them (with explicit sample timestamps).
import type { SimEvent } from "../events.js";

export function renderPrometheus(e: SimEvent): string {
  const labels = Object.entries(e.x.labels as Record<string, string>)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  return `${e.x.metric}{${labels}} ${e.x.value} ${e.t}`;
}
