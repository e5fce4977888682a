// KServe payload-logger CloudEvents (structured JSON): a request and its response, paired by the event id.
import type { SimEvent } from "../events.js";
import { iso } from "./time.js";

export function renderKserve(e: SimEvent): string {
  const f = e.f;
  const model = String(f.model_name);
  const group = String(f.deployment_group ?? "default");
  const head = `"specversion":"1.0","id":"${f.request_id}"`;
  const tail = `"source":"http://${model}-predictor-${group}.${f.k8s_namespace}/","datacontenttype":"application/json","inferenceservicename":"${model}","namespace":"${f.k8s_namespace}","endpoint":"${group}"`;
  // A tabular model gets a V2 tensor of features; the text model a V1 instance (a hash of the text, never the text).
  const features = e.x.features as readonly number[] | undefined;
  const body = features
    ? `{"inputs":[{"name":"features","shape":[1,${features.length}],"datatype":"FP32","data":[${features.join(",")}]}]}`
    : `{"instances":[{"text_sha1":"${e.x.textHash}","lang":"en"}]}`;
  const request = `{${head},"type":"org.kubeflow.serving.inference.request","time":"${iso(e.t)}",${tail},"data":${body}}`;
  const done = e.t + Number(f.latency_ms);
  const data =
    f.outcome === "failure"
      ? JSON.stringify({ error: f.message })
      : `{"model_name":"${model}","model_version":"${f.model_version}","id":"${f.request_id}","outputs":[{"name":"probabilities","shape":[1,${(e.x.probs as number[]).length}],"datatype":"FP32","data":[${(e.x.probs as number[]).join(",")}]}]}`;
  const response = `{${head},"type":"org.kubeflow.serving.inference.response","time":"${iso(done)}",${tail},"data":${data}}`;
  return `${request}\n${response}`;
}
