// Test support: real lines of other systems (from test/fixtures/samples), which a format's detect() must not claim.

const PLAIN_EVENT =
  '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}';
const VLLM_METRIC = 'vllm:num_requests_running{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.0';
const VLLM_LOG = "INFO 05-16 04:49:00 [async_llm.py:256] Added request cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0.";
const KUBECTL_ROW = "memory-demo-2   0/1       OOMKilled   1          24s";
const OTLP_SIGNAL = '  "resourceLogs": [';
const TFSERVING_LOG = "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]";
const TORCHSERVE_ACCESS =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';
const KEYCLOAK_LOG = "11:36:09,965 WARN  [org.keycloak.events] (default task-51) type=LOGIN_ERROR, realmId=master,";

/** For the JSON report and event formats (drift, auth, deploy): server logs and other systems' JSON. */
export const FOREIGN_TO_DOCUMENT_FORMATS: readonly string[] = [
  PLAIN_EVENT,
  "{",
  "}",
  TORCHSERVE_ACCESS,
  "I0520 20:03:25.829575 3355 model_lifecycle.cc:441] \"AsyncLoad() 'simple'\"",
  VLLM_LOG,
  VLLM_METRIC,
  TFSERVING_LOG,
  "NAME            READY     STATUS      RESTARTS   AGE",
  KUBECTL_ROW,
  // pretty-printed JSON of other systems
  OTLP_SIGNAL,
  '    "request_id": "chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027",',
  '  "MetricName": "DiskAvailable",',
  '        "reason": "LeaderElection",',
  // a Kubernetes event that is not about a deploy
  '{"kind":"Event","apiVersion":"v1","metadata":{"name":"x.17a3ba8b4aa36c81","namespace":"default"},"involvedObject":{"kind":"Pod","namespace":"default","name":"memory-demo-2"},"reason":"BackOff","message":"Back-off restarting failed container","type":"Warning","lastTimestamp":"2023-12-24T09:29:51Z"}',
];

/** For the model-server log formats (TF Serving, TorchServe, Triton): LLM servers, metrics, auth, payload dumps. */
export const FOREIGN_TO_SERVER_LOGS: readonly string[] = [
  PLAIN_EVENT,
  VLLM_LOG,
  "(APIServer pid=110552) INFO:     Started server process [110552]",
  KEYCLOAK_LOG,
  VLLM_METRIC,
  'DiskUsage{Level="Host",Hostname="88665a372f4b.ant.amazon.com",} 20.054508209228516',
  'nv_inference_request_success{model="my_model",version="1"} 161',
  "# TYPE :test:path:total counter",
  KUBECTL_ROW,
  "{",
  '  "id": "823248cc-d770-4a51-9606-16803395569c",',
  '  "model_name": "iris-classifier",',
  '  "inputs": [',
  OTLP_SIGNAL,
  "{ path: '/',",
  '{"log_file":"","log_info":true,"log_warnings":true,"log_errors":true,"log_verbose_level":1,"log_format":"default"}',
];

/** For the LLM gateway, payload logger and vLLM formats: model-server logs, metrics, auth, Kubernetes, OTLP. */
export const FOREIGN_TO_LLM_FORMATS: readonly string[] = [
  "I0802 18:11:47.100537 135 model_repository_manager.cc:1345] successfully loaded 'densenet_onnx' version 1",
  TORCHSERVE_ACCESS,
  "2024-05-30T21:46:03,626 [INFO ] epollEventLoopGroup-3-2 TS_METRICS - Requests4XX.Count:1.0|#Level:Host|#hostname:ip-172-31-11-32,timestamp:1717105563",
  TFSERVING_LOG,
  VLLM_METRIC,
  "# TYPE vllm:num_requests_running gauge",
  '::ffff:172.17.0.1 - - [27/Feb/2020:09:52:15 +0000] "POST / HTTP/1.1" 200 798 "-" "Go-http-client/1.1"',
  OTLP_SIGNAL,
  KEYCLOAK_LOG,
  KUBECTL_ROW,
  PLAIN_EVENT,
  "WARNING: sun.reflect.Reflection.getCallerClass is not supported. This will impact performance.",
];
