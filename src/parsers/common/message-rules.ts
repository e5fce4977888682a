// Log messages read by rules: the first pattern that matches a message builds the fields the message stands for.

/** A pattern, and what its match says (as record fields or facts). */
export type MessageRule<T = Record<string, unknown>> = readonly [RegExp, (m: RegExpExecArray) => T];

/** What the first rule that matches `message` builds, or undefined for an ordinary message. */
export function firstMatch<T>(rules: readonly MessageRule<T>[], message: string): T | undefined {
  for (const [re, build] of rules) {
    const m = re.exec(message);
    if (m) return build(m);
  }
  return undefined;
}

/** A rule action for a model lifecycle message: a deploy event about the model in group 1, version in group 2. */
export function modelEvent(action: string, outcome?: "success" | "failure") {
  return (m: RegExpExecArray): Record<string, unknown> => ({
    event_kind: "deploy",
    event_action: action,
    model_name: m[1],
    model_version: m[2],
    ...(outcome ? { outcome } : {}),
  });
}
