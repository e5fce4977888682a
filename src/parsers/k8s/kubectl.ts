// `kubectl`: kubectl's text tables (get pods, get events, the Events section of describe) and the bare
// "Type Reason Message" event lines docs quote, as `infra` events.
import { guardLine } from "../common/parser-errors.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";

type TableKind = "pods" | "events" | "describe-events";

interface Column {
  readonly name: string;
  readonly start: number;
}

interface Table {
  readonly kind: TableKind;
  readonly columns: readonly Column[];
}

const POD_HEADER = /^(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\b/;
const EVENTS_HEADER =
  /^(?:NAMESPACE\s+)?LAST SEEN\s+(?:FIRST SEEN\s+COUNT\s+NAME\s+KIND\s+SUBOBJECT\s+)?TYPE\s+REASON\s+/;
const DESCRIBE_HEADER = /^\s+Type\s+Reason\s+Age\s+From\s+Message\s*$/;
const DESCRIBE_RULE = /^\s+-{4}\s+-{6}\s+-{3,}\s+-{4}\s+-{7}\s*$/;
const EVENTS_SECTION = /^Events:(?:\s+<none>)?\s*$/;
const DESCRIBE_IDENTITY = /^(Name|Namespace):\s+(\S+)\s*$/;
/** `Warning  BackOff  Back-off restarting failed container` as docs print it, columns possibly elided (`...`). */
const BARE_EVENT = /^\s*(\.\.\.\s+)?(Normal|Warning)\s+([A-Z][A-Za-z]+)\s+(\S.*)$/;

/** Pod statuses that mean a container died or cannot run. */
const FAILED_STATUS = /OOMKilled|Error|CrashLoopBackOff|Evicted|Failed|ContainerStatusUnknown|DeadlineExceeded/;
const STUCK_STATUS = /BackOff|ErrImagePull|InvalidImageName|Pending|Unknown|CreateContainer/;

/** Column starts from a header whose names are separated by 2+ spaces (names themselves may hold one). */
function columnsOf(header: string): Column[] {
  const out: Column[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) out.push({ name: m[0], start: m.index });
  return out;
}

/** Cells of a row by header position; the last column takes the rest of the line (messages). */
function cellsOf(row: string, columns: readonly Column[]): Record<string, string> | null {
  const cells: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as Column;
    const next = columns[i + 1];
    // A cell starts at its column, right after padding; anything else means the row does not fit this header.
    if (c.start > 0 && row.length > c.start && row[c.start - 1] !== " ") return null;
    cells[c.name] = row.slice(c.start, next ? next.start : undefined).trim();
  }
  return cells;
}

/** kubectl's human durations (`24s`, `3m2s`, `5h`, `2d3h`, `4y`) in seconds. */
export function durationSeconds(text: string): number | null {
  const m = /^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === "") return null;
  const [, y = "0", d = "0", h = "0", min = "0", s = "0"] = m;
  return Number(y) * 365 * 86400 + Number(d) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s);
}

/** `3s (x2 over 5s)` → age 3 s, count 2. */
function eventAge(text: string): { seconds: number | null; count: number | null } {
  const m = /^(\S+)(?:\s+\(x(\d+) over \S+\))?$/.exec(text);
  if (!m) return { seconds: null, count: null };
  return { seconds: durationSeconds(m[1] as string), count: m[2] ? Number(m[2]) : null };
}

function severityOfType(type: string, record: Record<string, unknown>): void {
  if (type === "Warning") {
    record.severity = "warn";
    record.outcome = "failure";
  } else if (type === "Normal") {
    record.severity = "info";
  }
}

class KubectlSession implements ParseSession {
  private table: Table | null = null;
  private describeName: string | undefined;
  private describeNamespace: string | undefined;

  constructor(private readonly context: ParseContext) {}

  push(line: SourceLine): ParsedRecord[] {
    // Nothing here should throw; if it does, the line becomes a diagnostic rather than an ingest failure.
    return guardLine(line, () => this.pushLine(line));
  }

  private pushLine(line: SourceLine): ParsedRecord[] {
    const text = line.text.trimEnd();
    // Headers, section titles and rules are context for the rows after them, not events.
    if (POD_HEADER.test(text)) return this.startTable("pods", text);
    if (EVENTS_HEADER.test(text)) return this.startTable("events", text);
    if (DESCRIBE_HEADER.test(text)) return this.startTable("describe-events", text);
    if (DESCRIBE_RULE.test(text) || EVENTS_SECTION.test(text)) return [];
    const identity = DESCRIBE_IDENTITY.exec(text);
    if (identity) {
      if (identity[1] === "Name") {
        this.describeName = identity[2];
        this.describeNamespace = undefined;
      } else {
        this.describeNamespace = identity[2];
      }
      this.table = null;
      return [];
    }
    const ok = (record: Record<string, unknown>): ParsedRecord[] => [
      { ok: true, line: line.line, raw: line.text, record },
    ];
    // An event table's rows also look like bare event lines: the table's columns read them better.
    const bare = BARE_EVENT.exec(text);
    if (bare && this.table?.kind === "pods") return ok(this.bareEvent(bare));
    if (this.table) {
      const cells = cellsOf(text, this.table.columns);
      if (cells) {
        const record = this.tableRecord(this.table.kind, cells);
        if (record) return ok(record);
      }
    }
    if (bare) return ok(this.bareEvent(bare));
    return [
      {
        ok: false,
        line: line.line,
        raw: line.text,
        code: "unparseable",
        message: this.table
          ? `row does not fit the kubectl ${this.table.kind} table header (columns ${this.table.columns.map((c) => c.name).join(", ")})`
          : "not a kubectl table header, table row or `Type Reason Message` event line",
      },
    ];
  }

  end(): ParsedRecord[] {
    return [];
  }

  private startTable(kind: TableKind, header: string): ParsedRecord[] {
    this.table = { kind, columns: columnsOf(header) };
    return [];
  }

  private base(ageSeconds: number | null): Record<string, unknown> {
    // Ages are relative to when kubectl ran, which the reference time stands for.
    const ts = this.context.referenceTime - (ageSeconds ?? 0) * 1000;
    return {
      timestamp: ts,
      event_kind: "infra",
      timestamp_source: ageSeconds === null ? "reference_time" : "reference_time_minus_age",
    };
  }

  private tableRecord(kind: TableKind, cells: Record<string, string>): Record<string, unknown> | null {
    if (kind === "pods") {
      const status = cells.STATUS ?? "";
      if (!cells.NAME || status === "") return null;
      const age = durationSeconds(cells.AGE ?? "");
      const r: Record<string, unknown> = {
        timestamp: this.context.referenceTime,
        event_kind: "infra",
        event_action: status,
      };
      r.timestamp_source = "reference_time";
      r.k8s_pod = cells.NAME;
      if (cells.NAMESPACE) r.k8s_namespace = cells.NAMESPACE;
      if (cells.NODE && cells.NODE !== "<none>") r.host_name = cells.NODE;
      if (FAILED_STATUS.test(status)) {
        r.severity = "error";
        r.outcome = "failure";
      } else if (STUCK_STATUS.test(status)) {
        r.severity = "warn";
        r.outcome = "failure";
      } else {
        r.severity = "info";
      }
      r.ready = cells.READY;
      const restarts = /^(\d+)/.exec(cells.RESTARTS ?? "");
      if (restarts) r.restart_count = Number(restarts[1]);
      r.age = cells.AGE;
      if (age !== null) r.age_seconds = age;
      if (cells.IP && cells.IP !== "<none>") r.pod_ip = cells.IP;
      return r;
    }
    const type = cells.TYPE ?? cells.Type ?? "";
    const reason = cells.REASON ?? cells.Reason ?? "";
    if (!/^(Normal|Warning)$/.test(type) || reason === "") return null;
    const { seconds, count } = eventAge(cells["LAST SEEN"] ?? cells.Age ?? "");
    const r = this.base(seconds);
    r.event_action = reason;
    severityOfType(type, r);
    r.k8s_event_type = type;
    const message = cells.MESSAGE ?? cells.Message;
    if (message) r.message = message;
    if (kind === "events") {
      if (cells.NAMESPACE) r.k8s_namespace = cells.NAMESPACE;
      const object = cells.OBJECT ?? (cells.KIND && cells.NAME ? `${cells.KIND.toLowerCase()}/${cells.NAME}` : "");
      const [objKind, ...rest] = object.split("/");
      const objName = rest.join("/");
      if (objKind === "pod" && objName) r.k8s_pod = objName;
      else if (objKind === "node" && objName) r.host_name = objName;
      if (object) r.involved_object = object;
      const n = Number(cells.COUNT);
      if (cells.COUNT && Number.isSafeInteger(n)) r.count = n;
      if (cells.SOURCE) r.source_component = cells.SOURCE;
    } else {
      if (this.describeName) r.k8s_pod = this.describeName;
      if (this.describeNamespace) r.k8s_namespace = this.describeNamespace;
      if (count !== null) r.count = count;
      if (cells.From) r.source_component = cells.From;
    }
    r.age = cells["LAST SEEN"] ?? cells.Age;
    return r;
  }

  private bareEvent(m: RegExpExecArray): Record<string, unknown> {
    const r = this.base(null);
    const type = m[2] as string;
    r.event_action = m[3];
    severityOfType(type, r);
    r.k8s_event_type = type;
    r.message = m[4];
    // Docs write `...` for the columns they left out (age, source); what is left is type, reason, message.
    if (m[1]) r.columns_elided = true;
    if (this.describeName) r.k8s_pod = this.describeName;
    if (this.describeNamespace) r.k8s_namespace = this.describeNamespace;
    return r;
  }
}

const DETECT = [POD_HEADER, EVENTS_HEADER, DESCRIBE_HEADER, BARE_EVENT, EVENTS_SECTION];

export const kubectlFormat: Format = {
  name: "kubectl",
  description:
    "kubectl text output: `get pods` rows (status such as OOMKilled, CrashLoopBackOff), `get events` rows, the Events table of `describe`, and bare `Type Reason Message` event lines, as `infra` events. Times are the reference time less the row's age.",
  examples: [
    "... Warning BackOff   Back-off restarting failed container",
    "Warning OOMKilling Memory cgroup out of memory: Kill process 4481 (stress) score 1994 or sacrifice child",
  ],
  detect: (line) => DETECT.some((re) => re.test(line)),
  open: (context) => new KubectlSession(context),
};
