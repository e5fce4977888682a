// Which way an Evidently drift method's score points, so `drift_detected` can be derived from a bare value.

/**
 * How a score compares with its threshold when the report gives only the score (Evidently 0.6/0.7 `ValueDrift`).
 * The rule follows Evidently's own stat tests (legacy/calculations/stattests):
 * - p-value tests (K-S, chi-square, Z-test, Anderson-Darling, Cramer-von-Mises, Epps-Singleton, Fisher's exact,
 *   G-test, Mann-Whitney U, T-test, and TVD / empirical MMD, which are permutation tests returning a p-value):
 *   drifted when value < threshold (the distributions are unlikely to be the same).
 * - distances and divergences (Wasserstein, PSI, Jensen-Shannon, Kullback-Leibler, Hellinger, energy distance,
 *   text-content drift scores): drifted when value >= threshold.
 * Any other method (custom functions) has no known direction, and then no verdict is derived.
 */
export type DriftRule = "p_value_below_threshold" | "distance_at_or_above_threshold";

// Evidently registers each test by a short name (`ks`) and shows a display name (`K-S p_value`); both occur.
const P_VALUE_NAMES = new Set([
  "ks",
  "chisquare",
  "z",
  "anderson",
  "cramer_von_mises",
  "epps_singleton",
  "fisher_exact",
  "g_test",
  "mannw",
  "t_test",
  "tvd",
  "empirical_mmd",
]);
const P_VALUE_MARKERS = [
  "p_value",
  "p-value",
  "pvalue",
  "mann-whitney",
  "fisher's exact",
  "total-variation-distance",
  "empirical_mmd",
];
const DISTANCE_NAMES = new Set([
  "wasserstein",
  "psi",
  "jensenshannon",
  "kl_div",
  "hellinger",
  "ed",
  "perc_text_content_drift",
  "abs_text_content_drift",
]);
const DISTANCE_MARKERS = [
  "wasserstein",
  "jensen-shannon",
  "kullback-leibler",
  "hellinger",
  "energy-distance",
  "text content drift",
  "distance",
  "divergence",
];

export function driftRuleFor(method: string): DriftRule | undefined {
  const m = method.trim().toLowerCase();
  if (P_VALUE_NAMES.has(m) || P_VALUE_MARKERS.some((k) => m.includes(k))) return "p_value_below_threshold";
  if (DISTANCE_NAMES.has(m) || DISTANCE_MARKERS.some((k) => m.includes(k))) return "distance_at_or_above_threshold";
  return undefined;
}

export function isDrifted(rule: DriftRule, value: number, threshold: number): boolean {
  return rule === "p_value_below_threshold" ? value < threshold : value >= threshold;
}
