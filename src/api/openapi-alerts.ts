// OpenAPI entries for alerts and rules (merged into openapi.ts's document).
import { ALERT_MODES } from "../core/alert-row.js";
import { RULE_MODES } from "../services/detection.js";
import { DEFAULT_ALERT_LIMIT, LEVELS, MAX_ALERT_LIMIT } from "./routes/alerts.js";

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const timeParam = (name: string, description: string) => ({
  name,
  in: "query",
  schema: { type: "string" },
  description: `${description}: epoch time, ISO 8601, or an age such as 15m, 24h, 7d.`,
});

const alert = {
  type: "object",
  properties: {
    alert_id: { type: "string", description: "UUIDv7" },
    created_at: { type: "integer", description: "When InferWatch raised it, ms since epoch." },
    rule_id: { type: "string" },
    rule_title: { type: "string" },
    rule_level: { type: "string", enum: [...LEVELS] },
    rule_status: { type: ["string", "null"] },
    rule_author: { type: ["string", "null"], description: "The rule's author, credited with every match shown." },
    rule_tags: { type: "array", items: { type: "string" } },
    rule_techniques: {
      type: "array",
      description: "ATT&CK / ATLAS techniques of the tags: {tag, framework, id, name}.",
      items: { type: "object" },
    },
    alert_type: {
      type: "string",
      description: "match, or the correlation type (event_count, value_count, temporal, ...).",
    },
    group_key: { type: ["object", "null"], description: "Group-by values of a correlation." },
    first_seen: { type: "integer", description: "Event time of the first evidence event, ms since epoch." },
    last_seen: { type: "integer", description: "Event time of the last evidence event, ms since epoch." },
    count: { type: "integer", description: "Events behind the alert." },
    value: { type: ["number", "null"], description: "The aggregate that met a correlation's condition." },
    evidence_event_ids: { type: "array", items: { type: "string" }, description: "Stored events (at most 100)." },
    mode: { type: "string", enum: [...ALERT_MODES], description: "shadow: from a rule under trial, never notified." },
  },
};

const rule = {
  type: "object",
  properties: {
    id: { type: "string" },
    title: { type: "string" },
    kind: { type: "string", enum: ["detection", "correlation", "filter"] },
    level: { type: "string" },
    status: { type: ["string", "null"] },
    author: { type: ["string", "null"] },
    mode: { type: ["string", "null"], enum: [...RULE_MODES, null] },
    file: { type: "string", description: "Rule file (relative to the server's working directory when below it)." },
    line: { type: "integer" },
  },
};

export const alertPaths = {
  "/api/v1/alerts": {
    get: {
      summary: "Alerts raised by the detection rules, newest last_seen first, in pages.",
      parameters: [
        timeParam("since", "Only alerts whose last_seen is at or after this"),
        timeParam("until", "Only alerts whose last_seen is before this"),
        { name: "rule_id", in: "query", schema: { type: "string" } },
        { name: "level", in: "query", schema: { type: "string", enum: [...LEVELS] } },
        { name: "mode", in: "query", schema: { type: "string", enum: [...ALERT_MODES] } },
        {
          name: "limit",
          in: "query",
          schema: { type: "integer", minimum: 1, maximum: MAX_ALERT_LIMIT, default: DEFAULT_ALERT_LIMIT },
        },
        { name: "cursor", in: "query", schema: { type: "string" }, description: "next_cursor of the previous page." },
      ],
      responses: {
        "200": {
          description: "One page of alerts.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["alerts", "next_cursor"],
                properties: {
                  alerts: { type: "array", items: alert },
                  next_cursor: { type: ["string", "null"], description: "null on the last page." },
                },
              },
            },
          },
        },
        "400": error("A malformed filter, limit or cursor."),
      },
    },
  },
  "/api/v1/rules": {
    get: {
      summary: "Every loaded rule with its mode and source file.",
      responses: {
        "200": {
          description: "The rules.",
          content: {
            "application/json": { schema: { type: "object", properties: { rules: { type: "array", items: rule } } } },
          },
        },
        "503": error("Detection is off in this process."),
      },
    },
  },
  "/api/v1/rules/{id}": {
    put: {
      summary: "Set a rule's mode (enabled, disabled, shadow) until the server restarts (not persisted).",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["mode"],
              properties: { mode: { type: "string", enum: [...RULE_MODES] } },
            },
          },
        },
      },
      responses: {
        "200": { description: "The rule with its new mode; persisted is false." },
        "400": error('The body is not {"mode": ...}, or the rule is a filter.'),
        "404": error("No rule with that id is loaded."),
        "503": error("Detection is off in this process."),
      },
    },
  },
  "/api/v1/rules/reload": {
    post: {
      summary: "Re-read the rule files now (they are also watched and reloaded on change).",
      responses: {
        "200": { description: "Reloaded: counts of rules, correlations and filters." },
        "422": error("A rule file has errors (details.issues lists file:line:col problems); the previous rules stay."),
        "503": error("Detection is off in this process."),
      },
    },
  },
};
