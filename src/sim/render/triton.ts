// Triton server log lines (`--log-format default`: severity letter, glog time, pid, file:line).
import type { SimEvent } from "../events.js";
import { glogTime } from "./time.js";

export function renderTriton(e: SimEvent): string {
  return `${e.x.level}${glogTime(e.t)} 1 ${e.x.file}] ${e.f.message}`;
}
