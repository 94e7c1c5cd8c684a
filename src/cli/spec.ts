import type { ParseArgsConfig } from "node:util";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & { readonly help: string; readonly arg?: string };

export interface CommandSpec {
  readonly summary: string;
  /** Positional arguments as shown in usage, e.g. "REVISION". */
  readonly args: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** More than the summary, for the command's --help. */
  readonly details?: string;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: "string", short: "c", arg: "FILE", help: "config file (default: $MIGRATOR_CONFIG, then ./migrator.ini)" },
  name: { type: "string", short: "n", arg: "SECTION", help: "config section to use (default: migrator)" },
  url: { type: "string", arg: "URL", help: "database URL (default: url in the config, then $DATABASE_URL)" },
  x: { type: "string", short: "x", multiple: true, arg: "KEY=VALUE", help: "argument for migrations (op.context.x), repeatable" },
  wait: { type: "boolean", help: "wait for the database to accept connections (containers); see --wait-timeout" },
  "wait-timeout": { type: "string", arg: "SECONDS", help: "how long --wait waits (default 60, or wait_timeout in the config)" },
  "connect-timeout": { type: "string", arg: "SECONDS", help: "how long one connection attempt may take (default 10)" },
  "lock-timeout": { type: "string", arg: "SECONDS", help: "how long to wait for another process's migration lock" },
  verbose: { type: "boolean", short: "v", help: "more detail; stack traces on errors" },
  help: { type: "boolean", short: "h", help: "show help" },
};

const sql: OptionSpec = { type: "boolean", help: "print the SQL script instead of running it (offline)" };
const json: OptionSpec = { type: "boolean", help: "print JSON (see README: JSON output)" };
const allowChanged: OptionSpec = { type: "boolean", help: "run even if applied revisions' files changed since they were applied (see repair)" };

/** Options of the commands that compare the declared schema with the database. */
const COMPARE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  schema: { type: "string", arg: "FILE", help: "the schema module (default: target_schema in the config)" },
  offline: { type: "boolean", help: "compare with the revision history replayed, without a database" },
  rename: { type: "string", multiple: true, arg: "OLD=NEW", help: "a renamed table (OLD=NEW) or column (TABLE.OLD=NEW), instead of a drop and an add" },
};

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  init: {
    summary: "create a migrator.ini and a migrations folder",
    args: "DIRECTORY",
    minArgs: 1,
    maxArgs: 1,
    options: { template: { type: "string", short: "t", arg: "NAME", help: "template: generic, sql or multidb (see list-templates)" } },
  },
  "list-templates": { summary: "list the templates init can use", args: "", minArgs: 0, maxArgs: 0, options: {} },
  types: {
    summary: "write migrator.d.ts (the types migrations import from \"migrator\") for editors and tsc",
    args: "[DIRECTORY]",
    minArgs: 0,
    maxArgs: 1,
    options: {},
  },
  revision: {
    summary: "create a new revision file",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: {
      message: { type: "string", short: "m", arg: "MESSAGE", help: "what the revision does" },
      head: { type: "string", arg: "REV", help: "revision to build on (default: head); \"base\" starts a new branch" },
      splice: { type: "boolean", help: "allow --head to name a revision that is not a head" },
      "branch-label": { type: "string", multiple: true, arg: "LABEL", help: "branch label for the new revision" },
      "depends-on": { type: "string", multiple: true, arg: "REV", help: "revision this one depends on" },
      "rev-id": { type: "string", arg: "ID", help: "revision id to use instead of a random one" },
      "version-path": { type: "string", arg: "DIR", help: "folder to write the revision in" },
      sql: { type: "boolean", help: "write a plain .sql revision" },
      autogenerate: { type: "boolean", help: "write the changes that bring the database to the declared schema (see --schema)" },
      ...COMPARE_OPTIONS,
      "allow-empty": { type: "boolean", help: "with --autogenerate: write a revision even when nothing differs" },
    },
  },
  merge: {
    summary: "create a revision that merges several heads",
    args: "REVISIONS...",
    minArgs: 1,
    maxArgs: Infinity,
    options: {
      message: { type: "string", short: "m", arg: "MESSAGE", help: "what the merge is for" },
      "branch-label": { type: "string", multiple: true, arg: "LABEL", help: "branch label for the merge revision" },
      "rev-id": { type: "string", arg: "ID", help: "revision id to use instead of a random one" },
    },
  },
  check: {
    summary: "exit 3 when the database (or, --offline, the history) differs from the declared schema",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { ...COMPARE_OPTIONS, json, sql: { type: "boolean", help: "print the SQL that would bring the database to the schema" } },
  },
  upgrade: { summary: "upgrade to a later revision", args: "REVISION", minArgs: 0, maxArgs: 1, options: { sql, "allow-changed": allowChanged } },
  downgrade: { summary: "revert to an earlier revision", args: "REVISION", minArgs: 1, maxArgs: 1, options: { sql, "allow-changed": allowChanged } },
  repair: {
    summary: "accept the database as it is after a fix by hand: clear an interrupted revision's record, record changed checksums",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    details:
      "Clears the record of a revision an earlier run left partly applied (after you finished or undid its changes by hand), " +
      "and records the current checksum of every applied revision whose file changed since it was applied (or has none recorded). " +
      "The version table is left alone: if the interrupted revision's changes are now all in place, use \"migrator stamp REVISION\" instead.",
  },
  "check-history": {
    summary: "exit 4 when applied revisions changed since applied, are missing, unknown, or left partly applied",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    details: "Exit codes: 0 the history matches, 4 it does not (changed, missing, unknown or incomplete revisions), 1 an error, 2 bad usage.",
  },
  stamp: {
    summary: "set the version table without running migrations",
    args: "REVISION...",
    minArgs: 1,
    maxArgs: Infinity,
    options: { sql, purge: { type: "boolean", help: "empty the version table first" } },
  },
  current: {
    summary: "show the revisions the database is at",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json, "check-heads": { type: "boolean", help: "exit 1 unless the database is at every head (readiness checks)" } },
  },
  history: {
    summary: "list revisions, newest first",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: {
      "rev-range": { type: "string", short: "r", arg: "A:B", help: "range of revisions, e.g. base:head, -3:, current:" },
      "indicate-current": { type: "boolean", short: "i", help: "mark the revisions the database is at (connects)" },
      applied: { type: "boolean", help: "the runs recorded in the database (history table), newest first (connects)" },
      json,
    },
  },
  heads: { summary: "show the heads of the revision graph", args: "", minArgs: 0, maxArgs: 0, options: { json, "resolve-dependencies": { type: "boolean", help: "accepted for Alembic compatibility" } } },
  branches: { summary: "show branch points", args: "", minArgs: 0, maxArgs: 0, options: { json } },
  show: { summary: "show one revision", args: "REVISION", minArgs: 1, maxArgs: 1, options: { json } },
};
