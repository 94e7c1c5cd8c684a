import type { Config } from "../config/types.ts";
import { dirname } from "node:path";
import { urlSecrets } from "../config/url.ts";
import type { CompareOptions } from "../commands/autogenerate.ts";
import { configEnvironment, type LoadConfigOptions } from "../config/load.ts";
import { isFleet } from "./fleet_flags.ts";
import { loadConfigs } from "../config/load_all.ts";
import { UsageError } from "../errors.ts";
import type { CommandOptions } from "../commands/options.ts";
import { progress, seconds, type Progress } from "./progress.ts";
import type { Io } from "./io.ts";
import { askRename } from "./prompt.ts";
import * as out from "./output.ts";

// Each command's module is imported when that command runs: start-up evaluates only what it needs (a
// `current` loads neither autogenerate nor the revision writer, and the binary keeps them in chunks of their own).

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Load the config, run the command, print its result. Returns the exit code. */
export async function run(name: string, values: Values, args: string[], io: Io, setSecrets: (s: string[]) => void): Promise<number> {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);

  if (name === "completion") {
    const { completionScript } = await import("./completion.ts");
    io.stdout(completionScript(args[0]!));
    return 0;
  }
  if (name === "list-templates") {
    const { listTemplates } = await import("../commands/list_templates.ts");
    io.stdout(out.templates(listTemplates()));
    return 0;
  }
  if (name === "init") {
    const { init } = await import("../commands/init.ts");
    const { migratorDeclarations } = await import("../commands/types.ts");
    const { embeddedDeclarationsPath } = await import("../commands/declarations.ts");
    // The binary also writes the types for editors; from source, projects import mod.ts.
    const declarations = embeddedDeclarationsPath() !== undefined ? migratorDeclarations() : undefined;
    const result = init({ directory: args[0]!, template: str("template") ?? "generic", cwd: io.cwd, ...(declarations !== undefined ? { declarations } : {}) });
    const kept = result.kept.map((f) => `Keeping ${f}: map "migrator" to ./migrator.d.ts in it (see README: Editors)\n`).join("");
    io.stdout(result.files.map((f) => `Creating ${f}\n`).join("") + kept + `Done. ${result.next}\n`);
    return 0;
  }
  if (name === "types") {
    const { findConfigFile } = await import("../config/find_config.ts");
    const { types } = await import("../commands/types.ts");
    // Beside the config file by default, where init wrote it.
    const config = findConfigFile(str("config"), io.cwd, io.env);
    const result = types({ directory: args[0] ?? (config ? dirname(config) : io.cwd) });
    io.stdout(`Wrote ${result.file}\n`);
    return 0;
  }

  const loadOptions = configOptions(values, io);
  const configs = loadConfigs(loadOptions);
  // A misspelt setting is said once, whatever the number of database sections.
  const warnings = new Set<string>();
  for (const c of configs) for (const w of c.warnings ?? []) warnings.add(w);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  if (isFleet(values, configs)) return (await import("./fleet.ts")).runFleet(name, values, args, io, configs, { env: configEnvironment(loadOptions), x: parseX(Array.isArray(values.x) ? (values.x as string[]) : []) }, setSecrets);
  if (values.concurrency !== undefined || values["continue-on-error"] === true) {
    throw new UsageError(`--concurrency and --continue-on-error are for fleets: add --urls-file, --urls-query or --schemas`);
  }
  if (configs.length === 1) return runOne(name, values, args, io, configs[0]!, setSecrets);
  // A multidb config: run the command for each database section in turn.
  const databases = configs.map((c) => c.section).join(", ");
  if (name === "revision" || name === "merge" || name === "show" || name === "check") {
    throw new UsageError(`This config has several databases (${databases}); say which one with -n`);
  }
  // JSON: one document, an object with each database's result under its section's name.
  if (values.json === true) {
    const results: Record<string, unknown> = {};
    let code = 0;
    for (const c of configs) {
      let text = "";
      code = await runOne(name, values, args, { ...io, stdout: (t) => void (text += t) }, c, setSecrets);
      results[c.section] = text.trim() === "" ? null : JSON.parse(text);
      if (code !== 0) break;
    }
    io.stdout(out.json(results));
    return code;
  }
  for (const c of configs) {
    // Offline, the scripts of several databases go one after the other: say which is which in the script too.
    // What a command prints on stdout (current, history) goes under its database's header there.
    if (values.sql === true) io.stdout(`-- migrator: database "${c.section}"\n\n`);
    else if (LISTINGS.has(name)) io.stdout(`[${c.section}]\n`);
    else io.stderr(`[${c.section}]\n`);
    const code = await runOne(name, values, args, io, c, setSecrets);
    if (code !== 0) return code;
  }
  return 0;
}

/** Commands whose result is printed on stdout. */
const LISTINGS = new Set(["current", "heads", "history", "branches"]);

async function runOne(name: string, values: Values, args: string[], io: Io, config: Config, setSecrets: (s: string[]) => void): Promise<number> {
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const json = values.json === true;
  const sql = values.sql === true;
  if (config.url) setSecrets(urlSecrets(config.url));
  // Offline scripts go to stdout: progress stays out of them; JSON and -q are quiet.
  const report = progress(io, json || sql || values.quiet === true);
  const options: CommandOptions = { config, x: parseX(list("x")), ...report.hooks, signal: io.signal };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    return await dispatch({ name, values, args, io, config, options, report, elapsed });
  } finally {
    report.close();
  }
}

/** One command's run: what dispatch needs besides the command's own flags. */
interface Run {
  readonly name: string;
  readonly values: Values;
  readonly args: string[];
  readonly io: Io;
  readonly config: Config;
  readonly options: CommandOptions;
  readonly report: Progress;
  /** Milliseconds since the command started. */
  readonly elapsed: () => number;
}

/** Call the command and print its result. Returns the exit code. */
async function dispatch({ name, values, args, io, config, options, report, elapsed }: Run): Promise<number> {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const json = values.json === true;
  const sql = values.sql === true;
  switch (name) {
    case "wait": {
      const { waitForDatabase } = await import("../commands/wait.ts");
      const result = await waitForDatabase(options);
      report.note(`The database accepts connections (after ${seconds(result.elapsedMs)})`);
      if (json) io.stdout(out.json(result));
      return 0;
    }
    case "upgrade":
    case "downgrade": {
      const migrateCommands = await import("../commands/migrate.ts");
      const result = await migrateCommands[name]({ ...options, revision: args[0] ?? "head", sql, allowChanged: values["allow-changed"] === true });
      if (result.script !== undefined) io.stdout(result.script);
      else if (json) io.stdout(out.json({ steps: result.steps, heads: result.heads, durationMs: elapsed() }));
      else if (result.steps.length === 0) report.note(`Nothing to do: the database is at ${out.headList(result.heads)}`);
      else report.summary(result.steps, elapsed());
      return 0;
    }
    case "stamp": {
      const { stamp } = await import("../commands/stamp.ts");
      const bookOut = await import("./bookkeeping_output.ts");
      const result = await stamp({ ...options, revisions: args, purge: values.purge === true, sql });
      if (result.script !== undefined) io.stdout(result.script);
      else if (json) io.stdout(out.json({ updates: result.updates, heads: result.heads, cleared: result.cleared, durationMs: elapsed() }));
      else report.note(`Stamped the database at ${out.headList(result.heads)}${bookOut.clearedNote(result.cleared)}`);
      return 0;
    }
    case "repair": {
      const { repair } = await import("../commands/repair.ts");
      const bookOut = await import("./bookkeeping_output.ts");
      const result = await repair(options);
      if (json) io.stdout(out.json(result));
      else io.stderr(bookOut.repaired(result));
      return 0;
    }
    case "check-history": {
      const { checkHistoryCommand } = await import("../commands/check_history.ts");
      const { HISTORY_MISMATCH_EXIT_CODE } = await import("../bookkeeping/verify.ts");
      const bookOut = await import("./bookkeeping_output.ts");
      const result = await checkHistoryCommand(options);
      io.stdout(json ? out.json(result) : bookOut.checkHistoryText(result));
      return result.ok ? 0 : HISTORY_MISMATCH_EXIT_CODE;
    }
    case "current": {
      const { checkHeads, current } = await import("../commands/current.ts");
      const result = await current(options);
      io.stdout(json ? out.json(result) : out.current(result, values.verbose === true));
      if (values["check-heads"] === true) checkHeads(result);
      return 0;
    }
    case "heads": {
      const { heads } = await import("../commands/heads.ts");
      const result = await heads(options);
      io.stdout(json ? out.json(result) : out.revisions(result, values.verbose === true));
      return 0;
    }
    case "branches": {
      const { branches } = await import("../commands/branches.ts");
      const result = await branches(options);
      io.stdout(json ? out.json(result) : out.branches(result, values.verbose === true));
      return 0;
    }
    case "show": {
      const { show } = await import("../commands/show.ts");
      const result = await show({ ...options, revision: args[0]! });
      if (result.length === 0 && !json) report.note("The database is at base (no revision applied)");
      io.stdout(json ? out.json(result.length === 1 ? result[0] : result) : out.revisions(result, true));
      return 0;
    }
    case "history": {
      if (values.applied === true) {
        const { appliedHistory } = await import("../commands/applied_history.ts");
        const bookOut = await import("./bookkeeping_output.ts");
        const rows = await appliedHistory(options);
        io.stdout(json ? out.json(rows) : bookOut.appliedText(rows));
        return 0;
      }
      const { history } = await import("../commands/history.ts");
      const result = await history({ ...options, ...(str("rev-range") ? { range: str("rev-range")! } : {}), indicateCurrent: values["indicate-current"] === true });
      io.stdout(json ? out.json(result) : out.history(result, values.verbose === true));
      return 0;
    }
    case "check": {
      if (values.sql === true && json) throw new UsageError(`check takes --json or --sql, not both`);
      const { diffSchema } = await import("../commands/autogenerate.ts");
      const { CHECK_DIFFERENCES_EXIT_CODE } = await import("../autogenerate/errors.ts");
      const diffOut = await import("./diff_output.ts");
      // check never asks: a CI job on a terminal (docker run -t) must not wait for an answer, and either
      // answer is a difference; the rename candidates are in its output, with the hint to pass.
      const diff = await diffSchema({ ...options, ...compareOptions(values, io, false) });
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
        const { autogenerate } = await import("../commands/autogenerate.ts");
        const diffOut = await import("./diff_output.ts");
        const result = await autogenerate({
          ...common,
          ...compareOptions(values, io, true),
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
      const { merge, revision } = await import("../commands/revision.ts");
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

/** The flags that choose and override the config, as loadConfig's options. */
function configOptions(values: Values, io: Io): LoadConfigOptions {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const seconds = (flag: string): number | undefined => {
    const text = str(flag);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} takes a number of seconds; got "${text}"`);
    return n * 1000;
  };
  const lockTimeoutMs = seconds("lock-timeout");
  const tableLockTimeoutMs = seconds("table-lock-timeout");
  const connectTimeoutMs = seconds("connect-timeout");
  const networkTimeoutMs = seconds("network-timeout");
  const waitMs = seconds("wait-timeout");
  return {
    ...(str("config") ? { configPath: str("config")! } : {}),
    ...(str("name") ? { section: str("name")! } : {}),
    ...(str("url") ? { url: str("url")! } : {}),
    cwd: io.cwd,
    env: io.env,
    ...(values["no-env-file"] === true ? { envFile: false as const } : str("env-file") ? { envFile: str("env-file")! } : {}),
    ...(lockTimeoutMs !== undefined ? { lockTimeoutMs } : {}),
    ...(tableLockTimeoutMs !== undefined ? { tableLockTimeoutMs } : {}),
    ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    ...(networkTimeoutMs !== undefined ? { networkTimeoutMs } : {}),
    ...(waitMs !== undefined ? { waitMs } : {}),
    ...(str("server-version") ? { serverVersion: str("server-version")! } : {}),
    wait: values.wait === true,
  };
}

/** `ask`: whether a terminal is asked about possible renames (revision --autogenerate; never check). */
function compareOptions(values: Values, io: Io, ask: boolean): Omit<CompareOptions, "config"> {
  const schema = typeof values.schema === "string" ? values.schema : undefined;
  const renames = Array.isArray(values.rename) ? (values.rename as string[]) : [];
  const prompt = ask ? askRename() : undefined;
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
