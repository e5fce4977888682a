// TF Serving servable lifecycle messages mapped to deploy / infra events with the servable's name and version.
import { firstMatch, type MessageRule, modelEvent } from "../common/message-rules.js";
import { clip } from "../common/records.js";

// `{name: half_plus_two version: 123}` — how TF Serving prints a ServableId.
const ID = String.raw`\{name: (\S+) version: (\d+)\}`;

/** A servable lifecycle event; a failure's reason (group 3) becomes its error. */
function servable(action: string, outcome?: "success" | "failure") {
  const event = modelEvent(action, outcome);
  return (m: RegExpExecArray): Record<string, unknown> => ({
    ...event(m),
    ...(m[3] !== undefined ? { error_message: clip(m[3]), error_type: "servable_load_error" } : {}),
  });
}

const RULES: readonly MessageRule[] = [
  [new RegExp(`^Successfully loaded servable version ${ID}`), servable("servable_loaded", "success")],
  [new RegExp(`^Done unloading servable version ${ID}`), servable("servable_unloaded", "success")],
  [new RegExp(`^Unloading servable version ${ID}`), servable("servable_unloading")],
  [new RegExp(`^Approving load for servable version ${ID}`), servable("servable_load_approved")],
  [new RegExp(`^Loading servable version ${ID}`), servable("servable_loading")],
  [new RegExp(`^Quiescing servable version ${ID}`), servable("servable_quiescing")],
  [new RegExp(`^Done quiescing servable version ${ID}`), servable("servable_quiesced")],
  [new RegExp(`^Successfully reserved resources to load servable ${ID}`), servable("servable_resources_reserved")],
  [new RegExp(`^Loading servable: ${ID} failed: (.*)`, "s"), servable("servable_load_failed", "failure")],
  [new RegExp(`^Servable ${ID} cannot be loaded: (.*)`, "s"), servable("servable_load_failed", "failure")],
  [/^\(Re-\)adding model: (\S+)/, (m) => ({ event_kind: "deploy", event_action: "model_added", model_name: m[1] })],
  [
    /^No versions of servable (\S+) found under base path (\S+)/,
    (m) => ({
      event_kind: "deploy",
      event_action: "servable_not_found",
      outcome: "failure",
      model_name: m[1],
      model_base_path: m[2],
    }),
  ],
  [
    /^Reading SavedModel from: (\S+)/,
    (m) => ({ event_kind: "deploy", event_action: "saved_model_reading", model_path: m[1] }),
  ],
  [
    /^SavedModel load for tags \{ ?(.*?) ?\}; Status: (\w+)(?:: (.*?))?\. Took (\d+) microseconds/,
    (m) => ({
      event_kind: "deploy",
      event_action: "saved_model_loaded",
      outcome: m[2] === "success" ? "success" : "failure",
      saved_model_tags: m[1],
      latency_ms: Number(m[4]) / 1000,
    }),
  ],
  [
    /^Running gRPC ModelServer at (\S+)/,
    (m) => ({ event_kind: "infra", event_action: "server_started", protocol: "grpc", listen_address: m[1] }),
  ],
  [
    /^Exporting HTTP\/REST API at:?\s*(\S+)/,
    (m) => ({ event_kind: "infra", event_action: "server_started", protocol: "rest", listen_address: m[1] }),
  ],
];

/** Lifecycle fields for a message, or an empty object for an ordinary log line. */
export function tfLifecycleFields(message: string): Record<string, unknown> {
  return firstMatch(RULES, message) ?? {};
}
