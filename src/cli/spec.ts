import type { ParseArgsConfig } from "node:util";
import { DEFAULT_CONCURRENCY } from "../fleet/pool.ts";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & { readonly help: string; readonly arg?: string };

export interface CommandSpec {
  readonly summary: string;
  /** Positional arguments as shown in usage, e.g. "REVISION". */
  readonly args: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** More about the command for its --help: the default target, what the arguments may be. */
  readonly details?: string;
  /** Command lines for --help, each with what it does after "  # ". */
  readonly examples?: readonly string[];
  /** Exit codes this command has beyond 0, 1 and 2 (see EXIT_CODES). */
  readonly exitCodes?: readonly number[];
  /** Whether the command connects to the database (its --help then names the codes and variables of connecting). */
  readonly connects?: boolean;
}

/** What a revision argument may be, for the --help of the commands that take one. */
const REVISIONS =
  "REVISION: a full id or a unique prefix (ae10), head (the one head), heads, base, a branch label (audit), " +
  "audit@head, relative moves +2, -1, ae10+2, audit@+1.";

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: "string", short: "c", arg: "FILE", help: "config file (default: $MIGRATOR_CONFIG, then ./migrator.ini)" },
  name: { type: "string", short: "n", arg: "SECTION", help: "config section to use (default: migrator)" },
  url: { type: "string", arg: "URL", help: "database URL (default: url in the config, then $DATABASE_URL)" },
  "env-file": { type: "string", arg: "FILE", help: "read variables from FILE (default: .env in the working folder, if any)" },
  "no-env-file": { type: "boolean", help: "do not read .env" },
  x: { type: "string", short: "x", multiple: true, arg: "KEY=VALUE", help: "argument for migrations (op.context.x), repeatable" },
  wait: { type: "boolean", help: "wait for the database to accept connections (containers); see --wait-timeout" },
  "wait-timeout": { type: "string", arg: "SECONDS", help: "how long --wait waits (default 60, or wait_timeout in the config)" },
  "connect-timeout": { type: "string", arg: "SECONDS", help: "how long one connection attempt may take (default 10)" },
  "network-timeout": { type: "string", arg: "SECONDS", help: "how long a statement may go without the server answering before the connection counts as lost (default 60; 0: no limit)" },
  "lock-timeout": { type: "string", arg: "SECONDS", help: "how long to wait for another process's migration lock" },
  "table-lock-timeout": { type: "string", arg: "SECONDS", help: "how long a migration's statement may wait for a lock another session holds (default 60; 0: no limit)" },
  "server-version": { type: "string", arg: "VERSION", help: "offline (--sql): the server the script is for (16, 8.0.36, MariaDB 10.11); default the oldest supported" },
  verbose: { type: "boolean", short: "v", help: "more detail; stack traces on errors" },
  quiet: { type: "boolean", short: "q", help: "no progress lines on stderr (errors only)" },
  help: { type: "boolean", short: "h", help: "show help" },
};

const sql: OptionSpec = { type: "boolean", help: "print the SQL script instead of running it (offline)" };
const json: OptionSpec = { type: "boolean", help: "print JSON (see README: JSON output)" };
const allowChanged: OptionSpec = { type: "boolean", help: "run even if applied revisions' files changed since they were applied (see repair)" };

/** Options of the commands that run over a fleet of databases (upgrade, current): README "Fleets". */
const FLEET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  "urls-file": { type: "string", arg: "FILE", help: "fleet: every database listed in FILE (a URL per line, or NAME URL; # comments; ${VAR})" },
  "urls-query": { type: "string", arg: "SQL", help: "fleet: every URL the query returns on the config's database (a URL column, or name and URL)" },
  schemas: { type: "string", arg: "PATTERN", help: "fleet: every schema (PostgreSQL) or database (MySQL) of the server matching PATTERN (tenant_*, a,b)" },
  concurrency: { type: "string", arg: "N", help: `fleet: how many databases at once (default ${DEFAULT_CONCURRENCY})` },
  "continue-on-error": { type: "boolean", help: "fleet: keep starting databases after one fails (default: start no new one)" },
};

/** What --help says about fleets. */
const FLEETS =
  "Fleets: with --urls-file, --urls-query or --schemas (or --concurrency on a multidb config), runs on each database, N at a time, " +
  "each under its own lock; prints a line per database as it ends and a summary. Exit 0 when none failed, else the code the failures share, or 1.";

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
    details: "Writes migrator.ini in the working folder (its script_location points at DIRECTORY) and the migrations folder; the binary also writes migrator.d.ts, tsconfig.json and deno.json for editors.",
    examples: ["migrator init migrations", "migrator init -t multidb migrations", "migrator init -t sql db/migrations"],
  },
  "list-templates": { summary: "list the templates init can use", args: "", minArgs: 0, maxArgs: 0, options: {}, examples: ["migrator list-templates"] },
  completion: {
    summary: "print the shell completion script for bash, zsh or fish",
    args: "SHELL",
    minArgs: 1,
    maxArgs: 1,
    options: {},
    examples: ['eval "$(migrator completion bash)"  # in ~/.bashrc', 'eval "$(migrator completion zsh)"  # in ~/.zshrc', "migrator completion fish > ~/.config/fish/completions/migrator.fish"],
  },
  types: {
    summary: "write migrator.d.ts (the types migrations import from \"migrator\") for editors and tsc",
    args: "[DIRECTORY]",
    minArgs: 0,
    maxArgs: 1,
    options: {},
    details: "DIRECTORY: where to write it (default: beside the config file). Run it after upgrading migrator.",
    examples: ["migrator types", "migrator types app/db"],
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
    details: "Writes the new revision on top of head; with several heads, name one with --head (or merge them with \"migrator merge heads\").",
    examples: ['migrator revision -m "add users"', 'migrator revision --autogenerate -m "sync"', 'migrator revision -m "fix" --head audit@head'],
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
    details: `REVISIONS: the revisions to merge ("heads" for every head). ${REVISIONS}`,
    examples: ['migrator merge heads -m "merge branches"', 'migrator merge ae10 27c6 -m "merge"'],
  },
  check: {
    summary: "exit 3 when the database (or, --offline, the history) differs from the declared schema",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { ...COMPARE_OPTIONS, json, sql: { type: "boolean", help: "print the SQL that would bring the database to the schema" } },
    examples: ["migrator check  # in CI: fails when a revision is missing", "migrator check --offline --json"],
    exitCodes: [3],
    connects: true,
  },
  upgrade: {
    summary: "upgrade to a later revision",
    args: "[REVISION]",
    minArgs: 0,
    maxArgs: 1,
    options: { sql, json, "allow-changed": allowChanged, ...FLEET_OPTIONS },
    details: `Applies every revision up to REVISION (default: head; "heads" with several branches), under the migration lock. ${REVISIONS} With --sql, a range FROM:TO prints the script from FROM (e.g. ae10:head). ${FLEETS}`,
    examples: [
      "migrator upgrade  # to head",
      "migrator upgrade +1  # one revision",
      "migrator upgrade heads --json",
      "migrator upgrade base:head --sql > deploy.sql",
      "migrator upgrade --schemas 'tenant_*' --concurrency 8  # schema per tenant",
      "migrator upgrade --urls-file tenants.txt --continue-on-error --json",
    ],
    exitCodes: [130, 143],
    connects: true,
  },
  downgrade: {
    summary: "revert to an earlier revision",
    args: "REVISION",
    minArgs: 1,
    maxArgs: 1,
    options: { sql, json, "allow-changed": allowChanged },
    details: `Reverts revisions down to REVISION (no default: say "-1" or "base"). ${REVISIONS} Down to base, the version table stays (empty, as Alembic's does) and so does the history table, whose rows are the audit trail, the downgrades included; an offline script down to base drops the version table it created. With --sql it needs a range FROM:TO, e.g. head:base.`,
    examples: ["migrator downgrade -1  # the last revision", "migrator downgrade base  # everything", "migrator downgrade head:ae10 --sql"],
    exitCodes: [130, 143],
    connects: true,
  },
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
    examples: ["migrator repair  # after undoing a partly applied revision by hand", "migrator repair --json"],
    connects: true,
  },
  "check-history": {
    summary: "exit 4 when applied revisions changed since applied, are missing, unknown, or left partly applied",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    details: "Compares the bookkeeping with the revision files: changed (checksum), missing, unknown and incomplete (left partly applied) revisions.",
    examples: ["migrator check-history  # in CI, before deploying", "migrator check-history --json"],
    exitCodes: [4],
    connects: true,
  },
  stamp: {
    summary: "set the version table without running migrations",
    args: "REVISION...",
    minArgs: 1,
    maxArgs: Infinity,
    options: { sql, json, purge: { type: "boolean", help: "empty the version table first" } },
    details: `Sets the version table to the given revisions without running them (a database built another way). ${REVISIONS}`,
    examples: ["migrator stamp head", "migrator stamp --purge ae10  # whatever the table held", "migrator stamp base:head --sql"],
    connects: true,
  },
  wait: {
    summary: "wait until the database accepts connections (containers)",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    details:
      "Retries connecting for --wait-timeout seconds (default: wait_timeout in the config, else 60), printing " +
      '"waiting for the database (last error: ...)" every few seconds. Stops at once on what waiting cannot fix ' +
      "(authentication, an unknown database). Exit code 6 when it gives up.",
    examples: ["migrator wait && migrator upgrade", "migrator wait --wait-timeout 120"],
    connects: true,
  },
  current: {
    summary: "show the revisions the database is at",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json, "check-heads": { type: "boolean", help: "exit 5 unless the database is at every head (readiness checks)" }, ...FLEET_OPTIONS },
    details: FLEETS,
    examples: ["migrator current", "migrator current --check-heads || echo 'not migrated yet'", "migrator current --schemas 'tenant_*'  # a line per tenant"],
    exitCodes: [5],
    connects: true,
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
    details: "Ranges A:B: either side a revision (see show), empty for base or head; -3: the last three; current: what the database has not applied yet.",
    examples: ["migrator history", "migrator history -r -3:", "migrator history -r current: -i", "migrator history --json | jq '.revisions[].revision'"],
  },
  heads: {
    summary: "show the heads of the revision graph",
    args: "",
    minArgs: 0,
    maxArgs: 0,
    options: { json, "resolve-dependencies": { type: "boolean", help: "accepted for Alembic compatibility" } },
    examples: ["migrator heads", "migrator heads -v", "migrator heads --json"],
  },
  branches: { summary: "show branch points", args: "", minArgs: 0, maxArgs: 0, options: { json }, examples: ["migrator branches", "migrator branches -v"] },
  show: {
    summary: "show one revision",
    args: "REVISION",
    minArgs: 1,
    maxArgs: 1,
    options: { json },
    details: `${REVISIONS} "current" shows the revisions the database is at (connects).`,
    examples: ["migrator show head", "migrator show ae10 --json", "migrator show current"],
  },
};
