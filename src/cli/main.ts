// The `inferwatch` command line: parses arguments and dispatches to one module per command.
import { Command, CommanderError } from "commander";
import { packageVersion } from "../services/version.js";
import { registerDemo } from "./commands/demo.js";
import { registerEval } from "./commands/eval.js";
import { registerFormats } from "./commands/formats.js";
import { registerHunt } from "./commands/hunt.js";
import { registerIngest } from "./commands/ingest.js";
import { registerQuery } from "./commands/query.js";
import { registerRules } from "./commands/rules.js";
import { registerServe } from "./commands/serve.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerVersion } from "./commands/version.js";
import { reportError } from "./options.js";

// `inferwatch ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const program = new Command()
  .name("inferwatch")
  .description("InferWatch: a SIEM for AI inference. Ingest model-server and LLM telemetry, store it, query it.")
  .version(packageVersion(), "-V, --version", "print the version")
  .showHelpAfterError("(add --help for usage)")
  .exitOverride();

registerServe(program);
registerIngest(program);
registerQuery(program);
registerFormats(program);
registerRules(program);
registerVersion(program);
registerSimulate(program);
registerEval(program);
registerDemo(program);
registerHunt(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander already printed its message (or help/version); keep its exit code.
    process.exitCode = e.exitCode;
  } else {
    reportError(e);
  }
}
