// PredictionLog records in proto3 JSON (no real capture exists; these follow prediction_log.proto field by field).
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTEXT, records, runText } from "../common/fixtures.js";
import { hashJson } from "../common/hashing.js";
import { tfservingRestFormat as fmt } from "./rest-format.js";

const inputs = {
  x: { dtype: "DT_FLOAT", tensorShape: { dim: [{ size: "1" }, { size: "3" }] }, floatVal: [1, 2, 5] },
};

test("a predict log: model, version, time, input hash/shape, top class of the probabilities", () => {
  const log = {
    logMetadata: {
      modelSpec: { name: "half_plus_two", version: "123", signatureName: "serving_default" },
      samplingConfig: { samplingRate: 0.1 },
      savedModelTags: ["serve"],
      timestampSecs: "1620000000",
    },
    predictLog: {
      request: { modelSpec: { name: "half_plus_two" }, inputs },
      response: {
        outputs: {
          probabilities: {
            dtype: "DT_FLOAT",
            tensorShape: { dim: [{ size: "1" }, { size: "3" }] },
            floatVal: [0.1, 0.85, 0.05],
          },
        },
      },
    },
  };
  const [r] = records(runText(fmt, JSON.stringify(log)));
  assert.equal(r?.timestamp, 1620000000000);
  assert.equal(r?.event_kind, "inference");
  assert.equal(r?.event_action, "predict");
  assert.equal(r?.model_name, "half_plus_two");
  assert.equal(r?.model_version, "123");
  assert.equal(r?.signature_name, "serving_default");
  assert.equal(r?.input_hash, hashJson(inputs));
  assert.equal(r?.input_shape, "1x3");
  assert.equal(r?.prediction_label, "1");
  assert.equal(r?.confidence, 0.85);
  assert.equal(r?.outcome, "success");
  assert.equal(r?.sampling_rate, 0.1);
});

test("snake_case names, a classify log, and a log without a time", () => {
  const log = {
    log_metadata: { model_spec: { name: "iris", version: { value: "7" } } },
    classify_log: {
      request: { input: { example_list: { examples: [{}, {}] } } },
      response: {
        result: {
          classifications: [
            {
              classes: [
                { label: "setosa", score: 0.2 },
                { label: "virginica", score: 0.7 },
              ],
            },
          ],
        },
      },
    },
  };
  const [r] = records(runText(fmt, JSON.stringify(log)));
  assert.deepEqual(
    [
      r?.timestamp,
      r?.timestamp_source,
      r?.event_action,
      r?.model_name,
      r?.model_version,
      r?.prediction_label,
      r?.confidence,
      r?.input_shape,
    ],
    [CONTEXT.referenceTime, "reference_time", "classify", "iris", "7", "virginica", 0.7, "2"],
  );
});

test("a bad timestamp_secs is diagnosed", () => {
  const rs = runText(fmt, JSON.stringify({ logMetadata: { timestampSecs: "soon" }, predictLog: {} }));
  assert.equal(rs[0]?.ok, false);
  assert.equal(rs[0]?.ok === false && rs[0].code, "invalid_timestamp");
});
