// Configuration: defaults, YAML, environment overrides and the all-errors-at-once report.
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../test/helpers/process.js";
import { loadConfig } from "./load.js";

test("defaults follow DESIGN.md: ./data, 127.0.0.1, 7080", () => {
  const c = loadConfig();
  assert.equal(c.data_dir, "./data");
  assert.equal(c.server.host, "127.0.0.1");
  assert.equal(c.server.port, 7080);
});

test("file < environment < flags", () => {
  const dir = tempDir();
  const file = join(dir, "c.yaml");
  writeFileSync(file, "server:\n  port: 8000\n  host: 0.0.0.0\nretention:\n  raw_days: 3\n");
  try {
    const c = loadConfig({
      file,
      env: { INFERWATCH_SERVER_PORT: "9000", INFERWATCH_INGEST_KEEP_RAW: "false" },
      overrides: { "server.port": 9100 },
    });
    assert.equal(c.server.host, "0.0.0.0");
    assert.equal(c.server.port, 9100);
    assert.equal(c.retention.raw_days, 3);
    assert.equal(c.ingest.keep_raw, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every problem is reported at once, with where it came from", () => {
  const dir = tempDir();
  const file = join(dir, "c.yaml");
  writeFileSync(file, "server:\n  port: 70000\nretention:\n  raw_dayz: 3\nquery:\n  timeout_ms: -1\n");
  try {
    assert.throws(
      () => loadConfig({ file, env: { INFERWATCH_LIMITS_MAX_DEPTH: "deep" } }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, "config_invalid");
        assert.match(e.message, /has 4 errors/);
        assert.match(e.message, /server\.port: .*65535/);
        assert.match(e.message, /raw_dayz/);
        assert.match(e.message, /query\.timeout_ms/);
        assert.match(e.message, /limits\.max_depth \(from INFERWATCH_LIMITS_MAX_DEPTH\)/);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a section with every key commented out means defaults", () => {
  const dir = tempDir();
  const file = join(dir, "c.yaml");
  writeFileSync(file, "storage:\n  # memory_limit: 2GB\nserver:\n  port: 8001\n");
  try {
    const c = loadConfig({ file });
    assert.equal(c.server.port, 8001);
    assert.deepEqual(c.storage, { checkpoint_threshold: "256MB" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the time zone must be one Intl knows", () => {
  assert.equal(loadConfig({ env: { INFERWATCH_INGEST_TIME_ZONE: "Europe/Berlin" } }).ingest.time_zone, "Europe/Berlin");
  assert.throws(
    () => loadConfig({ env: { INFERWATCH_INGEST_TIME_ZONE: "Mars/Olympus" } }),
    /ingest\.time_zone .*IANA time zone/,
  );
});

test("broken YAML and a missing file are clear errors", () => {
  const dir = tempDir();
  const file = join(dir, "c.yaml");
  writeFileSync(file, "server: [\n");
  try {
    assert.throws(() => loadConfig({ file }), /invalid YAML \(line \d+, column \d+\)/);
    assert.throws(() => loadConfig({ file: join(dir, "nope.yaml") }), /cannot read config file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
