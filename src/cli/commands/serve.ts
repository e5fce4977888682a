// `inferwatch serve`: the whole product in one process, on the embedded store.
import type { Command } from "commander";
import { buildServer } from "../../api/server.js";
import { type SyslogListener, startSyslog } from "../../receivers/syslog/listener.js";
import { openRuntime } from "../../services/runtime.js";
import { type CommonFlags, configFromFlags, portFlag } from "../options.js";

interface ServeFlags extends CommonFlags {
  host?: string;
  port?: number;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the server: ingest, query, health and metrics on one port")
    .option("--data <dir>", "data directory (default ./data)")
    .option("--host <host>", "address to listen on (default 127.0.0.1)")
    .option("--port <port>", "port to listen on (default 7080; 0 picks a free one)", portFlag)
    .option("--config <file>", "YAML configuration file (default ./inferwatch.yaml if present)")
    .addHelpText(
      "after",
      "\nEvery config key can also be set from the environment, e.g. INFERWATCH_SERVER_PORT=8080 (see docs/configuration.md).",
    )
    .action(async (flags: ServeFlags) => {
      const config = configFromFlags(flags, { "server.host": flags.host, "server.port": flags.port });
      const rt = await openRuntime(config, { processMetrics: true, detection: true });
      const server = buildServer(rt);
      const log = server.app.log;
      const retention = async () => {
        try {
          const r = await rt.enforceRetention();
          log.info({ retention: r }, "retention applied");
        } catch (err) {
          log.error({ err }, "retention failed");
        }
      };
      await retention();
      const timer = setInterval(retention, config.retention.interval_minutes * 60_000);
      timer.unref();
      let stopping = false;
      let syslog: SyslogListener | undefined;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, "shutting down: finishing requests and flushing the write queue");
        clearInterval(timer);
        await syslog?.close();
        await server.shutdown();
        await rt.close();
        log.info("stopped");
      };
      process.once("SIGINT", () => void stop("SIGINT"));
      process.once("SIGTERM", () => void stop("SIGTERM"));
      const address = await server.app.listen({ host: config.server.host, port: config.server.port });
      const sys = config.receivers.syslog;
      if (sys.enabled) {
        syslog = await startSyslog(
          {
            host: sys.host,
            udpPort: sys.udp_port === 0 ? null : sys.udp_port,
            tcpPort: sys.tcp_port === 0 ? null : sys.tcp_port,
            sourceId: sys.source,
            maxMessageBytes: rt.limits.maxLineBytes,
            timeZone: config.ingest.source_time_zones[sys.source] ?? config.ingest.time_zone,
          },
          rt.ingest,
          rt.metrics,
          { warn: (m) => log.warn(m), error: (m) => log.error(m) },
        );
        const line = `InferWatch syslog listening on udp=${syslog.udpPort ?? "off"} tcp=${syslog.tcpPort ?? "off"} (${sys.host})`;
        log.info(line);
        if (!["trace", "debug", "info"].includes(config.log.level)) process.stdout.write(`${line}\n`);
      }
      const ready = `InferWatch listening on ${address}`;
      log.info({ data_dir: config.data_dir }, ready);
      // Scripts and tests wait for this line; it must appear whatever the log level.
      if (!["trace", "debug", "info"].includes(config.log.level)) process.stdout.write(`${ready}\n`);
    });
}
