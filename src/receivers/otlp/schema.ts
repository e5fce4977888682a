// The OTLP protobuf messages InferWatch reads and answers, as a protobufjs reflection schema.
import protobuf from "protobufjs";

/*
 * Written from the OTLP specification (opentelemetry-proto: common, resource, logs, trace, metrics and the
 * collector's Export*Service request/response messages), keeping only the fields a receiver reads; unknown
 * fields on the wire are skipped by the decoder. Names are the proto3 JSON (camelCase) ones, so a decoded
 * message has the same shape as an OTLP/JSON body and one mapping (src/parsers/otel) serves both encodings.
 */
const f = (type: string, id: number) => ({ type, id });
const many = (type: string, id: number) => ({ rule: "repeated", type, id });

const scopeFields = { scope: f("InstrumentationScope", 1), schemaUrl: f("string", 3) };
const resourceFields = { resource: f("Resource", 1), schemaUrl: f("string", 3) };
const pointTimes = { startTimeUnixNano: f("fixed64", 2), timeUnixNano: f("fixed64", 3) };
const response = (rejected: string) => ({
  fields: { partialSuccess: f(`PartialSuccess${rejected}`, 1) },
});
const partial = (rejected: string) => ({
  fields: { [rejected]: f("int64", 1), errorMessage: f("string", 2) },
});

export const otlpRoot = protobuf.Root.fromJSON({
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: {
            value: {
              oneof: ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"],
            },
          },
          fields: {
            stringValue: f("string", 1),
            boolValue: f("bool", 2),
            intValue: f("int64", 3),
            doubleValue: f("double", 4),
            arrayValue: f("ArrayValue", 5),
            kvlistValue: f("KeyValueList", 6),
            bytesValue: f("bytes", 7),
          },
        },
        ArrayValue: { fields: { values: many("AnyValue", 1) } },
        KeyValueList: { fields: { values: many("KeyValue", 1) } },
        KeyValue: { fields: { key: f("string", 1), value: f("AnyValue", 2) } },
        InstrumentationScope: {
          fields: { name: f("string", 1), version: f("string", 2), attributes: many("KeyValue", 3) },
        },
        Resource: { fields: { attributes: many("KeyValue", 1) } },

        ExportLogsServiceRequest: { fields: { resourceLogs: many("ResourceLogs", 1) } },
        ResourceLogs: { fields: { ...resourceFields, scopeLogs: many("ScopeLogs", 2) } },
        ScopeLogs: { fields: { ...scopeFields, logRecords: many("LogRecord", 2) } },
        LogRecord: {
          fields: {
            timeUnixNano: f("fixed64", 1),
            observedTimeUnixNano: f("fixed64", 11),
            severityNumber: f("int32", 2),
            severityText: f("string", 3),
            body: f("AnyValue", 5),
            attributes: many("KeyValue", 6),
            flags: f("fixed32", 8),
            traceId: f("bytes", 9),
            spanId: f("bytes", 10),
            eventName: f("string", 12),
          },
        },

        ExportTraceServiceRequest: { fields: { resourceSpans: many("ResourceSpans", 1) } },
        ResourceSpans: { fields: { ...resourceFields, scopeSpans: many("ScopeSpans", 2) } },
        ScopeSpans: { fields: { ...scopeFields, spans: many("Span", 2) } },
        Span: {
          fields: {
            traceId: f("bytes", 1),
            spanId: f("bytes", 2),
            traceState: f("string", 3),
            parentSpanId: f("bytes", 4),
            flags: f("fixed32", 16),
            name: f("string", 5),
            kind: f("int32", 6),
            startTimeUnixNano: f("fixed64", 7),
            endTimeUnixNano: f("fixed64", 8),
            attributes: many("KeyValue", 9),
            events: many("SpanEvent", 11),
            links: many("SpanLink", 13),
            status: f("Status", 15),
          },
        },
        SpanEvent: { fields: { timeUnixNano: f("fixed64", 1), name: f("string", 2), attributes: many("KeyValue", 3) } },
        SpanLink: {
          fields: {
            traceId: f("bytes", 1),
            spanId: f("bytes", 2),
            traceState: f("string", 3),
            attributes: many("KeyValue", 4),
          },
        },
        Status: { fields: { message: f("string", 2), code: f("int32", 3) } },

        ExportMetricsServiceRequest: { fields: { resourceMetrics: many("ResourceMetrics", 1) } },
        ResourceMetrics: { fields: { ...resourceFields, scopeMetrics: many("ScopeMetrics", 2) } },
        ScopeMetrics: { fields: { ...scopeFields, metrics: many("Metric", 2) } },
        Metric: {
          oneofs: { data: { oneof: ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] } },
          fields: {
            name: f("string", 1),
            description: f("string", 2),
            unit: f("string", 3),
            gauge: f("Gauge", 5),
            sum: f("Sum", 7),
            histogram: f("Histogram", 9),
            exponentialHistogram: f("ExponentialHistogram", 10),
            summary: f("Summary", 11),
          },
        },
        Gauge: { fields: { dataPoints: many("NumberDataPoint", 1) } },
        Sum: {
          fields: {
            dataPoints: many("NumberDataPoint", 1),
            aggregationTemporality: f("int32", 2),
            isMonotonic: f("bool", 3),
          },
        },
        Histogram: { fields: { dataPoints: many("HistogramDataPoint", 1), aggregationTemporality: f("int32", 2) } },
        ExponentialHistogram: {
          fields: { dataPoints: many("ExponentialHistogramDataPoint", 1), aggregationTemporality: f("int32", 2) },
        },
        Summary: { fields: { dataPoints: many("SummaryDataPoint", 1) } },
        NumberDataPoint: {
          oneofs: { value: { oneof: ["asDouble", "asInt"] } },
          fields: {
            ...pointTimes,
            attributes: many("KeyValue", 7),
            asDouble: f("double", 4),
            asInt: f("sfixed64", 6),
            flags: f("uint32", 8),
          },
        },
        HistogramDataPoint: {
          fields: {
            ...pointTimes,
            attributes: many("KeyValue", 9),
            count: f("fixed64", 4),
            sum: f("double", 5),
            bucketCounts: many("fixed64", 6),
            explicitBounds: many("double", 7),
            flags: f("uint32", 10),
            min: f("double", 11),
            max: f("double", 12),
          },
        },
        ExponentialHistogramDataPoint: {
          fields: {
            ...pointTimes,
            attributes: many("KeyValue", 1),
            count: f("fixed64", 4),
            sum: f("double", 5),
            scale: f("sint32", 6),
            zeroCount: f("fixed64", 7),
            positive: f("Buckets", 8),
            negative: f("Buckets", 9),
            flags: f("uint32", 10),
            min: f("double", 12),
            max: f("double", 13),
          },
        },
        Buckets: { fields: { offset: f("sint32", 1), bucketCounts: many("uint64", 2) } },
        SummaryDataPoint: {
          fields: {
            ...pointTimes,
            attributes: many("KeyValue", 7),
            count: f("fixed64", 4),
            sum: f("double", 5),
            quantileValues: many("ValueAtQuantile", 6),
            flags: f("uint32", 8),
          },
        },
        ValueAtQuantile: { fields: { quantile: f("double", 1), value: f("double", 2) } },

        ExportLogsServiceResponse: response("Logs"),
        PartialSuccessLogs: partial("rejectedLogRecords"),
        ExportTraceServiceResponse: response("Traces"),
        PartialSuccessTraces: partial("rejectedSpans"),
        ExportMetricsServiceResponse: response("Metrics"),
        PartialSuccessMetrics: partial("rejectedDataPoints"),
        /** google.rpc.Status: the body of an OTLP/HTTP error answer. */
        RpcStatus: { fields: { code: f("int32", 1), message: f("string", 2) } },
      },
    },
  },
});
