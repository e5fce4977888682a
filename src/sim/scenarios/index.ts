// Every scenario by name, in the order `--scenario all` places them on the timeline.
import { InferWatchError } from "../../core/errors.js";
import type { Scenario } from "../scenario.js";
import { baselineDashboard } from "./baseline-dashboard.js";
import { benignBatchScoring, benignPlannedDeploy, benignSecurityChat, benignTrafficSurge } from "./benign.js";
import { canaryErrors, canaryHealthy, canaryLatency } from "./canary.js";
import { bruteForce, credentialStuffing } from "./credential-attacks.js";
import { driftLoginFailures } from "./drift-login-failures.js";
import { evasion } from "./evasion.js";
import { latencyInfra } from "./latency-infra.js";
import { latencyInputComplexity } from "./latency-input-complexity.js";
import { llmDos, tokenSpike } from "./llm-abuse.js";
import { jailbreak, promptInjection, systemPromptExtraction } from "./llm-prompts.js";
import { feedbackPoisoning, modelExtraction, reconnaissance } from "./platform-attacks.js";
import { poisoningSourceA } from "./poisoning-source-a.js";
import { retrainDegradedModel, retrainSilentFailure } from "./retraining.js";
import { sloBurn } from "./slo-burn.js";

export const SCENARIOS: readonly Scenario[] = [
  baselineDashboard,
  latencyInfra,
  promptInjection,
  driftLoginFailures,
  reconnaissance,
  canaryLatency,
  jailbreak,
  benignTrafficSurge,
  poisoningSourceA,
  modelExtraction,
  systemPromptExtraction,
  canaryErrors,
  evasion,
  benignSecurityChat,
  latencyInputComplexity,
  llmDos,
  bruteForce,
  canaryHealthy,
  feedbackPoisoning,
  tokenSpike,
  retrainSilentFailure,
  benignPlannedDeploy,
  credentialStuffing,
  retrainDegradedModel,
  benignBatchScoring,
  sloBurn,
];

/** Scenarios named in a comma-separated list (`all` for every one); an unknown name is an error that lists them. */
export function selectScenarios(spec: string | undefined): Scenario[] {
  if (spec === undefined || spec.trim() === "" || spec === "none") return [];
  if (spec === "all") return [...SCENARIOS];
  const out: Scenario[] = [];
  for (const name of spec.split(",").map((s) => s.trim())) {
    const s = SCENARIOS.find((x) => x.name === name);
    if (!s) {
      throw new InferWatchError(
        "invalid_parameter",
        `unknown scenario ${JSON.stringify(name.slice(0, 64))}; known: all, ${SCENARIOS.map((x) => x.name).join(", ")}`,
      );
    }
    if (!out.includes(s)) out.push(s);
  }
  return out;
}
