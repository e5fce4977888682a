// Facts carried only in the text of Argo Rollouts and Deployment events (weights, steps, revisions, replica counts).
import { firstMatch, type MessageRule } from "../common/message-rules.js";
import { compact } from "../common/records.js";

/** What a deploy event's message says, under attribute names. */
export type MessageFacts = Record<string, string | number>;

const int = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

// Message formats of argo-rollouts utils/conditions (and the Deployment controller's "Scaled up replica set").
const READERS: readonly MessageRule<MessageFacts>[] = [
  [
    /^Rollout step (\d+)\/(\d+) completed \((.*)\)$/,
    (m) => {
      const weight = /setWeight: (\d+)/.exec(m[3] ?? "");
      return compact({ step_index: int(m[1]), step_count: int(m[2]), step: m[3], canary_weight: int(weight?.[1]) });
    },
  ],
  [
    /^Traffic weight updated (?:from (\d+) )?to (\d+)/,
    (m) => compact({ previous_canary_weight: int(m[1]), canary_weight: int(m[2]) }),
  ],
  [
    /^Scaled (up|down) ReplicaSet (\S+) \(revision (\d+)\) from (\d+) to (\d+)/,
    (m) =>
      compact({
        scale_direction: m[1],
        replicaset: m[2],
        revision: int(m[3]),
        replicas_from: int(m[4]),
        replicas_to: int(m[5]),
      }),
  ],
  [
    /^Scaled (up|down) replica set (\S+) (?:to (\d+))?(?: from (\d+))?/,
    (m) => compact({ scale_direction: m[1], replicaset: m[2], replicas_to: int(m[3]), replicas_from: int(m[4]) }),
  ],
  [/^Created ReplicaSet (\S+) \(revision (\d+)\)/, (m) => compact({ replicaset: m[1], revision: int(m[2]) })],
  [/^Rollout updated to revision (\d+)/, (m) => compact({ revision: int(m[1]) })],
  [
    /^Rollout completed update to revision (\d+) \(([^)]*)\)(?:: (.*))?$/,
    (m) => compact({ revision: int(m[1]), pod_template_hash: m[2], status_message: m[3] }),
  ],
  [
    /^Rollout aborted update to revision (\d+)(?:: (.*))?$/,
    (m) => compact({ revision: int(m[1]), abort_reason: m[2] }),
  ],
  [/^Rollout is paused(?: \((\w+)\))?/, (m) => compact({ pause_reason: m[1] })],
  [/^AnalysisRun '([^']+)'/, (m) => compact({ analysis_run: m[1] })],
];

export function messageFacts(message: string): MessageFacts {
  return firstMatch(READERS, message) ?? {};
}
