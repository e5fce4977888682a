// The direction rule that turns an Evidently 0.6/0.7 drift score into a verdict.
import assert from "node:assert/strict";
import { test } from "node:test";
import { driftRuleFor, isDrifted } from "./stattest-direction.js";

test("p-value tests drift below the threshold, distances at or above it, by display or short name", () => {
  for (const m of ["K-S p_value", "chi-square p_value", "Z-test p_value", "ks", "Mann-Whitney U-rank test", "TVD"]) {
    assert.equal(driftRuleFor(m), "p_value_below_threshold", m);
  }
  for (const m of ["Wasserstein distance (normed)", "PSI", "Jensen-Shannon distance", "kl_div", "Energy-distance"]) {
    assert.equal(driftRuleFor(m), "distance_at_or_above_threshold", m);
  }
  assert.equal(driftRuleFor("custom function 'my_test'"), undefined);
  assert.equal(isDrifted("p_value_below_threshold", 0.01, 0.05), true);
  assert.equal(isDrifted("p_value_below_threshold", 0.05, 0.05), false);
  assert.equal(isDrifted("distance_at_or_above_threshold", 0.1, 0.1), true);
  assert.equal(isDrifted("distance_at_or_above_threshold", 0.09, 0.1), false);
});
