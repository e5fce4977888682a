// The cluster-level answers shippers ask for before sending: version, license, health, and their setup calls.

/** The Elasticsearch version InferWatch claims: 8.x, which Filebeat, Logstash, Vector and the 9.x JS client accept. */
export const ES_VERSION = "8.17.0";
const CLUSTER_NAME = "inferwatch";
const CLUSTER_UUID = "aW5mZXJ3YXRjaC1jbHVzdGVy";

/** `GET /`: the document clients read the version (and, since 7.14, the product) from. */
export function versionDocument(nodeName: string): Record<string, unknown> {
  return {
    name: nodeName,
    cluster_name: CLUSTER_NAME,
    cluster_uuid: CLUSTER_UUID,
    version: {
      number: ES_VERSION,
      build_flavor: "default",
      build_type: "tar",
      build_hash: "0000000000000000000000000000000000000000",
      build_date: "2024-12-11T12:08:05.663969764Z",
      build_snapshot: false,
      lucene_version: "9.12.0",
      minimum_wire_compatibility_version: "7.17.0",
      minimum_index_compatibility_version: "7.0.0",
    },
    tagline: "You Know, for Search",
  };
}

/** `GET /_license`: a basic license that never expires, so Beats and Logstash do not disable features. */
export function licenseDocument(): Record<string, unknown> {
  return {
    license: {
      status: "active",
      uid: "00000000-0000-0000-0000-000000000000",
      type: "basic",
      issue_date: "2024-01-01T00:00:00.000Z",
      issue_date_in_millis: 1_704_067_200_000,
      max_nodes: 1000,
      max_resource_units: null,
      issued_to: CLUSTER_NAME,
      issuer: "elasticsearch",
      start_date_in_millis: -1,
    },
  };
}

/** `GET /_xpack`: no X-Pack features enabled (shippers then skip ILM and monitoring setup where they can). */
export function xpackDocument(): Record<string, unknown> {
  return {
    build: { hash: "0000000000000000000000000000000000000000", date: "2024-12-11T12:08:05.663969764Z" },
    license: { uid: "00000000-0000-0000-0000-000000000000", type: "basic", mode: "basic", status: "active" },
    features: {
      ilm: { available: true, enabled: true },
      security: { available: true, enabled: false },
      monitoring: { available: false, enabled: false },
    },
    tagline: "You know, for X",
  };
}

/** `GET /_cluster/health`: green while InferWatch can accept writes, yellow while its write queue is full. */
export function clusterHealth(full: boolean): Record<string, unknown> {
  return {
    cluster_name: CLUSTER_NAME,
    status: full ? "yellow" : "green",
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 1,
    active_shards: 1,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: 100,
  };
}

/** `GET /_cat/health`: the text table (or JSON with `format=json`) rsyslog and scripts check. */
export function catHealth(full: boolean, json: boolean, now: number): string | Record<string, string>[] {
  const epoch = String(Math.floor(now / 1000));
  const time = new Date(now).toISOString().slice(11, 19);
  const status = full ? "yellow" : "green";
  if (json) {
    return [
      {
        epoch,
        timestamp: time,
        cluster: CLUSTER_NAME,
        status,
        "node.total": "1",
        "node.data": "1",
        shards: "1",
        pri: "1",
        relo: "0",
        init: "0",
        unassign: "0",
        pending_tasks: "0",
        max_task_wait_time: "-",
        active_shards_percent: "100.0%",
      },
    ];
  }
  return `${epoch} ${time} ${CLUSTER_NAME} ${status} 1 1 1 1 0 0 0 0 - 100.0%\n`;
}

/** Setup resources shippers check and create; InferWatch needs none of them, so every one "exists". */
export type SetupKind = "index_template" | "template" | "ilm_policy" | "data_stream" | "alias" | "pipeline" | "index";

/**
 * The answer to a GET of a setup resource: present, with the minimal body each shipper reads, so it goes on to
 * ship (Filebeat and Logstash PUT a template or policy only when the GET says it is missing, which is also fine).
 */
export function setupResource(kind: SetupKind, name: string): Record<string, unknown> {
  switch (kind) {
    case "index_template":
      return {
        index_templates: [
          { name, index_template: { index_patterns: [`${name}*`], composed_of: [], template: {}, data_stream: {} } },
        ],
      };
    case "template":
      return { [name]: { order: 0, index_patterns: [`${name}*`], settings: {}, mappings: {}, aliases: {} } };
    case "ilm_policy":
      return {
        [name]: {
          version: 1,
          modified_date: "2024-01-01T00:00:00.000Z",
          policy: { phases: { hot: { min_age: "0ms", actions: {} } } },
        },
      };
    case "data_stream":
      return {
        data_streams: [
          {
            name,
            timestamp_field: { name: "@timestamp" },
            indices: [],
            generation: 1,
            status: "GREEN",
            template: name,
            hidden: false,
            system: false,
          },
        ],
      };
    case "alias":
      return { [name]: { aliases: { [name]: { is_write_index: true } } } };
    case "pipeline":
      return { [name]: { description: "accepted by InferWatch, not run", processors: [] } };
    case "index":
      return { [name]: { aliases: {}, mappings: {}, settings: { index: { number_of_shards: "1" } } } };
  }
}

/** The answer to a PUT/POST/DELETE of a setup resource. */
export function acknowledged(kind: SetupKind, name: string): Record<string, unknown> {
  return kind === "index" ? { acknowledged: true, shards_acknowledged: true, index: name } : { acknowledged: true };
}
