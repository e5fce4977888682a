// TorchServe ts_log / access_log lines (log4j layout): ACCESS_LOG requests and worker/model log lines.
import type { SimEvent } from "../events.js";
import { log4j } from "./time.js";

export function renderTorchserve(e: SimEvent): string {
  const f = e.f;
  if (e.x.kind === "access") {
    const worker = `W-9000-${f.model_name}_${f.model_version}`;
    return `${log4j(e.t)} [INFO ] ${worker} ACCESS_LOG - /${f.client_ip}:${e.x.port} "POST ${f.endpoint} HTTP/1.1" ${f.http_status_code} ${f.latency_ms}`;
  }
  const level = String(e.x.level ?? "INFO").padEnd(5, " ");
  return `${log4j(e.t)} [${level}] ${e.x.thread} ${e.x.logger} - ${f.message}`;
}
