import type { Config } from "../config/types.ts";
import { UsageError } from "../errors.ts";
import type { CommandOptions } from "../commands/options.ts";
import { stepLine } from "../runtime/runner.ts";
import type { Io } from "./main.ts";
import * as out from "./output.ts";

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Load the config, run the command, print its result. Returns the exit code. */
export async function run(name: string, values: Values, args: string[], io: Io, setSecrets: (s: string[]) => void): Promise<number> {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const json = values.json === true;

  if (name === "list-templates") {
    const { listTemplates } = await import("../commands/list_templates.ts");
    io.stdout(out.templates(listTemplates()));
    return 0;
  }
  if (name === "init") {
    const { init } = await import("../commands/init.ts");
    const result = await init({ directory: args[0]!, template: str("template") ?? "generic", cwd: io.cwd });
    io.stdout(result.files.map((f) => `Creating ${f}\n`).join("") + `Done. Edit the url in migrator.ini (or set DATABASE_URL), then run "migrator revision -m 'first'".\n`);
    return 0;
  }

  const config = await loadConfig(values, io);
  if (config.url) {
    const { parseDatabaseUrl } = await import("../config/url.ts");
    try {
      const pw = parseDatabaseUrl(config.url).password;
      if (pw) setSecrets([pw]);
    } catch {
      // the command reports the bad URL itself
    }
  }
  const options: CommandOptions = {
    config,
    x: parseX(list("x")),
    onStep: (step) => io.stderr(`${stepLine(step)}\n`),
  };

  switch (name) {
    case "upgrade":
    case "downgrade": {
      const commands = await import("../commands/migrate.ts");
      const sql = values.sql === true;
      const result = await commands[name]({ ...options, revision: args[0] ?? "head", ...(sql ? { sql, onStep: () => {} } : {}) });
      if (result.script !== undefined) io.stdout(result.script);
      else if (result.steps.length === 0) io.stderr(`Nothing to do: the database is at ${out.headList(result.heads)}\n`);
      return 0;
    }
    case "stamp": {
      const { stamp } = await import("../commands/stamp.ts");
      const result = await stamp({ ...options, revisions: args, purge: values.purge === true, sql: values.sql === true });
      if (result.script !== undefined) io.stdout(result.script);
      else io.stderr(`Stamped the database at ${out.headList(result.heads)}\n`);
      return 0;
    }
    case "current": {
      const { current } = await import("../commands/current.ts");
      const result = await current(options);
      io.stdout(json ? out.json(result) : out.current(result, values.verbose === true));
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
      io.stdout(json ? out.json(result.length === 1 ? result[0] : result) : out.revisions(result, true));
      return 0;
    }
    case "history": {
      const { history } = await import("../commands/history.ts");
      const result = await history({ ...options, ...(str("rev-range") ? { range: str("rev-range")! } : {}), indicateCurrent: values["indicate-current"] === true });
      io.stdout(json ? out.json(result) : out.history(result, values.verbose === true));
      return 0;
    }
    case "revision":
    case "merge": {
      if (values.autogenerate) throw new UsageError("--autogenerate is not available yet: write the upgrade and downgrade by hand");
      const { revision, merge } = await import("../commands/revision.ts");
      const common = {
        ...options,
        message: str("message") ?? "",
        branchLabels: list("branch-label"),
        ...(str("rev-id") ? { revId: str("rev-id")! } : {}),
      };
      const result =
        name === "merge"
          ? await merge({ ...common, revisions: args })
          : await revision({
              ...common,
              head: str("head") ?? "head",
              splice: values.splice === true,
              dependsOn: list("depends-on"),
              ...(str("version-path") ? { versionPath: str("version-path")! } : {}),
              language: values.sql === true ? "sql" : "ts",
            });
      io.stdout(`Generating ${result.path} ... done\n`);
      return 0;
    }
  }
  throw new UsageError(`Unknown command "${name}"`);
}

async function loadConfig(values: Values, io: Io): Promise<Config> {
  const { loadConfig } = await import("../config/load.ts");
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const config = loadConfig({
    ...(str("config") ? { configPath: str("config")! } : {}),
    ...(str("name") ? { section: str("name")! } : {}),
    ...(str("url") ? { url: str("url")! } : {}),
    cwd: io.cwd,
    env: io.env,
  });
  const timeout = str("lock-timeout");
  if (timeout === undefined) return config;
  const seconds = Number(timeout);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--lock-timeout takes a number of seconds; got "${timeout}"`);
  return { ...config, lockTimeoutMs: seconds * 1000 };
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
