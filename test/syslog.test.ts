// Syslog with util-linux `logger` (RFC 5424 and 3164, TCP octet-counting and newline framing, UDP), malformed and
// oversized messages dead-lettered, TCP backpressure under overload, and the `serve` wiring.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { InferWatchError } from "../src/core/errors.js";
import { type SyslogListener, startSyslog } from "../src/receivers/syslog/listener.js";
import { freePort, sqlRows, startServer, tempDir, waitFor } from "./helpers/process.js";
import { holdWriteQueue, type ReceiverServer, startReceiverServer } from "./helpers/receiver-server.js";

const run = promisify(execFile);
const TORCHSERVE =
  '2018-10-15 13:56:18,976 [INFO ] BackendWorker-9000 ACCESS_LOG - /127.0.0.1:64003 "POST /predictions/resnet-18 HTTP/1.1" 200 118';
const quiet = { warn: () => {}, error: (m: string) => console.error(m) };

let srv: ReceiverServer;
let sys: SyslogListener;

before(async () => {
  srv = await startReceiverServer({ "limits.max_line_bytes": 2000 });
  sys = await startSyslog(
    { host: "127.0.0.1", udpPort: 0, tcpPort: 0, sourceId: "syslog", maxMessageBytes: 2000, timeZone: "UTC" },
    srv.rt.ingest,
    srv.rt.metrics,
    quiet,
  );
});
after(async () => {
  await sys.close();
  await srv.close();
});

function logger(args: string[]) {
  return run("logger", ["--server", "127.0.0.1", ...args]);
}

const variants = [
  { name: "RFC 5424 over TCP, octet-counting", args: ["--tcp", "--rfc5424", "--octet-count"], port: () => sys.tcpPort },
  { name: "RFC 5424 over UDP", args: ["--udp", "--rfc5424"], port: () => sys.udpPort },
  { name: "RFC 3164 over TCP, newline framing", args: ["--tcp", "--rfc3164"], port: () => sys.tcpPort },
  { name: "RFC 3164 over UDP", args: ["--udp", "--rfc3164"], port: () => sys.udpPort },
];

for (const [i, v] of variants.entries()) {
  test(`logger: ${v.name}`, async () => {
    const tag = `iw-test-${i}`;
    const sd = v.args.includes("--rfc5424") ? ["--sd-id", "zoo@32473", "--sd-param", 'tiger="hungry"'] : [];
    await logger([...v.args, "--port", String(v.port()), "-t", tag, "-p", "local3.warning", ...sd, `plain ${tag}`]);
    await logger([...v.args, "--port", String(v.port()), "-t", tag, "-p", "local3.info", TORCHSERVE]);
    const where = `source_id = 'syslog' AND json_extract_string(attributes, '$."syslog.appname"') = '${tag}'`;
    const rows = await waitFor(async () => {
      const r = await srv.sql(
        `SELECT source_type, severity, host_name, message, json_extract_string(attributes, '$."syslog.facility"'),
                json_extract_string(attributes, '$."syslog.structured_data"."zoo@32473".tiger'), http_status_code
         FROM events WHERE ${where} ORDER BY source_type`,
      );
      return r.length === 2 ? r : null;
    }, `both ${v.name} messages stored`).then((r) => r ?? []);
    const [plain, ts] = [rows.find((r) => r[0] === "syslog"), rows.find((r) => r[0] === "torchserve")];
    assert.ok(plain && ts, JSON.stringify(rows));
    assert.equal(plain[1], "warn");
    assert.equal(plain[2], hostname());
    assert.equal(plain[3], `plain ${tag}`);
    assert.equal(plain[4], "local3");
    assert.equal(plain[5], sd.length > 0 ? "hungry" : null);
    assert.equal(ts[6], 200, "the TorchServe line in the syslog MSG is read by the TorchServe parser");
    assert.equal(ts[2], hostname(), "the syslog header fills what the line does not say");
  });
}

function sendTcp(port: number, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(data));
    socket.on("close", () => resolve());
    socket.on("error", reject);
  });
}

test("malformed and oversized messages are dead-lettered with their original text", async () => {
  const port = sys.tcpPort as number;
  const long = `<13>1 - host app - - - ${"x".repeat(2500)}`;
  await sendTcp(port, `this is not syslog\n<13>1 2026-13-45T99:00:00Z h a - - - bad time\n${long.length} ${long}`);
  const dead = await waitFor(async () => {
    const r = await srv.sql(
      "SELECT reason_code, raw, reason FROM dead_letters WHERE source_id = 'syslog' ORDER BY line",
    );
    return r.length === 3 ? r : null;
  }, "three dead letters").then((r) => r ?? []);
  const byRaw = new Map(dead.map((d) => [String(d[1]).slice(0, 20), d]));
  assert.match(String(byRaw.get("this is not syslog")?.[2]), /does not start with <PRI>/);
  assert.equal(byRaw.get("this is not syslog")?.[0], "unparseable");
  assert.match(String(byRaw.get("<13>1 2026-13-45T99:")?.[2]), /TIMESTAMP/);
  const cut = byRaw.get("<13>1 - host app - -");
  assert.equal(cut?.[0], "line_too_long");
  assert.equal(String(cut?.[1]).length, 2000);
});

test("overload over TCP: the listener holds the sender (TCP flow control) and stores every message once", async () => {
  const busy = await startReceiverServer({ "ingest.queue_max_rows": 1 });
  let refusals = 0;
  // The real ingest service, observed: how often the write queue refused a syslog batch.
  const sink = {
    ingestItems: async (...a: Parameters<typeof busy.rt.ingest.ingestItems>) => {
      try {
        return await busy.rt.ingest.ingestItems(...a);
      } catch (e) {
        if (e instanceof InferWatchError && e.code === "overloaded") refusals++;
        throw e;
      }
    },
  };
  const listener = await startSyslog(
    { host: "127.0.0.1", udpPort: null, tcpPort: 0, sourceId: "syslog", maxMessageBytes: 2000, timeZone: "UTC" },
    sink,
    busy.rt.metrics,
    quiet,
  );
  try {
    const hold = await holdWriteQueue(busy);
    const file = join(tempDir(), "lines.txt");
    const n = 2000;
    writeFileSync(file, `${Array.from({ length: n }, (_, i) => `overload message ${i}`).join("\n")}\n`);
    const sending = logger([
      "--tcp",
      "--rfc5424",
      "--octet-count",
      "--port",
      String(listener.tcpPort),
      "-t",
      "load",
      "-f",
      file,
    ]);
    await waitFor(() => refusals > 1, "syslog batches refused by the full write queue");
    await hold.release();
    await sending;
    const rows = await waitFor(async () => {
      const r = await busy.sql(
        "SELECT count(*), count(DISTINCT message) FROM events WHERE source_id = 'syslog' AND message LIKE 'overload message %'",
      );
      return r[0]?.[0] === n ? r : null;
    }, "every message stored");
    assert.deepEqual(rows, [[n, n]]);
  } finally {
    await listener.close();
    await busy.close();
  }
});

test("`inferwatch serve` starts the syslog listeners from the config and stops them on SIGTERM", async () => {
  const port = await freePort();
  const server = await startServer(tempDir(), {
    env: {
      INFERWATCH_RECEIVERS_SYSLOG_ENABLED: "true",
      INFERWATCH_RECEIVERS_SYSLOG_UDP_PORT: String(port),
      INFERWATCH_RECEIVERS_SYSLOG_TCP_PORT: String(port),
      INFERWATCH_RECEIVERS_SYSLOG_SOURCE: "edge-syslog",
    },
  });
  try {
    await logger(["--udp", "--port", String(port), "-t", "served", "via udp"]);
    await logger(["--tcp", "--port", String(port), "-t", "served", "via tcp"]);
    const rows = await waitFor(async () => {
      const r = await sqlRows(
        server.url,
        "SELECT message FROM events WHERE source_id = 'edge-syslog' ORDER BY message",
      );
      return r.length === 2 ? r : null;
    }, "both messages through `serve`");
    assert.deepEqual(rows, [["via tcp"], ["via udp"]]);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test("Debian's rsyslog (imfile → omfwd) forwards model-server log lines, RFC 5424 octet-counted and traditional", async () => {
  const dir = tempDir("iw-rsyslog-");
  mkdirSync(join(dir, "work"));
  const logFile = join(dir, "model-server.log");
  writeFileSync(logFile, `${TORCHSERVE}\nworker started on gpu 0\n`);
  const port = sys.tcpPort as number;
  const conf = join(dir, "rsyslog.conf");
  writeFileSync(
    conf,
    [
      `global(workDirectory="${join(dir, "work")}")`,
      'module(load="imfile")',
      `input(type="imfile" File="${logFile}" Tag="rsyslog-fwd:" ruleset="fwd")`,
      'ruleset(name="fwd") {',
      `  action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`,
      `  action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" template="RSYSLOG_ForwardFormat")`,
      "}",
    ].join("\n"),
  );
  const rsyslogd = spawn("rsyslogd", ["-n", "-f", conf, "-i", join(dir, "rsyslogd.pid")], { stdio: "ignore" });
  try {
    const rows = await waitFor(async () => {
      const r = await srv.sql(
        `SELECT json_extract_string(attributes, '$."syslog.protocol"') AS p, source_type, message, http_status_code
         FROM events WHERE json_extract_string(attributes, '$."syslog.appname"') = 'rsyslog-fwd' ORDER BY p, source_type`,
      );
      return r.length === 4 ? r : null;
    }, "the two lines, forwarded twice").then((r) => r ?? []);
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[1] === "torchserve" ? r[3] : r[2]]),
      [
        ["rfc3164", "syslog", "worker started on gpu 0"],
        ["rfc3164", "torchserve", 200],
        ["rfc5424", "syslog", "worker started on gpu 0"],
        ["rfc5424", "torchserve", 200],
      ],
    );
  } finally {
    rsyslogd.kill("SIGTERM");
    await new Promise((r) => rsyslogd.once("exit", r));
  }
});
