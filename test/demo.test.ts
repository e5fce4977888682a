// `inferwatch demo` end to end: a short run prints the alerts of the injected attacks and stores them; Ctrl-C stops it
// cleanly and removes its temporary data directory; bad flags are named.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { CLI, ROOT, runCli } from "./helpers/process.js";

function dataDirOf(stdout: string): string {
  const m = /data in (\S+)/.exec(stdout);
  assert.ok(m, stdout);
  return m[1] as string;
}

test("a short demo prints the injected attacks' alerts as they fire, and the alerts are stored", async () => {
  const r = await runCli([
    "demo",
    "--duration",
    "12s",
    "--speed",
    "60",
    "--scenario",
    "prompt-injection,brute-force",
    "--keep",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const dir = dataDirOf(r.stdout);
  try {
    assert.match(r.stdout, /^ +\+0:\d\d +prompt-injection \(AML\.T0051 LLM Prompt Injection\)$/m);
    assert.match(
      r.stdout,
      /MEDIUM +Prompt injection phrase in an LLM prompt +model_name=support-chatbot user_id=user-0666/,
    );
    assert.match(r.stdout, /HIGH +Brute force against one account +user_id=auth0\|user-0042 +\(\d+ events\)/);
    const m = /Demo over: ([\d,]+) events sent, (\d+) alert\(s\) raised\./.exec(r.stdout);
    assert.ok(m, r.stdout);
    const printed = Number(m[2]);
    assert.ok(printed > 0);
    const q = await runCli(["query", "--data", dir, "--format", "json", "alerts | count"]);
    assert.equal(q.code, 0, q.stderr);
    assert.equal((JSON.parse(q.stdout.trim()) as { Count: number }).Count, printed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Ctrl-C stops the demo cleanly: summary printed, exit 0, temporary data removed", async () => {
  const child = spawn(process.execPath, [CLI, "demo", "--duration", "10m", "--speed", "60"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      stdout += `${line}\n`;
      if (/Prompt injection phrase/.test(line)) resolve();
    });
    void exited.then(() => reject(new Error(`demo ended before an alert: ${stdout}${stderr}`)));
  });
  child.kill("SIGINT");
  assert.equal(await exited, 0, stderr);
  assert.match(stdout, /Stopped: [\d,]+ events sent, \d+ alert\(s\) raised\./);
  assert.equal(existsSync(dataDirOf(stdout)), false);
});

test("bad demo flags are refused with exit 2", async () => {
  for (const [args, message] of [
    [["--speed", "0"], /--speed must be a number from 1 to 10000/],
    [["--scenario", "nope"], /unknown scenario "nope"/],
    [["--duration", "3x"], /--duration must look like/],
    [["--duration", "7d", "--speed", "100"], /within 7 simulated days/],
  ] as const) {
    const r = await runCli(["demo", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
