// NVIDIA DCGM exporter specifics: GPU identity labels, "blank" sentinel values, and XID errors as error events.

/**
 * DCGM writes "no value" as sentinels near the top of each type's range (dcgm_structs.h): BLANK, then
 * NOT_FOUND, NOT_SUPPORTED, NOT_PERMISSIONED at +1, +2, +3. Exporters print them as ordinary values
 * (`9223372036854775794` is INT64 NOT_SUPPORTED), which would poison averages if stored as numbers.
 */
const SENTINEL_BASES: readonly bigint[] = [0x7ffffff0n, 0x7ffffffffffffff0n, 140737488355328n];
const SENTINEL_NAMES = ["blank", "not_found", "not_supported", "not_permissioned"];

export function isDcgmMetric(name: string): boolean {
  return name.startsWith("DCGM_");
}

/** The sentinel's meaning when `valueText` is one, else null. */
export function dcgmSentinel(valueText: string): string | null {
  const m = /^(\d+)(?:\.0*)?$/.exec(valueText);
  if (!m) return null;
  const v = BigInt(m[1] as string);
  for (const base of SENTINEL_BASES) {
    const offset = v - base;
    if (offset >= 0n && offset < 4n) return SENTINEL_NAMES[Number(offset)] ?? null;
  }
  return null;
}

/** Adds DCGM's GPU identity (`gpu`, `UUID`, `modelName` = the GPU model, not an ML model) as attributes. */
export function applyDcgm(
  record: Record<string, unknown>,
  name: string,
  labels: Record<string, string>,
  value: unknown,
): void {
  if (labels.gpu !== undefined) record.gpu = labels.gpu;
  const uuid = labels.UUID ?? labels.uuid;
  if (uuid !== undefined) record.uuid = uuid;
  if (labels.modelName) record.gpu_model = labels.modelName;
  if (labels.device) record.gpu_device = labels.device;
  // The XID gauge holds the last XID error code seen (0 = none); the newer count metric labels each code.
  const isXid = name === "DCGM_FI_DEV_XID_ERRORS" || name === "DCGM_EXP_XID_ERRORS_COUNT";
  if (isXid && typeof value === "number" && value > 0) {
    record.severity = "error";
    record.event_action = "gpu_xid_error";
    record.xid = name === "DCGM_FI_DEV_XID_ERRORS" ? value : (labels.xid ?? null);
  }
}
