// Lines of other formats (copied from shared/samples of other systems), for tests that detect() does not misfire.

export const FOREIGN_LINES: readonly string[] = [
  // plain normalized JSON
  '{"timestamp": "2026-11-22T10:00:00Z", "event_kind": "inference", "model_name": "resnet", "latency_ms": 212.5}',
  "{",
  "}",
  // torchserve
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118',
  // triton
  "I0520 20:03:25.829575 3355 model_lifecycle.cc:441] \"AsyncLoad() 'simple'\"",
  // vllm
  "INFO 05-16 04:49:00 [async_llm.py:256] Added request cmpl-bddb7a85-316a-491d-9c6a-cf4c8f2115cf-0.",
  'vllm:num_requests_running{model_name="meta-llama/Llama-3.1-8B-Instruct"} 8.0',
  // tensorflow serving
  "2018-07-27 00:07:20.773693: I tensorflow_serving/model_servers/main.cc:333]",
  // kubectl
  "NAME            READY     STATUS      RESTARTS   AGE",
  "memory-demo-2   0/1       OOMKilled   1          24s",
  // pretty-printed JSON of other systems
  '  "resourceLogs": [',
  '    "request_id": "chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027",',
  '  "MetricName": "DiskAvailable",',
  '        "reason": "LeaderElection",',
  // a Kubernetes event that is not about a deploy
  '{"kind":"Event","apiVersion":"v1","metadata":{"name":"x.17a3ba8b4aa36c81","namespace":"default"},"involvedObject":{"kind":"Pod","namespace":"default","name":"memory-demo-2"},"reason":"BackOff","message":"Back-off restarting failed container","type":"Warning","lastTimestamp":"2023-12-24T09:29:51Z"}',
];
