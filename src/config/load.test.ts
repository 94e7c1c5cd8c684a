import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../errors.ts";
import { loadConfig } from "./load.ts";
import { configErrorOf } from "./testing.ts";
import { parseDatabaseUrl } from "./url.ts";

let dir: string;

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "migrator-config-")));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const errorOf = configErrorOf;

describe("loadConfig: finding the file", () => {
  test("without any file: defaults in the working directory and DATABASE_URL", () => {
    const config = loadConfig({ cwd: dir, env: { DATABASE_URL: "sqlite:///app.db" } });
    expect(config).toEqual({
      file: null,
      section: "migrator",
      here: dir,
      scriptLocation: join(dir, "migrations"),
      versionLocations: [join(dir, "migrations", "versions")],
      fileTemplate: "%(rev)s_%(slug)s",
      truncateSlugLength: 40,
      timezone: null,
      url: "sqlite:///app.db",
      versionTable: "migrator_version",
      versionTableSchema: null,
      transactionPerMigration: false,
      lockTimeoutMs: 60_000,
      tableLockTimeoutMs: 60_000,
      connectTimeoutMs: 10000,
      networkTimeoutMs: 60000,
      waitMs: 0,
      recursiveVersionLocations: false,
      revisionLanguage: "ts",
      databases: [],
      options: {},
      warnings: [],
    });
    expect(loadConfig({ cwd: dir, env: {} }).url).toBeNull();
  });

  test("./migrator.ini is read when present", () => {
    write("migrator.ini", "[migrator]\nscript_location = %(here)s/db\n");
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.file).toBe(join(dir, "migrator.ini"));
    expect(config.scriptLocation).toBe(join(dir, "db"));
    expect(config.versionLocations).toEqual([join(dir, "db", "versions")]);
  });

  test("-c wins over MIGRATOR_CONFIG, which wins over ./migrator.ini; here is the file's folder", () => {
    write("migrator.ini", "[migrator]\nscript_location = local\n");
    write("conf/env.ini", "[migrator]\nscript_location = fromenv\n");
    write("conf/c.ini", "[migrator]\nscript_location = fromflag\n");
    const env = { MIGRATOR_CONFIG: "conf/env.ini" };
    expect(loadConfig({ cwd: dir, env }).scriptLocation).toBe(join(dir, "conf", "fromenv"));
    const flagged = loadConfig({ cwd: dir, env, configPath: "conf/c.ini" });
    expect(flagged.scriptLocation).toBe(join(dir, "conf", "fromflag"));
    expect(flagged.here).toBe(join(dir, "conf"));
    expect(flagged.options.here).toBe(join(dir, "conf"));
  });

  test("a missing -c or MIGRATOR_CONFIG file is an error naming it and migrator init", () => {
    const e = errorOf(() => loadConfig({ cwd: dir, env: {}, configPath: "nope.ini" }));
    expect(e.message).toContain(join(dir, "nope.ini"));
    expect(e.message).toContain("migrator init");
    const fromEnv = errorOf(() => loadConfig({ cwd: dir, env: { MIGRATOR_CONFIG: "gone.ini" } }));
    expect(fromEnv.message).toContain("MIGRATOR_CONFIG");
    mkdirSync(join(dir, "adir.ini"));
    expect(() => loadConfig({ cwd: dir, env: {}, configPath: "adir.ini" })).toThrow(ConfigError);
  });

  test("-c naming a directory says it is a directory and names the file to give", () => {
    mkdirSync(join(dir, "proj"));
    const e = errorOf(() => loadConfig({ cwd: dir, env: {}, configPath: "proj" }));
    expect(e.message).toBe(`Config file ${join(dir, "proj")} is a directory; name the file, e.g. -c ${join(dir, "proj", "migrator.ini")}`);
  });

  test("-n picks the section; a missing one lists those that exist", () => {
    write("migrator.ini", "[migrator]\nversion_table = a\n[alembic]\nversion_table = b\n");
    expect(loadConfig({ cwd: dir, env: {}, section: "alembic" })).toMatchObject({ section: "alembic", versionTable: "b" });
    const e = errorOf(() => loadConfig({ cwd: dir, env: {}, section: "prod" }));
    expect(e.message).toBe(`No section [prod] in ${join(dir, "migrator.ini")}; it has [migrator], [alembic]: choose one with -n/--name`);
  });
});

describe("loadConfig: keys", () => {
  test("a misspelt setting is a warning naming the nearest known key; the project's own keys pass", () => {
    const file = write("migrator.ini", "[DEFAULT]\nscript_locaton = x\n[migrator]\ntransaction_per_migraton = true\nlock_timout = 3\nmy_tenant = acme\nversion_table = v\n");
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.transactionPerMigration).toBe(false);
    expect(config.options["my_tenant"]).toBe("acme");
    expect(config.warnings).toEqual([
      `"transaction_per_migraton" in [migrator] (${file}:4) is not a setting and is ignored; did you mean "transaction_per_migration"?`,
      `"lock_timout" in [migrator] (${file}:5) is not a setting and is ignored; did you mean "lock_timeout"?`,
      `"script_locaton" in [DEFAULT] (${file}:2) is not a setting and is ignored; did you mean "script_location"?`,
    ]);
  });

  test("every key read, Alembic style", () => {
    write(
      "migrator.ini",
      [
        "[DEFAULT]",
        "shared = yes",
        "[migrator]",
        "script_location = %(here)s/migrations",
        "version_locations = %(here)s/a/versions, b/versions",
        "   c/versions",
        "file_template = %%(year)d_%%(rev)s_%%(slug)s",
        "truncate_slug_length = 20",
        "timezone = Europe/Paris",
        "version_table = alembic_version",
        "version_table_schema = ops",
        "transaction_per_migration = On",
        "lock_timeout = 2.5",
        "table_lock_timeout = 0",
        "server_version = MariaDB 10.11",
        "custom = %(shared)s",
      ].join("\n"),
    );
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config).toMatchObject({
      scriptLocation: join(dir, "migrations"),
      versionLocations: [join(dir, "a/versions"), join(dir, "b/versions"), join(dir, "c/versions")],
      fileTemplate: "%(year)d_%(rev)s_%(slug)s",
      truncateSlugLength: 20,
      timezone: "Europe/Paris",
      versionTable: "alembic_version",
      versionTableSchema: "ops",
      transactionPerMigration: true,
      lockTimeoutMs: 2500,
      tableLockTimeoutMs: 0,
      serverVersion: "MariaDB 10.11",
    });
    // --server-version wins over the file's.
    expect(loadConfig({ cwd: dir, env: {}, serverVersion: "8.0.36" }).serverVersion).toBe("8.0.36");
    expect(config.options).toMatchObject({ here: dir, shared: "yes", custom: "yes", truncate_slug_length: "20" });
  });

  test.each([
    ["os", "a:b c", ["a", "b c"]],
    ["space", "a b\nc", ["a", "b", "c"]],
    ["colon", "a:b", ["a", "b"]],
    ["semicolon", "a;b c", ["a", "b c"]],
    ["comma", "a,b c", ["a", "b c"]],
    ["newline", "a b\n  c d", ["a b", "c d"]],
  ])("version_path_separator = %s", (separator, value, expected) => {
    const indented = value.replace(/\n/g, "\n  ");
    write("migrator.ini", `[migrator]\nversion_path_separator = ${separator}\nversion_locations = ${indented}\n`);
    expect(loadConfig({ cwd: dir, env: {} }).versionLocations).toEqual(expected.map((p) => join(dir, p)));
  });

  test.each([
    ["transaction_per_migration = maybe", "true or false"],
    ["lock_timeout = soon", "number of seconds"],
    ["table_lock_timeout = -1", "number of seconds"],
    ["truncate_slug_length = -3", "whole number"],
    ["timezone = Mars/Olympus", "IANA time zone"],
    ["version_path_separator = pipe\nversion_locations = a|b", 'is an unknown path separator "pipe"'],
  ])("%s is a ConfigError", (line, message) => {
    write("migrator.ini", `[migrator]\n${line}\n`);
    const e = errorOf(() => loadConfig({ cwd: dir, env: {} }));
    expect(e.message).toContain(message);
    expect(e.message).toContain(`(${join(dir, "migrator.ini")}:2)`);
  });

  test.each([
    ["true", true], ["yes", true], ["1", true], ["on", true],
    ["False", false], ["no", false], ["0", false], ["off", false],
  ])("transaction_per_migration = %s", (value, expected) => {
    write("migrator.ini", `[migrator]\ntransaction_per_migration = ${value}\n`);
    expect(loadConfig({ cwd: dir, env: {} }).transactionPerMigration).toBe(expected);
  });
});

describe("loadConfig: url", () => {
  const env = { DATABASE_URL: "postgresql://env@h/db" };

  test("--url, then url, then sqlalchemy.url, then DATABASE_URL", () => {
    write("a.ini", "[migrator]\nurl = mysql://u@a/db\nsqlalchemy.url = mysql://u@b/db\n");
    write("b.ini", "[migrator]\nsqlalchemy.url = mysql://u@b/db\n");
    write("c.ini", "[migrator]\n");
    expect(loadConfig({ cwd: dir, env, configPath: "a.ini", url: "sqlite://" }).url).toBe("sqlite://");
    expect(loadConfig({ cwd: dir, env, configPath: "a.ini" }).url).toBe("mysql://u@a/db");
    expect(loadConfig({ cwd: dir, env, configPath: "b.ini" }).url).toBe("mysql://u@b/db");
    expect(loadConfig({ cwd: dir, env, configPath: "c.ini" }).url).toBe("postgresql://env@h/db");
  });

  test("a password with # ; % @ : survives the file and the URL parser", () => {
    write("migrator.ini", "[migrator]\nurl = postgresql://user:p#a;s%%s@w:rd@db:5432/app\n");
    const { url } = loadConfig({ cwd: dir, env: {} });
    expect(parseDatabaseUrl(url!)).toMatchObject({ user: "user", password: "p#a;s%s@w:rd", host: "db", port: 5432, database: "app" });
  });

  test("env references and fallbacks; a %(here)s SQLite path", () => {
    write("migrator.ini", "[migrator]\nurl = postgresql://app:${DB_PASSWORD}@${DB_HOST:-localhost}/app\n[local]\nurl = ${LOCAL_URL:-sqlite:///%(here)s/dev.db}\n");
    const pw = "p#a;s%s@w:rd";
    const url = loadConfig({ cwd: dir, env: { DB_PASSWORD: pw } }).url!;
    expect(parseDatabaseUrl(url)).toMatchObject({ password: pw, host: "localhost" });
    const local = loadConfig({ cwd: dir, env: {}, section: "local" }).url!;
    expect(parseDatabaseUrl(local).path).toBe(join(dir, "dev.db"));
  });

  test("an unset variable inside the url is an error, unless --url is given", () => {
    write("migrator.ini", "[migrator]\nurl = postgresql://app:${DB_PASSWORD}@h/app\n");
    expect(errorOf(() => loadConfig({ cwd: dir, env: {} })).message).toContain('"DB_PASSWORD" is not set');
    expect(loadConfig({ cwd: dir, env: {}, url: "sqlite://" }).url).toBe("sqlite://");
  });

  test("url = ${DATABASE_URL} with nothing set means no url, so offline commands still work", () => {
    write("migrator.ini", "[migrator]\nurl = ${DATABASE_URL}\n");
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.url).toBeNull();
    expect(config.options.url).toBeUndefined();
    expect(loadConfig({ cwd: dir, env }).url).toBe("postgresql://env@h/db");
  });

  test("an unset variable elsewhere in the section is an error", () => {
    write("migrator.ini", "[migrator]\nversion_table = ${TABLE}\n");
    expect(errorOf(() => loadConfig({ cwd: dir, env: {} })).message).toContain('"TABLE" is not set');
  });

  test("Alembic's placeholder url is ignored", () => {
    write("migrator.ini", "[migrator]\nsqlalchemy.url = driver://user:pass@localhost/dbname\n");
    expect(loadConfig({ cwd: dir, env }).url).toBe("postgresql://env@h/db");
  });
});
