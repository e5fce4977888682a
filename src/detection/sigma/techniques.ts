// Resolves Sigma tags naming MITRE ATT&CK or ATLAS tactics/techniques to ids and names (names from ATLAS data).
import { ATLAS_NAMES, ATTACK_TO_ATLAS } from "./atlas-names.js";

export interface Technique {
  readonly tag: string;
  readonly framework: "attack" | "atlas";
  /** Canonical id (`T1059.001`, `AML.T0051`), or the tactic's short name for tactic tags (`defense-evasion`). */
  readonly id: string;
  /** Human name when known: ATLAS ids always; ATT&CK ids when ATLAS cross-references them; tactics by their tag. */
  readonly name: string | null;
}

const ATTACK_ID = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;
const ATLAS_ID = /^atlas\.(?:aml\.)?(t|ta)(\d{4}(?:\.\d{3})?)$/i;
const ATTACK_TACTIC = /^attack\.([a-z]+(?:[-_][a-z]+)*)$/;

function titleCase(s: string): string {
  return s
    .split(/[-_]/)
    .map((w) => (w === "and" ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");
}

/** Technique and tactic tags of a rule, resolved; other tags (cve., detection., ...) are left out. */
export function resolveTechniques(tags: readonly string[]): Technique[] {
  const out: Technique[] = [];
  for (const tag of tags) {
    const a = ATTACK_ID.exec(tag);
    if (a) {
      const id = (a[1] as string).toUpperCase();
      const atlas = ATTACK_TO_ATLAS.get(id);
      out.push({ tag, framework: "attack", id, name: atlas ? (ATLAS_NAMES.get(atlas) ?? null) : null });
      continue;
    }
    const l = ATLAS_ID.exec(tag);
    if (l) {
      const id = `AML.${(l[1] as string).toUpperCase()}${l[2]}`;
      out.push({ tag, framework: "atlas", id, name: ATLAS_NAMES.get(id) ?? null });
      continue;
    }
    const t = ATTACK_TACTIC.exec(tag);
    if (t && !/^[gs]\d{4}$/.test(t[1] as string)) {
      out.push({ tag, framework: "attack", id: t[1] as string, name: titleCase(t[1] as string) });
    }
  }
  return out;
}
