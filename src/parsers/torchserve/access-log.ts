// TorchServe ACCESS_LOG messages (`/client:port "METHOD uri proto" status ms`) read into HTTP and model fields.

// The client is everything before the last `:port`, so IPv6 addresses (`/0:0:0:0:0:0:0:1:53514`) survive.
const ACCESS = /^\/?(\S+):(\d+) "([A-Z]+) (\S+) ([^"]*)" ([1-5]\d\d) (\d+(?:\.\d+)?)(?:\s+(.*))?$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

interface Route {
  readonly action: string;
  readonly kind: "inference" | "deploy" | "log";
  readonly model?: string;
  readonly version?: string;
}

/** What an API path does. Inference: /predictions, /explanations, KServe v1/v2 routes. Management: /models. */
function route(method: string, path: string, query: URLSearchParams): Route {
  const seg = path
    .split("/")
    .filter((s) => s !== "")
    .map(decode);
  const [first, second, third, fourth] = seg;
  if ((first === "predictions" || first === "explanations") && second !== undefined) {
    return {
      action: first === "predictions" ? "predict" : "explain",
      kind: "inference",
      model: second,
      version: third,
    };
  }
  if (first === "v1" && second === "models" && third !== undefined) {
    const [model, verb] = third.split(":");
    return { action: verb ?? "describe_model", kind: verb ? "inference" : "log", model };
  }
  if (first === "v2" && second === "models" && third !== undefined) {
    const version = fourth === "versions" ? seg[4] : undefined;
    const verb = seg[seg.length - 1];
    const inference = verb === "infer" || verb === "explain" || verb === "generate";
    return {
      action: inference ? (verb as string) : "describe_model",
      kind: inference ? "inference" : "log",
      model: third,
      version,
    };
  }
  if (first === "models") {
    const model = second ?? query.get("model_name") ?? undefined;
    const version = third === "set-default" ? undefined : third;
    if (method === "POST" && second === undefined) return { action: "register_model", kind: "deploy", model };
    if (method === "DELETE") return { action: "unregister_model", kind: "deploy", model, version };
    if (method === "PUT" && fourth === "set-default")
      return { action: "set_default_version", kind: "deploy", model, version };
    if (method === "PUT") return { action: "scale_workers", kind: "deploy", model, version };
    return { action: second === undefined ? "list_models" : "describe_model", kind: "log", model, version };
  }
  if (first === "ping") return { action: "ping", kind: "log" };
  if (first === "metrics") return { action: "metrics_scrape", kind: "log" };
  return { action: "http_request", kind: "log" };
}

/** Fields of an access-log message, or null when it is not one. */
export function accessFields(message: string): Record<string, unknown> | null {
  const m = ACCESS.exec(message.trim());
  if (!m) return null;
  const client = (m[1] ?? "").replace(/^\[(.*)\]$/, "$1");
  const method = m[3] ?? "";
  const uri = m[4] ?? "";
  const status = Number(m[6]);
  const q = uri.indexOf("?");
  const path = q < 0 ? uri : uri.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : uri.slice(q + 1));
  const r = route(method, path, query);
  const failed = status >= 400;
  return {
    event_kind: r.kind,
    event_action: r.action,
    outcome: failed ? "failure" : "success",
    client_ip: client,
    client_port: Number(m[2]),
    http_method: method,
    endpoint: path,
    http_protocol: m[5],
    http_status_code: status,
    latency_ms: Number(m[7]),
    model_name: r.model,
    model_version: r.version,
    // Where a registered model is fetched from matters (arbitrary URLs are a known TorchServe risk).
    model_url: query.get("url") ?? undefined,
    error_type: failed ? `http_${status}` : undefined,
    access_extra: m[8] || undefined,
  };
}
