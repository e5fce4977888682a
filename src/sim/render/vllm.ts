// vLLM server log lines: engine statistics, received requests, uvicorn access lines and errors.
import type { SimEvent } from "../events.js";
import { vllmTime } from "./time.js";

export function renderVllm(e: SimEvent): string {
  const x = e.x;
  const f = e.f;
  switch (x.kind) {
    case "stats":
      return `INFO ${vllmTime(e.t)} [loggers.py:116] Engine 000: Avg prompt throughput: ${x.promptTps} tokens/s, Avg generation throughput: ${x.genTps} tokens/s, Running: ${x.running} reqs, Waiting: ${x.waiting} reqs, GPU KV cache usage: ${x.kv}%, Prefix cache hit rate: ${x.prefix}%`;
    case "access":
      return `INFO:     ${f.client_ip}:${x.port} - "POST /v1/chat/completions HTTP/1.1" ${f.http_status_code} ${f.http_status_code === 200 ? "OK" : "Internal Server Error"}`;
    default:
      return `ERROR ${vllmTime(e.t)} [serving_chat.py:221] ${f.message}`;
  }
}
