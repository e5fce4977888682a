// Reads the simulator's ground truth (JSON Lines, one label per injected scenario) and checks every line's shape.
import { z } from "zod";
import { InferWatchError } from "../core/errors.js";
import { FIELD_BY_NAME } from "../core/fields.js";

/** Longest labels file read: a week of scenarios is a few hundred lines, far below this. */
export const MAX_LABELS = 10_000;

const entities = z.record(z.string(), z.string().max(4096));

/** An entity key is an event column or `attributes.<key>`; anything else could never match an alert. */
function badEntityKey(l: {
  entities: Record<string, string>;
  related?: Record<string, string> | undefined;
}): string | undefined {
  for (const [where, m] of [
    ["entities", l.entities],
    ["related", l.related ?? {}],
  ] as const) {
    for (const k of Object.keys(m)) {
      if (!FIELD_BY_NAME.has(k) && !/^attributes\.[\w.-]{1,200}$/.test(k)) {
        return `${where}.${k}: entity keys must be event columns (docs/fields.md) or attributes.<key>`;
      }
    }
  }
  return undefined;
}

const LABEL = z.object({
  scenario: z.string().min(1).max(200),
  kind: z.enum(["attack", "incident", "benign"]),
  benign: z.boolean(),
  start_ms: z.number().int(),
  end_ms: z.number().int(),
  entities,
  related: entities.optional(),
  atlas: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});

/** The part of a simulator label the evaluator uses. */
export interface EvalLabel {
  readonly scenario: string;
  readonly kind: "attack" | "incident" | "benign";
  readonly benign: boolean;
  readonly start_ms: number;
  readonly end_ms: number;
  readonly entities: Readonly<Record<string, string>>;
  readonly related: Readonly<Record<string, string>>;
  readonly atlas: string | null;
}

/** Parses a labels file; every problem is reported with its line number, all at once. */
export function parseLabels(text: string, file = "labels"): EvalLabel[] {
  const out: EvalLabel[] = [];
  const problems: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      problems.push(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      continue;
    }
    const r = LABEL.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0];
      problems.push(`${file}:${i + 1}: ${issue?.path.join(".") || "label"}: ${issue?.message ?? "invalid"}`);
      continue;
    }
    const l = r.data;
    const badKey = badEntityKey(l);
    if (badKey) {
      problems.push(`${file}:${i + 1}: ${badKey}`);
      continue;
    }
    if (l.end_ms <= l.start_ms) {
      problems.push(`${file}:${i + 1}: end_ms must be after start_ms`);
      continue;
    }
    if (l.benign !== (l.kind === "benign")) {
      problems.push(`${file}:${i + 1}: benign must be true exactly when kind is benign`);
      continue;
    }
    out.push({
      scenario: l.scenario,
      kind: l.kind,
      benign: l.benign,
      start_ms: l.start_ms,
      end_ms: l.end_ms,
      entities: l.entities,
      related: l.related ?? {},
      atlas: l.atlas?.id ?? null,
    });
    if (out.length > MAX_LABELS) {
      problems.push(`${file}: more than ${MAX_LABELS} labels`);
      break;
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 10 ? `\n(and ${problems.length - 10} more)` : "";
    throw new InferWatchError("invalid_parameter", `${problems.slice(0, 10).join("\n")}${more}`);
  }
  if (out.length === 0) throw new InferWatchError("invalid_parameter", `${file}: no labels in the file`);
  return out;
}

/** Every field an alert's evidence must be read with to match these labels (columns and attributes keys). */
export function entityFields(labels: readonly EvalLabel[]): string[] {
  const keys = new Set<string>();
  for (const l of labels) for (const k of [...Object.keys(l.entities), ...Object.keys(l.related)]) keys.add(k);
  return [...keys].sort();
}
