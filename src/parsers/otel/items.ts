// What one OTLP item (log record, span, data point) turns into, and the resource/scope context it inherits.
import { isObject } from "../common/json-values.js";
import { keyValues } from "./any-value.js";

/**
 * Resource and scope attributes, flattened as one attribute map the item's own attributes override. The scope's
 * name and version get the names OTel gives them on exported data (`otel.scope.name`, `otel.scope.version`).
 */
export function contextAttributes(resource: unknown, scope: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isObject(resource)) Object.assign(out, keyValues(resource.attributes));
  if (isObject(scope)) {
    if (typeof scope.name === "string" && scope.name !== "") out["otel.scope.name"] = scope.name;
    if (typeof scope.version === "string" && scope.version !== "") out["otel.scope.version"] = scope.version;
    Object.assign(out, keyValues(scope.attributes));
  }
  return out;
}

/** The elements of an array field, or none. */
export function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Scope groups of a resource group: current field name first, then the pre-1.0 `instrumentationLibrary*` one. */
export function scopeGroups(
  resourceGroup: Record<string, unknown>,
  current: string,
  legacy: string,
): { scope: unknown; group: Record<string, unknown> }[] {
  const out: { scope: unknown; group: Record<string, unknown> }[] = [];
  for (const g of arrayOf(resourceGroup[current])) {
    if (isObject(g)) out.push({ scope: g.scope, group: g });
  }
  for (const g of arrayOf(resourceGroup[legacy])) {
    if (isObject(g)) out.push({ scope: g.instrumentationLibrary, group: g });
  }
  return out;
}

/** OTLP enums are integers in OTLP/JSON; some encoders write the enum's name instead. */
export function enumNumber(v: unknown, names: readonly string[]): number | null {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const i = names.indexOf(v);
    if (i >= 0) return i;
    if (/^\d+$/.test(v)) return Number(v);
  }
  return null;
}
