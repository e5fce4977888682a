#!/usr/bin/env node
// Entry point of the `inferwatch` command; the code lives in dist/ (built by `npm install` through the prepare script).
import { existsSync } from "node:fs";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("inferwatch: not built yet; run `npm run build` (or `npm install`) in the project first\n");
  process.exit(2);
}
await import(main.href);
