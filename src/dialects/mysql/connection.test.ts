import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../../config/url.ts";
import { ConfigError } from "../../errors.ts";
import { bindParams } from "./connection.ts";
import { mysqlOptions } from "./options.ts";
import { removeScratchDirs, scratchDir } from "../../testing/scratch.ts";

afterAll(removeScratchDirs);

const options = (url: string) => mysqlOptions(parseDatabaseUrl(url), { timeoutMs: 7000 });

describe("mysqlOptions", () => {
  test("built from the URL fields, so that any password works", () => {
    expect(options("mariadb://app:p%40ss%23w%2Frd@db.example:3307/shop")).toEqual({
      host: "db.example",
      port: 3307,
      user: "app",
      password: "p@ss#w/rd",
      database: "shop",
      charset: "utf8mb4",
      connectTimeout: 7000,
      multipleStatements: true,
      timezone: "Z",
      supportBigNumbers: true,
      enableKeepAlive: true,
      keepAliveInitialDelay: 60_000,
    });
    // TCP keepalive after network_timeout of silence when it is shorter than 60 s.
    expect(mysqlOptions(parseDatabaseUrl("mysql://root@h/app"), { timeoutMs: 1, networkTimeoutMs: 3000 }).keepAliveInitialDelay).toBe(3000);
  });

  test("socket, connect_timeout, and a database is required", () => {
    expect(options("mysql://root@localhost/app?socket=/run/mysqld/mysqld.sock&connect_timeout=3")).toMatchObject({
      socketPath: "/run/mysqld/mysqld.sock",
      connectTimeout: 3000,
    });
    expect(() => options("mysql://root@localhost")).toThrow(ConfigError);
    expect(() => options("mysql://root@localhost")).toThrow(/names no database/);
  });

  test("ssl modes", () => {
    const dir = scratchDir("migrator-ssl-");
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "CA PEM");
    expect(options("mysql://h/d").ssl).toBeUndefined();
    expect(options("mysql://h/d?ssl-mode=DISABLED").ssl).toBeUndefined();
    expect(options("mysql://h/d?ssl-mode=REQUIRED").ssl).toEqual({ rejectUnauthorized: false, verifyIdentity: false });
    expect(options("mysql://h/d?ssl=true").ssl).toEqual({ rejectUnauthorized: false, verifyIdentity: false });
    expect(options(`mysql://h/d?sslmode=require&ssl-ca=${ca}`).ssl).toEqual({ ca: "CA PEM", rejectUnauthorized: true, verifyIdentity: false });
    expect(options(`mysql://h/d?ssl-mode=VERIFY_CA&ssl-ca=${ca}`).ssl).toEqual({ ca: "CA PEM", rejectUnauthorized: true, verifyIdentity: false });
    expect(options("mysql://h/d?ssl-mode=verify_identity").ssl).toEqual({ rejectUnauthorized: true, verifyIdentity: true });
    expect(() => options("mysql://h/d?ssl-mode=sometimes")).toThrow(/Unknown ssl-mode "sometimes"/);
    expect(() => options("mysql://h/d?ssl-mode=required&ssl-ca=/no/such.pem")).toThrow(/Cannot read the ssl-ca file "\/no\/such.pem"/);
  });
});

describe("bindParams", () => {
  const lit = (v: unknown) => (v === null ? "NULL" : `'${String(v)}'`);
  test("replaces placeholders outside quotes and comments only", () => {
    expect(bindParams("SELECT ?, '?', \"?\", `?` /* ? */, ? -- ?", [1, 2], lit)).toBe("SELECT '1', '?', \"?\", `?` /* ? */, '2' -- ?");
    expect(bindParams("SELECT '?'", undefined, lit)).toBe("SELECT '?'");
  });

  test("counts must match", () => {
    expect(() => bindParams("SELECT ?, ?", [1], lit)).toThrow(/2 placeholder\(s\) but 1 parameter\(s\)/);
  });
});
