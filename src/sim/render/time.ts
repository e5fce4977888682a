// Time layouts of the rendered formats, from epoch milliseconds (all UTC: the simulated platform logs in UTC).

let cachedSecond = Number.NaN;
let cachedPrefix = "";

/** ISO 8601 in UTC with milliseconds; events come in time order, so the part up to the second is reused. */
export function iso(t: number): string {
  const second = Math.floor(t / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const ms = t - second * 1000;
  return `${cachedPrefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
}

/** log4j's `2026-11-22T00:00:01,250` (TorchServe). */
export function log4j(t: number): string {
  const s = iso(t);
  return `${s.slice(0, 19)},${s.slice(20, 23)}`;
}

/** vLLM's `11-22 00:00:10` (no year, whole seconds). */
export function vllmTime(t: number): string {
  const s = iso(t);
  return `${s.slice(5, 10)} ${s.slice(11, 19)}`;
}

/** glog's `1122 00:00:01.250000` as Triton writes it after the severity letter. */
export function glogTime(t: number): string {
  const s = iso(t);
  return `${s.slice(5, 7)}${s.slice(8, 10)} ${s.slice(11, 23)}000`;
}

/** OTLP's nanoseconds since the epoch, as a decimal string. */
export function nanos(t: number): string {
  return `${Math.round(t)}000000`;
}
