// `torchserve-metrics-qlog`: TorchServe metrics written by its QLogLayout (`Key=value` blocks ending with `EOE`).
import { parserError } from "../common/parser-errors.js";
import { ok } from "../common/records.js";
import { epochSecondsToMs } from "../common/times.js";

import type { Format, LineResult, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { metricFields } from "./metric-line.js";

const KEY_VALUE = /^([A-Za-z][\w.-]*)=(.*)$/;
const METRIC = /^([^=\s]+)=([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN)(?: (\S+))?((?: [^|\s]+\|\S*)*)\s*$/;
/** Blocks longer than this are not QLog; they are reported instead of held. */
const MAX_BLOCK_LINES = 200;
const MAX_BLOCK_CHARS = 1024 * 1024;

function blockRecord(lines: readonly string[]): LineResult {
  const fields = new Map<string, string[]>();
  for (const l of lines) {
    const m = KEY_VALUE.exec(l);
    if (!m) return { ok: false, code: "unparseable", message: `QLog line ${JSON.stringify(l)} is not Key=value` };
    const key = m[1] ?? "";
    fields.set(key, [...(fields.get(key) ?? []), m[2] ?? ""]);
  }
  const startTime = fields.get("StartTime")?.[0];
  const timestamp = epochSecondsToMs(startTime);
  if (timestamp === undefined) {
    return {
      ok: false,
      code: "invalid_timestamp",
      message: `QLog record needs StartTime in epoch seconds, got ${JSON.stringify(startTime)}`,
    };
  }
  const metrics = fields.get("Metrics") ?? [];
  const first = metrics[0];
  const m = first === undefined ? null : METRIC.exec(first);
  if (!m)
    return {
      ok: false,
      code: "unparseable",
      message: `QLog Metrics ${JSON.stringify(first)} is not Name=value Unit Dim|value...`,
    };
  const dimensions: Record<string, string> = {};
  for (const pair of (m[4] ?? "").trim().split(" ")) {
    const bar = pair.indexOf("|");
    if (bar > 0) dimensions[pair.slice(0, bar)] = pair.slice(bar + 1);
  }
  const others: Record<string, string> = {};
  for (const [k, v] of fields) if (k !== "HostName" && k !== "StartTime" && k !== "Metrics") others[k] = v.join("\n");
  return ok({
    timestamp,
    ...metricFields({
      name: m[1] ?? "",
      unit: m[3] ?? "",
      value: Number(m[2]),
      dimensions,
      ...(fields.get("HostName")?.[0] !== undefined ? { host: fields.get("HostName")?.[0] as string } : {}),
    }),
    program: others.Program,
    qlog_fields: Object.keys(others).filter((k) => k !== "Program").length > 0 ? others : undefined,
    additional_metrics: metrics.length > 1 ? metrics.slice(1) : undefined,
  });
}

class QlogSession implements ParseSession {
  private block: SourceLine[] = [];
  private chars = 0;

  push(line: SourceLine): ParsedRecord[] {
    const text = line.text.trim();
    if (text === "EOE") {
      if (this.block.length === 0) {
        return [
          {
            ok: false,
            line: line.line,
            raw: line.text,
            code: "unparseable",
            message: "EOE with no QLog record before it",
          },
        ];
      }
      const block = this.block;
      this.block = [];
      this.chars = 0;
      let r: LineResult;
      try {
        r = blockRecord(block.map((b) => b.text.trim()));
      } catch (e) {
        r = { ok: false, code: "unparseable", message: parserError(e) };
      }
      return [{ ...r, line: (block[0] as SourceLine).line, raw: [...block, line].map((b) => b.text).join("\n") }];
    }
    if (!KEY_VALUE.test(text)) {
      return [
        { ok: false, line: line.line, raw: line.text, code: "unparseable", message: "QLog lines are Key=value or EOE" },
      ];
    }
    this.block.push(line);
    this.chars += line.text.length;
    if (this.block.length > MAX_BLOCK_LINES || this.chars > MAX_BLOCK_CHARS) return this.end();
    return [];
  }

  end(): ParsedRecord[] {
    if (this.block.length === 0) return [];
    const block = this.block;
    this.block = [];
    this.chars = 0;
    const first = block[0] as SourceLine;
    return [
      {
        ok: false,
        line: first.line,
        raw: block.map((b) => b.text).join("\n"),
        code: "incomplete_record",
        message: `QLog record starting on line ${first.line} has no EOE line`,
      },
    ];
  }
}

export const torchserveMetricsQlogFormat: Format = {
  name: "torchserve-metrics-qlog",
  description:
    "TorchServe metrics from its QLogLayout: Key=value lines (HostName, StartTime, Program, Metrics=Name=value Unit Dim|value) ended by EOE.",
  examples: [
    "HostName=abc.com\nStartTime=1646686978\nProgram=MXNetModelServer\nMetrics=MemoryUsed=5790.98046875 Megabytes Level|Host\nEOE",
  ],
  detect: (line) => /^HostName=\S+$/.test(line) || /^Metrics=[^=\s]+=[-\d.]+ \S+/.test(line),
  open: () => new QlogSession(),
};
