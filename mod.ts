/**
 * migrator as a library: the commands the CLI runs, as functions that return results, and the types a
 * migration module uses. Migration files `import type { Operations } from "migrator"`.
 *
 * Every export is described, with an example checked under Bun and Deno, in docs/library.md.
 *
 * @example
 * ```ts
 * import { loadConfig, upgrade } from "migrator";
 * const config = loadConfig({ cwd: process.cwd(), env: process.env });
 * const { steps } = await upgrade({ config, revision: "head" });
 * ```
 */
export { VERSION } from "./src/version.ts";

// Commands
export { upgrade, downgrade, type MigrateOptions, type MigrateResult } from "./src/commands/migrate.ts";
export { stamp, type StampOptions, type StampResult } from "./src/commands/stamp.ts";
export { current, checkHeads, type CurrentResult } from "./src/commands/current.ts";
export { waitForDatabase, type WaitResult } from "./src/commands/wait.ts";
export { repair, type RepairResult } from "./src/commands/repair.ts";
export { checkHistoryCommand as checkHistory, type CheckHistoryResult } from "./src/commands/check_history.ts";
export { appliedHistory } from "./src/commands/applied_history.ts";
export type { HistoryRow, HistoryState, HistoryDirection } from "./src/bookkeeping/row.ts";
export { history, type HistoryOptions, type HistoryResult } from "./src/commands/history.ts";
export { heads } from "./src/commands/heads.ts";
export { branches } from "./src/commands/branches.ts";
export { show } from "./src/commands/show.ts";
export { revision, merge } from "./src/commands/revision.ts";
export { autogenerate, diffSchema, revisionBodies, type AutogenerateOptions, type AutogenerateResult, type CompareOptions, type SchemaDiff } from "./src/commands/autogenerate.ts";
export { init } from "./src/commands/init.ts";
export { types, migratorDeclarations, type TypesOptions } from "./src/commands/types.ts";
export { listTemplates } from "./src/commands/list_templates.ts";
export type { CommandOptions } from "./src/commands/options.ts";

// Fleets: one command over many databases, a few at a time
export { upgradeFleet, currentFleet, DEFAULT_CONCURRENCY, type FleetOptions, type FleetResult, type FleetTargetResult } from "./src/commands/fleet.ts";
export { fleetTargets, type FleetSource, type SourceContext } from "./src/fleet/sources.ts";
export { urlTarget, type FleetTarget } from "./src/fleet/target.ts";
export type { RevisionInfo } from "./src/commands/info.ts";
export type { StepResult } from "./src/runtime/runner.ts";
export type { WaitEvent } from "./src/runtime/session.ts";

// Configuration
export { loadConfig, type LoadConfigOptions } from "./src/config/load.ts";
export { loadConfigs } from "./src/config/load_all.ts";
export type { Config } from "./src/config/types.ts";
export { parseDatabaseUrl, redactUrl, type DatabaseUrl } from "./src/config/url.ts";

// Writing migrations
export { Operations, type TableOptions, type IndexOptions } from "./src/operations/operations.ts";
export type { BatchOperations } from "./src/operations/batch.ts";
export { sql, type SqlFragment } from "./src/operations/sql_tag.ts";
export type * from "./src/operations/ops.ts";
export { tableRef } from "./src/operations/ops.ts";
export { reverse } from "./src/operations/reverse.ts";

// Declaring the schema (autogenerate, check)
export { defineSchema, table, view, materializedView, DEFAULT_NAMING } from "./src/autogenerate/declare.ts";
export type { Schema, SchemaDefinition, SchemaHooks, DeclaredTable, DeclaredColumn, DeclaredIndex, DeclaredTableOptions, DeclaredEnum, DeclaredSequence, DeclaredView, NamingConvention } from "./src/autogenerate/declare.ts";
export type { Change, Safety, RenameCandidate } from "./src/autogenerate/change.ts";
export type { DatabaseModel, TableModel, EnumModel, SequenceModel, ViewModel, ReflectScope } from "./src/schema/model.ts";
export { SchemaDeclarationError, CHECK_DIFFERENCES_EXIT_CODE } from "./src/autogenerate/errors.ts";

// The revision graph, as pure data
export { RevisionGraph } from "./src/script/graph.ts";
export { resolve, resolveOne } from "./src/script/resolve.ts";
export { upgradePlan, downgradePlan } from "./src/script/plan.ts";
export { applyStep, stampPlan } from "./src/script/heads.ts";
export type { Revision, Step, VersionUpdate } from "./src/script/revision.ts";

// Dialects
export type { Dialect, Capabilities, Statement } from "./src/dialects/dialect.ts";
export type { Connection } from "./src/dialects/connection.ts";
export { loadDialect, dialectNames } from "./src/dialects/registry.ts";

// Errors: every error a user can cause is a MigratorError with a one-line message and an exit code.
export {
  AmbiguousRevisionError,
  BranchLabelError,
  ConfigError,
  ConnectionError,
  ConnectionLostError,
  CycleError,
  DatabaseBehindError,
  DuplicateRevisionError,
  EXIT_CODES,
  InterruptedError,
  LockTimeoutError,
  MigrationFailedError,
  MigratorError,
  MissingParentError,
  MultipleHeadsError,
  RevisionError,
  RevisionRangeError,
  ScriptError,
  UnknownRevisionError,
  UnsupportedOperationError,
  UsageError,
} from "./src/errors.ts";
