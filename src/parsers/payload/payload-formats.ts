// `kserve-payload` and `seldon-payload`: the inference payload loggers' CloudEvents, paired into inference events.
import type { Format } from "../types.js";
import { PayloadSession } from "./payload-session.js";

/**
 * Detection keys on the line that tells the vendor, the event type, in every layout: `'ce-type': '...'` (echo),
 * `"ce-type": "..."` (JSON echo), `Ce-Type: ...` (HTTP), `  type: ...` (message-dumper), `"type": "..."` (JSON).
 * The lines before it in a capture (a dumper banner, `{ path: '/',`) are shared by both vendors, so they are not
 * claimed: auto-detection holds them until the type line names the format.
 */
function typeLine(prefix: string): (line: string) => boolean {
  const escaped = prefix.replaceAll(".", "\\.");
  const pattern = new RegExp(`^\\s*(?:\\{\\s*)?['"]?(?:ce-)?type['"]?\\s*:\\s*['"]?${escaped}`, "i");
  return (line) =>
    pattern.test(line) || (/^\s*[[{]/.test(line) && line.includes('"specversion"') && line.includes(`"${prefix}`));
}

/**
 * A bare Open Inference Protocol (V2) body has no CloudEvent type, but its tensor `datatype` values are the
 * protocol's own vocabulary: that line claims the document for KServe (the session reads bare V1/V2 bodies).
 */
const OIP_DATATYPE = /"datatype"\s*:\s*"(?:BOOL|U?INT(?:8|16|32|64)|FP(?:16|32|64)|BF16|BYTES)"/;
const kserveTypeLine = typeLine("org.kubeflow.serving.");

const DESCRIPTION_TAIL =
  "Reads knative message-dumper output, http-echo dumps (Node inspect or JSON), raw HTTP with ce-* headers, " +
  "structured JSON CloudEvents (also batches) and bare V1/V2 bodies. Request and response are paired into one " +
  "inference event (latency = response time - request time; input shape/size/hash, never the tensor; prediction " +
  "label and confidence); a half left alone at the end is emitted with `unpaired: request|response`.";

export const kservePayloadFormat: Format = {
  name: "kserve-payload",
  description: `KServe payload logger CloudEvents (org.kubeflow.serving.inference.request/response, paired by ce-id). ${DESCRIPTION_TAIL}`,
  examples: [
    '{"specversion":"1.0","id":"0009174a-24a8-4603-b098-09c8799950e9","type":"org.kubeflow.serving.inference.request","source":"http://localhost:9081/","time":"2021-04-10T00:23:26.0789529Z","datacontenttype":"application/json","inferenceservicename":"sklearn-iris","namespace":"default","endpoint":"default","data":{"instances":[[6.8,2.8,4.8,1.4],[6.0,3.4,4.5,1.6]]}}',
  ],
  detect: (line) => kserveTypeLine(line) || OIP_DATATYPE.test(line),
  open: (context) => new PayloadSession(context),
};

export const seldonPayloadFormat: Format = {
  name: "seldon-payload",
  description: `Seldon Core v1 request logger CloudEvents (io.seldon.serving.inference.request/response, paired by ce-requestid; model from ce-modelid). ${DESCRIPTION_TAIL}`,
  examples: [
    '{"specversion":"1.0","id":"e276a0c3-a522-4499-b509-5e98e06e96fe","type":"io.seldon.serving.inference.request","source":"http://:8000/","time":"2020-11-06T09:35:09.171644169Z","requestid":"33fb419e-8d6b-44e0-a084-8bd4bd4dbf7b","modelid":"classifier","inferenceservicename":"model-logs","namespace":"seldon","endpoint":"logging","data":{"data":{"ndarray":[[1.0,2.0,5.0]]}}}',
  ],
  detect: typeLine("io.seldon.serving."),
  open: (context) => new PayloadSession(context),
};
