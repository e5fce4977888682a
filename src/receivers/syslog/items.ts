// A received syslog message → one ingest item: its MSG parsed as a log line, its header as the envelope.
import type { IngestItem } from "../../pipeline/body.js";
import { facilityName, parseSyslog } from "./message.js";

/** Source type of syslog messages whose MSG no parser recognizes (and of rejected ones). */
export const SYSLOG_FORMAT = "syslog";

/** Syslog severities 0-7 (emerg ... debug) → InferWatch severities. */
const SEVERITIES = ["fatal", "fatal", "fatal", "error", "warn", "info", "info", "debug"];

/**
 * The item for one message. A malformed message is rejected with the reason (it is dead-lettered with its original
 * text); a well-formed one is an envelope whose MSG goes through format detection like any log line.
 */
export function syslogItem(text: string, line: number, context: { timeZone: string; receivedAt: number }): IngestItem {
  const parsed = parseSyslog(text, { timeZone: context.timeZone, referenceTime: context.receivedAt });
  if (!parsed.ok) {
    return {
      line,
      text,
      read: { format: SYSLOG_FORMAT, result: { ok: false, code: "unparseable", message: `syslog: ${parsed.message}` } },
    };
  }
  const m = parsed.value;
  const attributes: Record<string, unknown> = {
    "syslog.protocol": m.protocol,
    "syslog.facility": facilityName(m.facility),
    "syslog.severity": m.severity,
  };
  if (m.appName !== undefined) attributes["syslog.appname"] = m.appName;
  if (m.procId !== undefined) attributes["syslog.procid"] = m.procId;
  if (m.msgId !== undefined) attributes["syslog.msgid"] = m.msgId;
  if (m.structuredData !== undefined) attributes["syslog.structured_data"] = m.structuredData;
  const record: Record<string, unknown> = {
    // A message without a time (RFC 5424 NILVALUE) happened when it arrived.
    timestamp: m.timestamp ?? context.receivedAt,
    severity: SEVERITIES[m.severity],
    attributes,
  };
  if (m.hostname !== undefined) record.host_name = m.hostname;
  return { line, text: m.message, envelope: { format: SYSLOG_FORMAT, record } };
}
