// Facts carried only in the text of Argo Rollouts and Deployment events (weights, steps, revisions, replica counts).

/** What a deploy event's message says, under attribute names. */
export type MessageFacts = Record<string, string | number>;

type Reader = (m: RegExpExecArray) => MessageFacts;

const int = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

function defined(facts: Record<string, string | number | undefined>): MessageFacts {
  const out: MessageFacts = {};
  for (const [k, v] of Object.entries(facts)) if (v !== undefined) out[k] = v;
  return out;
}

// Message formats of argo-rollouts utils/conditions (and the Deployment controller's "Scaled up replica set").
const READERS: ReadonlyArray<readonly [RegExp, Reader]> = [
  [
    /^Rollout step (\d+)\/(\d+) completed \((.*)\)$/,
    (m) => {
      const weight = /setWeight: (\d+)/.exec(m[3] ?? "");
      return defined({ step_index: int(m[1]), step_count: int(m[2]), step: m[3], canary_weight: int(weight?.[1]) });
    },
  ],
  [
    /^Traffic weight updated (?:from (\d+) )?to (\d+)/,
    (m) => defined({ previous_canary_weight: int(m[1]), canary_weight: int(m[2]) }),
  ],
  [
    /^Scaled (up|down) ReplicaSet (\S+) \(revision (\d+)\) from (\d+) to (\d+)/,
    (m) =>
      defined({
        scale_direction: m[1],
        replicaset: m[2],
        revision: int(m[3]),
        replicas_from: int(m[4]),
        replicas_to: int(m[5]),
      }),
  ],
  [
    /^Scaled (up|down) replica set (\S+) (?:to (\d+))?(?: from (\d+))?/,
    (m) => defined({ scale_direction: m[1], replicaset: m[2], replicas_to: int(m[3]), replicas_from: int(m[4]) }),
  ],
  [/^Created ReplicaSet (\S+) \(revision (\d+)\)/, (m) => defined({ replicaset: m[1], revision: int(m[2]) })],
  [/^Rollout updated to revision (\d+)/, (m) => defined({ revision: int(m[1]) })],
  [
    /^Rollout completed update to revision (\d+) \(([^)]*)\)(?:: (.*))?$/,
    (m) => defined({ revision: int(m[1]), pod_template_hash: m[2], status_message: m[3] }),
  ],
  [
    /^Rollout aborted update to revision (\d+)(?:: (.*))?$/,
    (m) => defined({ revision: int(m[1]), abort_reason: m[2] }),
  ],
  [/^Rollout is paused(?: \((\w+)\))?/, (m) => defined({ pause_reason: m[1] })],
  [/^AnalysisRun '([^']+)'/, (m) => defined({ analysis_run: m[1] })],
];

export function messageFacts(message: string): MessageFacts {
  for (const [re, read] of READERS) {
    const m = re.exec(message);
    if (m) return read(m);
  }
  return {};
}
