import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, UsageError } from "../errors.ts";
import { loadConfig } from "./load.ts";
import { loadConfigs } from "./load_all.ts";

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "migrator-configs-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MULTIDB = "[migrator]\ndatabases = primary, analytics\n\n[primary]\nurl = ${PRIMARY}\n\n[analytics]\nurl = ${ANALYTICS}\n";

describe("loadConfigs", () => {
  test("one config for a single database, or for the section named", () => {
    expect(loadConfigs({ cwd: dir, env: { DATABASE_URL: "sqlite:///a.db" } }).map((c) => c.url)).toEqual(["sqlite:///a.db"]);
    writeFileSync(join(dir, "migrator.ini"), MULTIDB);
    const env = { PRIMARY: "sqlite:///p.db", ANALYTICS: "sqlite:///a.db" };
    expect(loadConfigs({ cwd: dir, env, section: "analytics" }).map((c) => c.section)).toEqual(["analytics"]);
  });

  test("a multidb section: one config per database, in order", () => {
    writeFileSync(join(dir, "migrator.ini"), MULTIDB);
    const configs = loadConfigs({ cwd: dir, env: { PRIMARY: "sqlite:///p.db", ANALYTICS: "sqlite:///a.db" }, lockTimeoutMs: 5000 });
    expect(configs.map((c) => [c.section, c.url, c.lockTimeoutMs])).toEqual([
      ["primary", "sqlite:///p.db", 5000],
      ["analytics", "sqlite:///a.db", 5000],
    ]);
  });

  test("two databases on one URL, or one url for several, are refused", () => {
    writeFileSync(join(dir, "migrator.ini"), MULTIDB);
    expect(() => loadConfigs({ cwd: dir, env: { PRIMARY: "sqlite:///x.db", ANALYTICS: "sqlite:///x.db" } })).toThrow(ConfigError);
    expect(() => loadConfigs({ cwd: dir, env: {}, url: "sqlite:///x.db" })).toThrow(UsageError);
  });
});

describe("loadConfig: flags win over the file", () => {
  test("timeouts and --wait", () => {
    writeFileSync(join(dir, "migrator.ini"), "[migrator]\nlock_timeout = 7\nconnect_timeout = 3\nwait_timeout = 20\n");
    const base = loadConfig({ cwd: dir, env: {} });
    expect([base.lockTimeoutMs, base.connectTimeoutMs, base.waitMs]).toEqual([7000, 3000, 20_000]);
    const flags = loadConfig({ cwd: dir, env: {}, lockTimeoutMs: 1000, connectTimeoutMs: 2000, waitMs: 500 });
    expect([flags.lockTimeoutMs, flags.connectTimeoutMs, flags.connectTimeoutFrom, flags.waitMs]).toEqual([1000, 2000, "--connect-timeout", 500]);
    expect(loadConfig({ cwd: dir, env: {}, wait: true }).waitMs).toBe(20_000);
    writeFileSync(join(dir, "migrator.ini"), "[migrator]\nnetwork_timeout = 5\n");
    const network = loadConfig({ cwd: dir, env: {} });
    expect([network.networkTimeoutMs, network.networkTimeoutFrom]).toEqual([5000, `"network_timeout" in [migrator] (${join(dir, "migrator.ini")}:2)`]);
    expect(loadConfig({ cwd: dir, env: {}, networkTimeoutMs: 0 })).toMatchObject({ networkTimeoutMs: 0, networkTimeoutFrom: "--network-timeout" });
    rmSync(join(dir, "migrator.ini"));
    expect(loadConfig({ cwd: dir, env: {} }).networkTimeoutMs).toBe(60_000);
    expect(loadConfig({ cwd: dir, env: {}, wait: true }).waitMs).toBe(60_000);
    expect(loadConfig({ cwd: dir, env: {} }).waitMs).toBe(0);
  });
});

describe("loadConfig: .env", () => {
  test("read for DATABASE_URL and the config's variables; the environment wins; --env-file, --no-env-file", () => {
    writeFileSync(join(dir, ".env"), "DATABASE_URL=sqlite:///dotenv.db\nSCHEMA_DIR=db\n");
    expect(loadConfig({ cwd: dir, env: {} }).url).toBe("sqlite:///dotenv.db");
    expect(loadConfig({ cwd: dir, env: { DATABASE_URL: "sqlite:///env.db" } }).url).toBe("sqlite:///env.db");
    expect(loadConfig({ cwd: dir, env: {}, envFile: false }).url).toBeNull();
    writeFileSync(join(dir, "migrator.ini"), "[migrator]\nscript_location = ${SCHEMA_DIR}\n");
    expect(loadConfig({ cwd: dir, env: {} }).scriptLocation).toBe(join(dir, "db"));
    writeFileSync(join(dir, "prod.env"), "SCHEMA_DIR=prod\n");
    expect(loadConfig({ cwd: dir, env: {}, envFile: "prod.env" }).scriptLocation).toBe(join(dir, "prod"));
    expect(() => loadConfig({ cwd: dir, env: {}, envFile: "missing.env" })).toThrow(ConfigError);
  });
});
