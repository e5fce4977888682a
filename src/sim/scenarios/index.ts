// Every scenario by name, in the order `--scenario all` places them on the timeline.
import { InferWatchError } from "../../core/errors.js";
import type { Scenario } from "../scenario.js";
import { baselineDashboard } from "./baseline-dashboard.js";
import { benignBatchScoring } from "./benign-batch-scoring.js";
import { benignPlannedDeploy } from "./benign-planned-deploy.js";
import { benignSecurityChat } from "./benign-security-chat.js";
import { benignTrafficSurge } from "./benign-traffic-surge.js";
import { bruteForce } from "./brute-force.js";
import { canaryErrors } from "./canary-errors.js";
import { canaryHealthy } from "./canary-healthy.js";
import { canaryLatency } from "./canary-latency.js";
import { credentialStuffing } from "./credential-stuffing.js";
import { driftLoginFailures } from "./drift-login-failures.js";
import { evasion } from "./evasion.js";
import { feedbackPoisoning } from "./feedback-poisoning.js";
import { jailbreak } from "./jailbreak.js";
import { latencyInfra } from "./latency-infra.js";
import { latencyInputComplexity } from "./latency-input-complexity.js";
import { llmDos } from "./llm-dos.js";
import { modelExtraction } from "./model-extraction.js";
import { poisoningSourceA } from "./poisoning-source-a.js";
import { promptInjection } from "./prompt-injection.js";
import { reconnaissance } from "./reconnaissance.js";
import { retrainDegradedModel } from "./retrain-degraded-model.js";
import { retrainSilentFailure } from "./retrain-silent-failure.js";
import { sloBurn } from "./slo-burn.js";
import { systemPromptExtraction } from "./system-prompt-extraction.js";
import { tokenSpike } from "./token-spike.js";

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
