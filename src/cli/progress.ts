// A progress bar with byte and event rates, drawn on stderr only when stderr is a terminal.
import cliProgress from "cli-progress";

export interface Progress {
  addBytes(n: number): void;
  addEvents(accepted: number, rejected: number): void;
  stop(): void;
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export function startProgress(totalBytes: number, enabled: boolean): Progress {
  let bytes = 0;
  let accepted = 0;
  let rejected = 0;
  if (!enabled) return { addBytes: () => undefined, addEvents: () => undefined, stop: () => undefined };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        " {bar} {percentage}% | {done}/{total_h} | {rate} ev/s | accepted {accepted} rejected {rejected} | eta {eta_formatted}",
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    return {
      done: mib(bytes),
      total_h: totalBytes > 0 ? mib(totalBytes) : "?",
      rate: Math.round((accepted + rejected) / secs).toLocaleString("en-US"),
      accepted: accepted.toLocaleString("en-US"),
      rejected: rejected.toLocaleString("en-US"),
    };
  };
  bar.start(Math.max(totalBytes, 1), 0, payload());
  return {
    addBytes(n) {
      bytes += n;
      bar.update(Math.min(bytes, Math.max(totalBytes, 1)), payload());
    },
    addEvents(a, r) {
      accepted += a;
      rejected += r;
      bar.update(Math.min(bytes, Math.max(totalBytes, 1)), payload());
    },
    stop() {
      bar.update(Math.max(totalBytes, 1), payload());
      bar.stop();
    },
  };
}
