// Kubernetes Event objects: pod events (OOMKilled, BackOff...) and Argo Rollouts deploy events, one per line.
import type { SimEvent } from "../events.js";
import { iso } from "./time.js";

export function renderK8sEvent(e: SimEvent): string {
  const x = e.x;
  const when = iso(e.t).replace(/\.\d{3}Z$/, "Z");
  const kind = String(x.objectKind);
  const object =
    kind === "Pod"
      ? `{"kind":"Pod","namespace":"${x.namespace}","name":"${x.object}","fieldPath":"spec.containers{${x.container}}"}`
      : `{"kind":"${kind}","namespace":"${x.namespace}","name":"${x.object}","apiVersion":"argoproj.io/v1alpha1"}`;
  const source = kind === "Pod" ? `{"component":"kubelet","host":"${x.node}"}` : `{"component":"rollouts-controller"}`;
  return `{"kind":"Event","apiVersion":"v1","metadata":{"name":"${x.object}.${x.uid}","namespace":"${x.namespace}","creationTimestamp":"${when}"},"involvedObject":${object},"reason":"${x.reason}","message":${JSON.stringify(e.f.message)},"source":${source},"firstTimestamp":"${when}","lastTimestamp":"${when}","count":${x.count ?? 1},"type":"${x.type}"}`;
}
