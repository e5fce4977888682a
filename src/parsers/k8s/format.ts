// `k8s-events`: Kubernetes Events and pod status as JSON (kubectl -o json, watch streams, pretty-printed or one per
// line) or YAML (kubectl -o yaml, documents split by `---`).
import { parse as parseYaml } from "yaml";
import { itemRecords } from "../common/document-items.js";
import {
  type DocumentValue,
  documentValue,
  JsonDocuments,
  type JsonPiece,
  opensJson,
} from "../common/json-documents.js";
import { guarded } from "../common/parser-errors.js";
import type { Format, ParseContext, ParsedRecord, ParseSession, SourceLine } from "../types.js";
import { k8sObjectRecords } from "./objects.js";

/** YAML cannot be parsed line by line, so a document is held whole; past this it is refused. */
const MAX_YAML_BYTES = 8 * 1024 * 1024;

class K8sSession implements ParseSession {
  private readonly json = new JsonDocuments();
  private yaml: SourceLine[] = [];
  private yamlBytes = 0;

  constructor(private readonly context: ParseContext) {}

  push(line: SourceLine): ParsedRecord[] {
    if (this.json.open) return this.documents(this.json.push(line));
    const trimmed = line.text.trim();
    // `---` separates YAML documents; `...` ends one.
    if (trimmed === "---" || trimmed === "...") return this.flushYaml();
    if (this.yaml.length === 0 && opensJson(line.text)) return this.documents(this.json.push(line));
    this.yaml.push(line);
    this.yamlBytes += line.text.length + 1;
    if (this.yamlBytes > MAX_YAML_BYTES) {
      const first = this.yaml[0] as SourceLine;
      this.yaml = [];
      this.yamlBytes = 0;
      return [
        {
          ok: false,
          line: first.line,
          raw: first.text,
          code: "unparseable",
          message: `YAML document starting on line ${first.line} is larger than ${MAX_YAML_BYTES} bytes; skipped`,
        },
      ];
    }
    return [];
  }

  inRecord(): boolean {
    return this.json.open;
  }

  end(): ParsedRecord[] {
    return [...this.documents(this.json.end()), ...this.flushYaml()];
  }

  private flushYaml(): ParsedRecord[] {
    if (this.yaml.length === 0) return [];
    const lines = this.yaml;
    this.yaml = [];
    this.yamlBytes = 0;
    const first = lines[0] as SourceLine;
    const raw = lines.map((l) => l.text).join("\n");
    let value: unknown;
    try {
      // The default (YAML 1.2 core) schema keeps RFC 3339 times as strings and limits alias expansion.
      value = parseYaml(raw, { prettyErrors: false });
    } catch (e) {
      return [
        { ok: false, line: first.line, raw, code: "unparseable", message: `invalid YAML: ${(e as Error).message}` },
      ];
    }
    return this.records({ ok: true, line: first.line, raw, value });
  }

  /** Lines only reach the assembler while it is open or when they open a document: it never returns text. */
  private documents(pieces: readonly JsonPiece[]): ParsedRecord[] {
    return pieces.flatMap((p) => (p.kind === "document" || p.kind === "problem" ? this.records(documentValue(p)) : []));
  }

  /** A single-item document keeps its own text as raw; items of a list get their own JSON (no N-fold copies). */
  private records(doc: DocumentValue): ParsedRecord[] {
    if (!doc.ok) return [doc];
    const value = doc.value;
    return guarded(
      doc,
      () => {
        const results = k8sObjectRecords(value, this.context.referenceTime);
        return itemRecords(doc, results, new Set(results.map((r) => r.item)).size === 1);
      },
      "Kubernetes object",
    );
  }
}

/** JSON naming an Event/Pod kind, a watch event, or the first line of a kubectl YAML/JSON dump of one. */
const JSON_KIND = /^\s*(?:\{\s*)?"kind"\s*:\s*"(?:Event|EventList|Pod|PodList)"/;
const JSON_INLINE = /^\s*\{.*"kind"\s*:\s*"(?:Event|EventList|Pod|PodList)"/;
const WATCH = /^\s*\{\s*"type"\s*:\s*"(?:ADDED|MODIFIED|DELETED|BOOKMARK|ERROR)"\s*,\s*"object"\s*:/;
/** YAML: `kind: Event` at any depth (list items of `kubectl get events -o yaml` come before the List's own kind). */
const YAML_START = /^(?:\s*(?:- )?kind:\s+(?:Event|EventList|Pod|PodList)\s*$|lastState:\s*$|containerStatuses:\s*$)/;

export const k8sEventsFormat: Format = {
  name: "k8s-events",
  description:
    "Kubernetes Events (kubectl get events -o json/yaml, EventList, watch streams) and pod status (OOMKilled, CrashLoopBackOff...) as `infra` events: reason, namespace, pod, container, node, severity.",
  examples: [
    // The fluent-bit EventList sample, compacted onto one line.
    '{"kind":"EventList","apiVersion":"v1","metadata":{"resourceVersion":"177157"},"items":[{"metadata":{"name":".17a3ba8b4aa36c81","namespace":"default","uid":"ec5546b7-f1b9-4e61-a90c-a1f3b611edbc","resourceVersion":"174688","creationTimestamp":"2023-12-24T09:30:07Z","managedFields":[{"manager":"storage-provisioner","operation":"Update","apiVersion":"v1","time":"2023-12-24T09:30:07Z","fieldsType":"FieldsV1","fieldsV1":{"f:count":{},"f:firstTimestamp":{},"f:involvedObject":{},"f:lastTimestamp":{},"f:message":{},"f:reason":{},"f:source":{"f:component":{}},"f:type":{}}}]},"involvedObject":{"kind":"Endpoints","apiVersion":"v1"},"reason":"LeaderElection","message":"minikube_31f5cdfb-29b0-4f84-9f9c-585088e9235f stopped leading","source":{"component":"k8s.io/minikube-hostpath_minikube_31f5cdfb-29b0-4f84-9f9c-585088e9235f"},"firstTimestamp":"2023-12-24T09:29:51Z","lastTimestamp":"2023-12-24T09:29:51Z","count":1,"type":"Normal","eventTime":null,"reportingComponent":"","reportingInstance":""}]}',
  ],
  detect: (line) => JSON_KIND.test(line) || JSON_INLINE.test(line) || WATCH.test(line) || YAML_START.test(line),
  open: (context) => new K8sSession(context),
};
