// Seed 2 (infrastructure cause): resnet50 answers in ~2 s instead of ~200 ms while its pod suffers GC pauses,
// CUDA out-of-memory errors, an OOM kill with restarts and GPU XID errors.
import { STREAMS } from "../events.js";
import { RESNET } from "../platform.js";
import type { Scenario } from "../scenario.js";
import { spread, tickHolds } from "./helpers.js";

export const latencyInfra: Scenario = {
  name: "latency-infra",
  kind: "incident",
  seed: 2,
  atlas: null,
  description:
    "resnet50 (TorchServe): 35% of requests take ~2 s; GC pauses and CUDA OOM in the model log, OOMKilled/BackOff pod events, DCGM XID 31 errors, a worker death.",
  entities: { model_name: RESNET.name },
  related: { k8s_pod: RESNET.pod, host_name: RESNET.node },
  streams: [STREAMS.torchserve, STREAMS.k8s, STREAMS.dcgm],
  signal: "latency_ms of resnet50 ~2000 on a third of requests, correlated with infra events on its pod",
  create({ window, rng, traffic }) {
    const oomAt = window.start + Math.round((window.end - window.start) * 0.3);
    return {
      adjust(e) {
        if (e.stream === STREAMS.torchserve && e.x.kind === "access" && rng.chance(0.35)) {
          e.f.latency_ms = Math.round(rng.lognormal(2000, 0.15));
        }
      },
      tick(t, tickMs, out) {
        if (t < window.start || t >= window.end) return;
        spread(rng, t, tickMs, 1 / 15, (at) => {
          const ms = Math.round(rng.lognormal(1500, 0.2));
          out.emit(traffic.torchserveLog(at, "WARN", "MODEL_LOG", `GC pause (G1 Evacuation Pause) ${ms}ms`));
        });
        spread(rng, t, tickMs, 1 / 40, (at) => {
          out.emit(
            traffic.torchserveLog(
              at,
              "ERROR",
              "MODEL_LOG",
              "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB (GPU 0; 22.19 GiB total capacity)",
              "stderr",
            ),
          );
        });
        spread(rng, t, tickMs, 1 / 60, (at) => {
          out.emit(
            traffic.dcgm(at, "DCGM_FI_DEV_XID_ERRORS", 31, { err_code: "31", err_msg: "GPU memory page fault" }),
          );
        });
        if (tickHolds(t, tickMs, oomAt)) {
          out.emit(
            traffic.k8s(oomAt, {
              kind: "Pod",
              object: RESNET.pod,
              reason: "OOMKilled",
              message: "Container kserve-container was OOMKilled (exit code 137)",
              warning: true,
            }),
          );
          out.emit(
            traffic.torchserveLog(
              oomAt + 5,
              "WARN",
              "org.pytorch.serve.wlm.WorkerThread",
              "Backend worker process died.",
            ),
          );
          out.emit(
            traffic.k8s(oomAt + 30_000, {
              kind: "Pod",
              object: RESNET.pod,
              reason: "BackOff",
              message: `Back-off restarting failed container kserve-container in pod ${RESNET.pod}`,
              warning: true,
              count: 3,
            }),
          );
        }
      },
    };
  },
};
