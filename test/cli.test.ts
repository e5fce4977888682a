// The `inferwatch` command line as a user runs it: help, ingest of files/globs/.gz/stdin, query formats, errors.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { runCli, startServer, tempDir } from "./helpers/process.js";

let dir: string;
const line = (i: number, model = "resnet") =>
  JSON.stringify({ timestamp: 1_763_800_000_000 + i, model_name: model, request_id: `c-${i}` });

before(() => {
  dir = tempDir();
  writeFileSync(join(dir, "a.ndjson"), `${line(1)}\n${line(2)}\nnot json\n`);
  writeFileSync(join(dir, "b.ndjson.gz"), gzipSync(`${line(3, "bert")}\n${line(4, "bert")}`));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("every command has --help", async () => {
  for (const cmd of [[], ["serve"], ["ingest"], ["query"], ["formats"], ["version"]]) {
    const r = await runCli([...cmd, "--help"]);
    assert.equal(r.code, 0, cmd.join(" "));
    assert.match(r.stdout, /Usage: inferwatch/);
  }
  const f = await runCli(["formats", "--json"]);
  const names = (JSON.parse(f.stdout) as { name: string }[]).map((x) => x.name);
  assert.deepEqual(names.slice(0, 1), ["auto"]);
  assert.ok(names.includes("json"));
  const v = await runCli(["version", "--json"]);
  assert.match(JSON.parse(v.stdout).inferwatch, /^\d+\.\d+\.\d+/);
});

test("ingest files, globs and .gz into a data directory; --json summary; query agrees", async () => {
  const data = join(dir, "data1");
  const r = await runCli(["ingest", "--data", data, "--json", join(dir, "*.ndjson*")]);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.files, 2);
  assert.equal(summary.accepted, 4);
  assert.equal(summary.rejected, 1);
  assert.deepEqual(summary.errors[0].line, 3);
  assert.equal(summary.errors[0].code, "invalid_json");
  const q = await runCli([
    "query",
    "--data",
    data,
    "--format",
    "json",
    "--sql",
    "SELECT source_id, count(*) AS n FROM events GROUP BY 1 ORDER BY 1",
  ]);
  assert.equal(q.code, 0, q.stderr);
  assert.deepEqual(
    q.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l)),
    [
      { source_id: "a.ndjson", n: 2 },
      { source_id: "b.ndjson", n: 2 },
    ],
  );
  const table = await runCli([
    "query",
    "--data",
    data,
    "--sql",
    "SELECT model_name, count(*) AS n FROM events GROUP BY 1 ORDER BY 1",
  ]);
  assert.equal(table.stdout, "model_name  n\n----------  -\nbert        2\nresnet      2\n");
  const strict = await runCli(["ingest", "--data", data, "--strict", join(dir, "a.ndjson")]);
  assert.equal(strict.code, 3);
  assert.match(strict.stderr, /rejected 1 lines .*dead_letters/);
  assert.match(strict.stderr, /a\.ndjson:3: invalid_json/);
});

test("a line too long to hold is cut, dead-lettered, and the next line still read", async () => {
  const file = join(dir, "long.txt");
  writeFileSync(file, `${"x".repeat(6 * 1024 * 1024)}\n${line(9)}\n`);
  const r = await runCli(["ingest", "--data", join(dir, "data-long"), "--json", file]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.deepEqual([s.accepted, s.rejected, s.errors[0].line, s.errors[0].code], [1, 1, 1, "line_too_long"]);
});

test("a custom JSON mapping from the config file is detected and maps the app's own fields", async () => {
  const config = join(dir, "custom.yaml");
  writeFileSync(
    config,
    [
      "formats:",
      "  custom:",
      "    - name: resnet-handler",
      "      defaults: {event_kind: inference, event_action: predict}",
      "      fields:",
      "        timestamp: {path: ts}",
      "        model_name: {path: model_name}",
      "        input_shape: {path: input_tensor_shape, type: shape}",
      "        latency_ms: {path: inference_time_ms, unit: ms}",
      "        confidence: {path: prediction_confidence, unit: ratio}",
    ].join("\n"),
  );
  const data = join(dir, "data-custom");
  const line = JSON.stringify({
    ts: "2026-03-02T09:15:27.481Z",
    model_name: "resnet",
    input_tensor_shape: [1, 3, 224, 224],
    inference_time_ms: 42.1,
    prediction_confidence: 0.93,
    request: { id: "abc" },
  });
  const r = await runCli(["ingest", "--config", config, "--data", data, "--json", "-"], { input: `${line}\n` });
  assert.equal(r.code, 0, r.stderr);
  const sql =
    "SELECT source_type, event_kind, model_name, input_shape, latency_ms, confidence, timestamp, attributes->>'$.request.id' AS rid FROM events";
  const q = await runCli(["query", "--config", config, "--data", data, "--format", "json", "--sql", sql]);
  assert.deepEqual(JSON.parse(q.stdout), {
    source_type: "resnet-handler",
    event_kind: "inference",
    model_name: "resnet",
    input_shape: "1x3x224x224",
    latency_ms: 42.1,
    confidence: 0.93,
    timestamp: Date.UTC(2026, 2, 2, 9, 15, 27, 481),
    rid: "abc",
  });
  const clash = join(dir, "clash.yaml");
  writeFileSync(clash, "formats:\n  custom:\n    - name: prometheus\n      preset: fastapi-inference\n");
  const bad = await runCli(["formats", "--config", clash]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"prometheus" is a built-in format name/);
});

test("times without an offset are read in the source's own time zone when one is configured", async () => {
  const config = join(dir, "zones.yaml");
  writeFileSync(config, "ingest:\n  time_zone: UTC\n  source_time_zones:\n    ts-eu: Europe/Berlin\n");
  const data = join(dir, "data-zones");
  const tsLine = "2026-01-15T12:00:00,000 [INFO ] main org.pytorch.serve.ModelServer - Torchserve version: 0.8.2\n";
  for (const source of ["ts-eu", "ts-utc"]) {
    const r = await runCli(["ingest", "--config", config, "--data", data, "--source", source, "--json", "-"], {
      input: tsLine,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).accepted, 1, r.stdout);
  }
  const q = await runCli([
    "query",
    "--config",
    config,
    "--data",
    data,
    "--format",
    "csv",
    "--sql",
    "SELECT source_id, source_type, timestamp FROM events ORDER BY 1",
  ]);
  assert.equal(
    q.stdout,
    `source_id,source_type,timestamp\nts-eu,torchserve,${Date.UTC(2026, 0, 15, 11)}\nts-utc,torchserve,${Date.UTC(2026, 0, 15, 12)}\n`,
  );
});

test("a multi-line document longer than one ingest batch is read whole", async () => {
  // 3,000 OTLP log records pretty-printed: some 40,000 lines, more than one 20,000-line batch.
  const logRecords = Array.from({ length: 3000 }, (_, i) => ({
    timeUnixNano: String(BigInt(1_763_800_000_000 + i) * 1_000_000n),
    severityText: "INFO",
    body: { stringValue: `record ${i}` },
    attributes: [{ key: "request.id", value: { stringValue: `r-${i}` } }],
  }));
  const doc = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: "t" }, logRecords }] }] };
  const file = join(dir, "otlp-pretty.json");
  const text = JSON.stringify(doc, null, 2);
  assert.ok(text.split("\n").length > 25_000);
  writeFileSync(file, text);
  const r = await runCli(["ingest", "--data", join(dir, "data-otlp"), "--json", file]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.deepEqual([s.accepted, s.rejected], [3000, 0], r.stdout.slice(0, 500));
});

test("ingest from stdin, and through a running server", async () => {
  const data = join(dir, "data2");
  const server = await startServer(data);
  try {
    const r = await runCli(["ingest", "--server", server.url, "--source", "piped", "--json", "-"], {
      input: `${line(5)}\n${line(6)}\n{"x":1}\n`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      { a: JSON.parse(r.stdout).accepted, r: JSON.parse(r.stdout).rejected, e: JSON.parse(r.stdout).errors[0]?.line },
      { a: 2, r: 1, e: 3 },
    );
    const q = await runCli([
      "query",
      "--server",
      server.url,
      "--format",
      "csv",
      "--sql",
      "SELECT source_id, count(*) AS n FROM events GROUP BY 1",
    ]);
    assert.equal(q.stdout, "source_id,n\npiped,2\n");
  } finally {
    await server.stop();
  }
});

test("errors are one line with a non-zero exit", async () => {
  const missing = await runCli([
    "ingest",
    "--data",
    join(dir, "d3"),
    join(dir, "nope.ndjson"),
    join(dir, "none-*.json"),
  ]);
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /^inferwatch: cannot read .*nope\.ndjson, .*none-\*\.json \(no file matches\): no such file\n$/,
  );
  const kql = await runCli(["query", "--data", join(dir, "d3"), "events | tke 1"]);
  assert.equal(kql.code, 1);
  assert.match(kql.stderr, /^inferwatch: expected an operator after \| but found "tke" \(line 1, column 10\)\n/);
  const write = await runCli(["query", "--data", join(dir, "d3"), "--sql", "DROP TABLE events"]);
  assert.equal(write.code, 1);
  assert.equal(write.stderr, "inferwatch: only SELECT queries are allowed (the store is read-only to queries)\n");
  const fmt = await runCli(["ingest", "--format", "xml", "--data", join(dir, "d3"), join(dir, "a.ndjson")]);
  assert.match(fmt.stderr, /unknown format "xml"; known formats: auto, .*\bjson\b/);
  const cfg = await runCli(["serve", "--data", join(dir, "d3")], {
    env: { INFERWATCH_SERVER_PORT: "x", INFERWATCH_QUERY_MAX_ROWS: "0" },
  });
  assert.equal(cfg.code, 2);
  assert.match(cfg.stderr, /configuration has 2 errors:\n {2}- server\.port \(from INFERWATCH_SERVER_PORT\)/);
  const unreachable = await runCli(["query", "--server", "http://127.0.0.1:1", "--sql", "SELECT 1"]);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /^inferwatch: cannot reach http:\/\/127\.0\.0\.1:1/);
});
