// Import rules: no cycles, and one direction of imports (cli/api -> services -> pipeline/storage -> core).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "core-is-pure",
      comment: "src/core imports nothing else in src",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "parsers-only-core",
      severity: "error",
      from: { path: "^src/parsers/" },
      to: { path: "^src/", pathNot: "^src/(core|parsers)/" },
    },
    {
      name: "config-only-core",
      severity: "error",
      from: { path: "^src/config/" },
      to: { path: "^src/", pathNot: "^src/(core|config)/" },
    },
    {
      name: "pipeline-no-storage-or-edges",
      comment: "the pipeline reaches storage only through the BatchSink interface",
      severity: "error",
      from: { path: "^src/pipeline/" },
      to: { path: "^src/(storage|services|api|cli|receivers)/" },
    },
    {
      name: "query-only-core",
      comment: "the query compiler writes SQL text but never talks to a database: it imports only core",
      severity: "error",
      from: { path: "^src/query/" },
      to: { path: "^src/", pathNot: "^src/(core|query)/" },
    },
    {
      name: "sim-only-core",
      comment: "the simulator knows the event model, not the parsers it feeds (tests check its output with them)",
      severity: "error",
      from: { path: "^src/sim/" },
      to: { path: "^src/", pathNot: "^src/(core|sim)/" },
    },
    {
      name: "eval-only-core",
      comment: "the evaluator scores labels against alert records: pure, it imports only core",
      severity: "error",
      from: { path: "^src/eval/" },
      to: { path: "^src/", pathNot: "^src/(core|eval)/" },
    },
    {
      name: "storage-only-core",
      severity: "error",
      from: { path: "^src/storage/" },
      to: { path: "^src/", pathNot: "^src/(core|storage|query)/" },
    },
    {
      name: "detection-only-core",
      comment: "detection engines import core, and query's IR (hunts compile rules to it; query imports no detection)",
      severity: "error",
      from: { path: "^src/detection/" },
      to: { path: "^src/", pathNot: "^src/(core|detection|query)/" },
    },
    {
      name: "drivers-only-in-storage",
      comment: "only src/storage talks to a database",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/storage/" },
      to: { path: "@duckdb|@clickhouse" },
    },
    {
      name: "nothing-imports-edges",
      comment: "cli and api are leaves: nothing imports them (except themselves)",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(cli|api)/" },
      to: { path: "^src/(cli|api)/" },
    },
    {
      name: "services-not-edges",
      severity: "error",
      from: { path: "^src/(core|config|parsers|pipeline|storage|telemetry|receivers)/" },
      to: { path: "^src/services/" },
    },
    {
      name: "telemetry-standalone",
      severity: "error",
      from: { path: "^src/telemetry/" },
      to: { path: "^src/", pathNot: "^src/telemetry/" },
    },
  ],
  options: {
    // Tests may reach across layers to build fixtures; nothing imports a test, so no cycle can hide behind this.
    exclude: { path: "\\.test\\.ts$" },
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
