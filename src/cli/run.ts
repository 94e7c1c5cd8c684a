import type { Config } from "../config/types.ts";
import { listTemplates } from "../commands/list_templates.ts";
import { init } from "../commands/init.ts";
import { migratorDeclarations, types } from "../commands/types.ts";
import { embeddedDeclarationsPath } from "../commands/declarations.ts";
import { dirname } from "node:path";
import { findConfigFile } from "../config/find_config.ts";
import { urlSecrets } from "../config/url.ts";
import * as migrateCommands from "../commands/migrate.ts";
import { stamp } from "../commands/stamp.ts";
import { current } from "../commands/current.ts";
import { heads } from "../commands/heads.ts";
import { branches } from "../commands/branches.ts";
import { show } from "../commands/show.ts";
import { history } from "../commands/history.ts";
import { appliedHistory } from "../commands/applied_history.ts";
import { repair } from "../commands/repair.ts";
import { checkHistoryCommand } from "../commands/check_history.ts";
import { HISTORY_MISMATCH_EXIT_CODE } from "../bookkeeping/verify.ts";
import * as bookOut from "./bookkeeping_output.ts";
import { merge, revision } from "../commands/revision.ts";
import { autogenerate, diffSchema, type CompareOptions } from "../commands/autogenerate.ts";
import { CHECK_DIFFERENCES_EXIT_CODE } from "../autogenerate/errors.ts";
import { askRename } from "./prompt.ts";
import * as diffOut from "./diff_output.ts";
import { loadConfig as load } from "../config/load.ts";
import { ConfigError, UsageError } from "../errors.ts";
import type { CommandOptions } from "../commands/options.ts";
import { stepLine } from "../runtime/step.ts";
import type { Io } from "./main.ts";
import * as out from "./output.ts";

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Load the config, run the command, print its result. Returns the exit code. */
export async function run(name: string, values: Values, args: string[], io: Io, setSecrets: (s: string[]) => void): Promise<number> {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);

  if (name === "list-templates") {
    io.stdout(out.templates(listTemplates()));
    return 0;
  }
  if (name === "init") {
    // The binary also writes the types for editors; from source, projects import mod.ts.
    const declarations = embeddedDeclarationsPath() !== undefined ? migratorDeclarations() : undefined;
    const result = init({ directory: args[0]!, template: str("template") ?? "generic", cwd: io.cwd, ...(declarations !== undefined ? { declarations } : {}) });
    const kept = result.kept.map((f) => `Keeping ${f}: map "migrator" to ./migrator.d.ts in it (see README: Editors)\n`).join("");
    io.stdout(result.files.map((f) => `Creating ${f}\n`).join("") + kept + `Done. Edit the url in migrator.ini (or set DATABASE_URL), then run "migrator revision -m 'first'".\n`);
    return 0;
  }
  if (name === "types") {
    // Beside the config file by default, where init wrote it.
    const config = findConfigFile(str("config"), io.cwd, io.env);
    const result = types({ directory: args[0] ?? (config ? dirname(config) : io.cwd) });
    io.stdout(`Wrote ${result.file}\n`);
    return 0;
  }

  const config = await loadConfig(values, io);
  if (config.databases.length === 0 || str("name") !== undefined) return runOne(name, values, args, io, config, setSecrets);
  // A multidb config: run the command for each database section in turn.
  if (name === "revision" || name === "merge" || name === "show" || name === "check") {
    throw new UsageError(`This config has several databases (${config.databases.join(", ")}); say which one with -n`);
  }
  // One URL, or one JSON document, cannot stand for several databases.
  if (str("url") !== undefined || values.json === true) {
    throw new UsageError(`This config has several databases (${config.databases.join(", ")}): with ${values.json === true ? "--json" : "--url"}, say which one with -n`);
  }
  const configs = await Promise.all(config.databases.map((db) => loadConfig({ ...values, name: db }, io)));
  // Two sections on one database (e.g. both fell back to DATABASE_URL) would mix their revisions.
  configs.forEach((c, i) => {
    const twin = configs.findIndex((o) => o.url !== null && o.url === c.url);
    if (twin !== i) {
      throw new ConfigError(`Databases "${configs[twin]!.section}" and "${c.section}" have the same URL; give each its own url in ${config.file}`);
    }
  });
  for (const c of configs) {
    // Offline, the scripts of several databases go one after the other: say which is which in the script too.
    if (values.sql === true) io.stdout(`-- migrator: database "${c.section}"\n\n`);
    else io.stderr(`[${c.section}]\n`);
    const code = await runOne(name, values, args, io, c, setSecrets);
    if (code !== 0) return code;
  }
  return 0;
}

async function runOne(name: string, values: Values, args: string[], io: Io, config: Config, setSecrets: (s: string[]) => void): Promise<number> {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const json = values.json === true;
  if (config.url) setSecrets(urlSecrets(config.url));
  const options: CommandOptions = {
    config,
    x: parseX(list("x")),
    onStep: (step) => io.stderr(`${stepLine(step)}\n`),
    signal: io.signal,
  };

  switch (name) {
    case "upgrade":
    case "downgrade": {
      const sql = values.sql === true;
      const result = await migrateCommands[name]({ ...options, revision: args[0] ?? "head", allowChanged: values["allow-changed"] === true, ...(sql ? { sql, onStep: () => {} } : {}) });
      if (result.script !== undefined) io.stdout(result.script);
      else if (result.steps.length === 0) io.stderr(`Nothing to do: the database is at ${out.headList(result.heads)}\n`);
      return 0;
    }
    case "stamp": {
      const result = await stamp({ ...options, revisions: args, purge: values.purge === true, sql: values.sql === true });
      if (result.script !== undefined) io.stdout(result.script);
      else io.stderr(`Stamped the database at ${out.headList(result.heads)}${bookOut.clearedNote(result.cleared)}\n`);
      return 0;
    }
    case "repair": {
      const result = await repair(options);
      if (json) io.stdout(out.json(result));
      else io.stderr(bookOut.repaired(result));
      return 0;
    }
    case "check-history": {
      const result = await checkHistoryCommand(options);
      io.stdout(json ? out.json(result) : bookOut.checkHistoryText(result));
      return result.ok ? 0 : HISTORY_MISMATCH_EXIT_CODE;
    }
    case "current": {
      const result = await current(options);
      io.stdout(json ? out.json(result) : out.current(result, values.verbose === true));
      if (values["check-heads"] === true) {
        const unknown = result.heads.filter((_, i) => result.revisions[i] === null);
        if (unknown.length > 0) {
          io.stderr(`error: The database is at ${out.headList(unknown)}, which this project does not have; deploy the matching revisions or stamp the database\n`);
          return 1;
        }
        if (result.pending.length > 0) {
          io.stderr(`error: The database is not at head: ${result.pending.length} revision(s) not applied (${result.pending.slice(0, 5).join(", ")}${result.pending.length > 5 ? ", ..." : ""}); run "migrator upgrade heads"\n`);
          return 1;
        }
      }
      return 0;
    }
    case "heads": {
      const result = await heads(options);
      io.stdout(json ? out.json(result) : out.revisions(result, values.verbose === true));
      return 0;
    }
    case "branches": {
      const result = await branches(options);
      io.stdout(json ? out.json(result) : out.branches(result, values.verbose === true));
      return 0;
    }
    case "show": {
      const result = await show({ ...options, revision: args[0]! });
      io.stdout(json ? out.json(result.length === 1 ? result[0] : result) : out.revisions(result, true));
      return 0;
    }
    case "history": {
      if (values.applied === true) {
        const rows = await appliedHistory(options);
        io.stdout(json ? out.json(rows) : bookOut.appliedText(rows));
        return 0;
      }
      const result = await history({ ...options, ...(str("rev-range") ? { range: str("rev-range")! } : {}), indicateCurrent: values["indicate-current"] === true });
      io.stdout(json ? out.json(result) : out.history(result, values.verbose === true));
      return 0;
    }
    case "check": {
      if (values.sql === true && json) throw new UsageError(`check takes --json or --sql, not both`);
      const diff = await diffSchema({ ...options, ...compareOptions(values, io) });
      for (const w of diff.warnings) io.stderr(`warning: ${w}\n`);
      if (values.sql === true) io.stdout(await diff.sql());
      else io.stdout(json ? out.json(diffOut.diffJson(diff)) : diffOut.diffText(diff));
      return diff.changes.length > 0 || diff.unresolved.length > 0 ? CHECK_DIFFERENCES_EXIT_CODE : 0;
    }
    case "revision":
    case "merge": {
      const common = {
        ...options,
        message: str("message") ?? "",
        branchLabels: list("branch-label"),
        ...(str("rev-id") ? { revId: str("rev-id")! } : {}),
      };
      if (name === "revision" && values.autogenerate === true) {
        const result = await autogenerate({
          ...common,
          ...compareOptions(values, io),
          head: str("head") ?? "head",
          splice: values.splice === true,
          dependsOn: list("depends-on"),
          ...(str("version-path") ? { versionPath: str("version-path")! } : {}),
          language: values.sql === true ? "sql" : "ts",
          allowEmpty: values["allow-empty"] === true,
        });
        for (const w of result.diff.warnings) io.stderr(`warning: ${w}\n`);
        if (!result.revision) {
          io.stderr(`No changes: the ${result.diff.offline ? "revision history" : "database"} matches the schema; no revision written (--allow-empty writes one anyway)\n`);
          return 0;
        }
        io.stdout(diffOut.diffText(result.diff));
        io.stdout(`Generating ${result.revision.path} ... done\n`);
        return 0;
      }
      const result =
        name === "merge"
          ? await merge({ ...common, revisions: args })
          : await revision({
              ...common,
              head: str("head") ?? "head",
              splice: values.splice === true,
              dependsOn: list("depends-on"),
              ...(str("version-path") ? { versionPath: str("version-path")! } : {}),
              language: values.sql === true ? "sql" : config.revisionLanguage,
            });
      io.stdout(`Generating ${result.path} ... done\n`);
      return 0;
    }
  }
  throw new UsageError(`Unknown command "${name}"`);
}

async function loadConfig(values: Values, io: Io): Promise<Config> {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const config = load({
    ...(str("config") ? { configPath: str("config")! } : {}),
    ...(str("name") ? { section: str("name")! } : {}),
    ...(str("url") ? { url: str("url")! } : {}),
    cwd: io.cwd,
    env: io.env,
  });
  const seconds = (flag: string): number | undefined => {
    const text = str(flag);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} takes a number of seconds; got "${text}"`);
    return n * 1000;
  };
  const lock = seconds("lock-timeout");
  const connect = seconds("connect-timeout");
  const wait = seconds("wait-timeout") ?? (values.wait === true ? (config.waitMs || 60_000) : undefined);
  return {
    ...config,
    ...(lock !== undefined ? { lockTimeoutMs: lock } : {}),
    ...(connect !== undefined ? { connectTimeoutMs: connect, connectTimeoutFrom: "--connect-timeout" } : {}),
    ...(wait !== undefined ? { waitMs: wait } : {}),
  };
}

function compareOptions(values: Values, io: Io): Omit<CompareOptions, "config"> {
  const schema = typeof values.schema === "string" ? values.schema : undefined;
  const renames = Array.isArray(values.rename) ? (values.rename as string[]) : [];
  const prompt = askRename();
  return { cwd: io.cwd, offline: values.offline === true, renames, ...(schema !== undefined ? { schema } : {}), ...(prompt ? { askRename: prompt } : {}) };
}

function parseX(pairs: readonly string[]): Record<string, string> {
  const x: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`-x takes KEY=VALUE; got "${pair}"`);
    x[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return x;
}
