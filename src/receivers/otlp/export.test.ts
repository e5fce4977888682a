// OTLP export decoding: JSON and protobuf give the same records; plain string bodies become envelopes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeExport, encodeExport, encodeResponse, encodingOf, exportItems } from "./export.js";
import { otlpRoot } from "./schema.js";

const request = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
      scopeLogs: [
        {
          scope: { name: "lib" },
          logRecords: [
            {
              timeUnixNano: "1763800000123000000",
              severityNumber: 13,
              body: { stringValue: "a plain line" },
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: "eee19b7ec3c1b174",
            },
            {
              timeUnixNano: "1763800000124000000",
              eventName: "gen_ai.client.inference.operation.details",
              attributes: [
                { key: "gen_ai.request.model", value: { stringValue: "m" } },
                { key: "gen_ai.usage.input_tokens", value: { intValue: "5" } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** The same request as an exporter's protobuf (ids as bytes). */
function protoBody(): Buffer {
  const copy = structuredClone(request) as typeof request;
  const lr = copy.resourceLogs[0]?.scopeLogs[0]?.logRecords[0] as Record<string, unknown>;
  lr.traceId = Buffer.from(String(lr.traceId), "hex").toString("base64");
  lr.spanId = Buffer.from(String(lr.spanId), "hex").toString("base64");
  return encodeExport("logs", copy);
}

test("content types", () => {
  assert.equal(encodingOf("application/x-protobuf"), "protobuf");
  assert.equal(encodingOf("application/json; charset=utf-8"), "json");
  assert.equal(encodingOf("text/plain"), null);
});

test("JSON and protobuf requests give the same items; a plain body is an envelope, GenAI records are read", () => {
  const fromJson = exportItems(decodeExport("logs", "json", Buffer.from(JSON.stringify(request))));
  const fromProto = exportItems(decodeExport("logs", "protobuf", protoBody()));
  for (const items of [fromJson, fromProto]) {
    assert.equal(items.length, 2);
    const [plain, genai] = items;
    assert.equal(plain?.text, "a plain line");
    assert.equal(plain?.envelope?.format, "otlp");
    assert.equal(plain?.envelope?.record.trace_id, "5b8efff798038103d269b633813fc60c");
    assert.equal(plain?.envelope?.record.severity, "warn");
    assert.equal(plain?.envelope?.record.message, undefined, "the body is the item's text, not the envelope's");
    assert.ok(genai?.read?.result.ok);
    if (genai?.read?.result.ok) {
      assert.equal(genai.read.result.record.model_name, "m");
      assert.equal(genai.read.result.record.tokens_in, 5);
      assert.equal(genai.read.result.record.event_kind, "llm");
    }
  }
});

test("a request for another signal, or a broken one, is refused with a message", () => {
  assert.deepEqual(exportItems(decodeExport("traces", "json", Buffer.from(JSON.stringify(request)))), []);
  assert.throws(() => decodeExport("logs", "json", Buffer.from("[1]")), /must be an ExportLogsServiceRequest/);
  assert.throws(
    () => decodeExport("logs", "json", Buffer.from('{"resourceLogs": 3}')),
    /resourceLogs must be an array/,
  );
  assert.throws(() => decodeExport("logs", "protobuf", Buffer.from([0x0a, 0x05, 0x01])), /not an OTLP/);
});

test("partial success answers name the rejected count in both encodings", () => {
  assert.equal(encodeResponse("traces", "json", 0, ""), "{}");
  assert.deepEqual(JSON.parse(String(encodeResponse("traces", "json", 2, "why"))), {
    partialSuccess: { rejectedSpans: "2", errorMessage: "why" },
  });
  const type = otlpRoot.lookupType("otlp.ExportMetricsServiceResponse");
  const decoded = type.toObject(type.decode(encodeResponse("metrics", "protobuf", 3, "why") as Buffer), {
    longs: Number,
  });
  assert.deepEqual(decoded, { partialSuccess: { rejectedDataPoints: 3, errorMessage: "why" } });
});
