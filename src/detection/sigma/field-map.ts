// Field names in rules → where the value lives: an InferWatch column (by its own, ECS or OTel name, or a common
// Windows/web/proxy name), else the event's `attributes` (flat key or dotted path), else the record's own nesting.
import { FIELD_ALIASES, FIELD_BY_NAME } from "../../core/fields.js";
import { type EventView, isRecord, type SigmaRecord } from "./event-view.js";

export type Getter = (v: EventView) => unknown;

/**
 * Names used by Windows, web-server (W3C), proxy and generic Sigma rules for things InferWatch has a column for.
 * Only unambiguous equivalents are listed; anything else is looked up in `attributes` under the rule's own name.
 */
export const TAXONOMY_ALIASES: Readonly<Record<string, string>> = {
  // Windows event logs
  Computer: "host_name",
  ComputerName: "host_name",
  Hostname: "host_name",
  Workstation: "host_name",
  IpAddress: "client_ip",
  SourceIp: "client_ip",
  SourceAddress: "client_ip",
  TargetUserName: "user_id",
  User: "user_id",
  Message: "message",
  // web server (W3C extended log names used by Sigma's webserver category)
  "c-ip": "client_ip",
  "cs-uri-stem": "endpoint",
  "sc-status": "http_status_code",
  "cs-user-agent": "user_agent",
  "cs-username": "user_id",
  // proxy category
  "c-useragent": "user_agent",
  "c-uri-stem": "endpoint",
  src_ip: "client_ip",
  // generic / ECS names without a column alias in core
  "source.ip": "client_ip",
  "user.name": "user_id",
  "url.original": "endpoint",
  "model.name": "model_name",
  "kubernetes.namespace": "k8s_namespace",
};

/** The InferWatch column a rule field name stands for, if any. */
export function columnFor(name: string): string | undefined {
  const f = FIELD_ALIASES.get(name);
  if (f) return f.name;
  return TAXONOMY_ALIASES[name];
}

function pathGet(root: SigmaRecord, parts: readonly string[]): unknown {
  let cur: unknown = root;
  for (const p of parts) {
    if (!isRecord(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Lookup for records without the column: the name itself, then attributes, then nesting. */
function lookupRest(v: EventView, name: string, attrName: string, parts: readonly string[], dotted: boolean): unknown {
  const ev = v.ev;
  let x = ev[name];
  if (x !== undefined && x !== null) return x;
  let sawNull = x === null;
  const a = ev.attributes === undefined || ev.attributes === null ? null : v.attributes();
  if (a) {
    x = a[attrName];
    if (x === undefined && dotted) x = pathGet(a, parts);
    if (x !== undefined && x !== null) return x;
    sawNull ||= x === null;
  }
  if (dotted) {
    x = pathGet(ev, parts);
    if (x !== undefined && x !== null) return x;
  }
  return sawNull ? null : undefined;
}

/** Builds the accessor for one rule field name, resolving the mapping once at compile time. */
export function makeGetter(name: string): Getter {
  const attrName = name.startsWith("attributes.") ? name.slice("attributes.".length) : name;
  const col = columnFor(name);
  const parts = attrName.split(".");
  const dotted = parts.length > 1;
  // For an event that has the column, the column is the whole truth (normalization never leaves a column's name in
  // attributes), so a null column ends the lookup without parsing attributes.
  const column = col ?? (FIELD_BY_NAME.has(name) ? name : undefined);
  if (column !== undefined && column !== "attributes") {
    return (v) => {
      const ev = v.ev;
      const x = ev[column];
      if (x !== undefined && x !== null) return x;
      if (column in ev) {
        const own = ev[name];
        return own === undefined ? null : own;
      }
      return lookupRest(v, name, attrName, parts, dotted);
    };
  }
  if (col === undefined || col === name) return (v) => lookupRest(v, name, attrName, parts, dotted);
  // The name as written, then its mapped column, then attributes and dotted paths (lookupRest checks the name first).
  return (v) => {
    const own = v.ev[name];
    if (own !== undefined && own !== null) return own;
    const x = v.ev[col];
    if (x !== undefined && x !== null) return x;
    const rest = lookupRest(v, name, attrName, parts, dotted);
    return rest === undefined && x === null ? null : rest;
  };
}
