// TorchServe model and worker lifecycle messages mapped to deploy, infra and inference events.
import { firstMatch, type MessageRule } from "../common/message-rules.js";

const RULES: readonly MessageRule[] = [
  [
    /^Model (\S+) loaded\.?$/,
    (m) => ({ event_kind: "deploy", event_action: "model_loaded", outcome: "success", model_name: m[1] }),
  ],
  [
    /^Adding new version (\S+) for model (\S+)$/,
    (m) => ({ event_kind: "deploy", event_action: "model_version_added", model_version: m[1], model_name: m[2] }),
  ],
  [
    /^Setting default version to (\S+) for model (\S+)$/,
    (m) => ({ event_kind: "deploy", event_action: "default_version_set", model_version: m[1], model_name: m[2] }),
  ],
  [
    /^Model (\S+) unregistered\.?$/,
    (m) => ({ event_kind: "deploy", event_action: "model_unregistered", outcome: "success", model_name: m[1] }),
  ],
  [
    /^Loading initial models: (.+)$/,
    (m) => ({ event_kind: "deploy", event_action: "initial_models_loading", model_archives: m[1] }),
  ],
  [/^Backend worker process died/, () => ({ event_kind: "infra", event_action: "worker_died", outcome: "failure" })],
  [
    /^(W-\d+-\S+) State change (\S+) -> (\S+)/,
    (m) => ({
      event_kind: "infra",
      event_action: "worker_state_change",
      worker: m[1],
      state_from: m[2],
      state_to: m[3],
      outcome: /STOPPED|ERROR|SCALED_DOWN/.test(m[3] ?? "") ? "failure" : undefined,
    }),
  ],
  [
    /^Backend response time: (\d+(?:\.\d+)?)/,
    (m) => ({ event_kind: "inference", event_action: "backend_response", compute_ms: Number(m[1]) }),
  ],
];

/** Lifecycle fields for a message, or an empty object for an ordinary log line. */
export function lifecycleFields(message: string): Record<string, unknown> {
  return firstMatch(RULES, message) ?? {};
}
