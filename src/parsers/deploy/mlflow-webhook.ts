// `mlflow-webhook`: MLflow Model Registry webhook payloads (stage transitions, new versions), one JSON per line.
import { parseTimestamp } from "../../core/time.js";
import { asText, type JsonObject } from "../common/json-values.js";
import { objectLineFormat } from "../common/object-line-format.js";
import { compact, snakeCase } from "../common/records.js";
import type { LineResult, ParseContext } from "../types.js";

const EVENT = /"event"\s*:\s*"(?:MODEL_VERSION|REGISTERED_MODEL|TRANSITION_REQUEST|COMMENT)_[A-Z_]+"/;

function detect(line: string): boolean {
  const t = line.trim();
  return t.startsWith("{") && t.endsWith("}") && EVENT.test(t) && /"model_name"\s*:/.test(t);
}

/** `MODEL_VERSION_TRANSITIONED_TO_PRODUCTION` names its target stage; `..._TRANSITIONED_STAGE` carries `to_stage`. */
function stageInName(event: string): string | undefined {
  const m = /_TO_(STAGING|PRODUCTION|ARCHIVED)(?:_CREATED)?$/.exec(event);
  return m?.[1] ? m[1].charAt(0) + m[1].slice(1).toLowerCase() : undefined;
}

function actionOf(event: string): string {
  if (/^MODEL_VERSION_TRANSITIONED_/.test(event)) return "stage_change";
  if (/^TRANSITION_REQUEST_/.test(event)) return "stage_change_requested";
  return snakeCase(event);
}

export function mlflowRecord(obj: JsonObject, context: ParseContext): LineResult {
  const event = asText(obj.event);
  if (!event) return { ok: false, code: "unparseable", message: "an MLflow webhook payload needs its 'event'" };
  let timestamp = context.referenceTime;
  let source = "reference_time";
  if (obj.event_timestamp !== undefined && obj.event_timestamp !== null) {
    const t = parseTimestamp(obj.event_timestamp);
    if (!t.ok) return { ok: false, code: "invalid_timestamp", message: `field 'event_timestamp' ${t.message}` };
    timestamp = t.ms;
    source = "payload";
  }
  const action = actionOf(event);
  const model = asText(obj.model_name);
  const version = obj.version === undefined || obj.version === null ? undefined : String(obj.version);
  const toStage = asText(obj.to_stage) ?? stageInName(event);
  const fromStage = asText(obj.from_stage);
  const summary =
    action === "stage_change"
      ? `${model ?? "model"} version ${version ?? "?"} moved from ${fromStage ?? "?"} to ${toStage ?? "?"}`
      : `${event} ${model ?? ""}${version ? ` version ${version}` : ""}`.trim();
  const {
    event: _e,
    event_timestamp: _t,
    model_name: _m,
    version: _v,
    to_stage: _to,
    from_stage: _from,
    text: _x,
    ...rest
  } = obj;
  return {
    ok: true,
    record: compact({
      ...rest,
      timestamp,
      timestamp_source: source,
      event_kind: "deploy",
      event_action: action,
      outcome: action === "stage_change_requested" ? "unknown" : "success",
      severity: "info",
      message: asText(obj.text) ?? summary,
      model_name: model,
      model_version: version,
      mlflow_event: event,
      from_stage: fromStage,
      to_stage: toStage,
    }),
  };
}

export const mlflowWebhookFormat = objectLineFormat({
  name: "mlflow-webhook",
  description:
    "MLflow Model Registry webhook payloads ({event: MODEL_VERSION_TRANSITIONED_STAGE, model_name, version, " +
    "from_stage, to_stage, event_timestamp, ...}): deploy events, `stage_change` for stage transitions.",
  examples: [
    '{"event": "MODEL_VERSION_TRANSITIONED_STAGE", "webhook_id": "c5596721253c4b429368cf6f4341b88a", "event_timestamp": 1795341600000, "model_name": "loan-default-xgb", "version": "8", "to_stage": "Production", "from_stage": "Staging", "text": "Registered model \'loan-default-xgb\' version 8 transitioned from Staging to Production."}',
  ],
  detect,
  record: mlflowRecord,
});
