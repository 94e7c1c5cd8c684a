import { configErrorOf } from "./testing.ts";
import { describe, expect, test } from "bun:test";
import { ConfigError } from "../errors.ts";
import { parseIni } from "./ini.ts";
import { resolveIniSection } from "./ini_section.ts";
import { parseDatabaseUrl } from "./url.ts";

const errorOf = configErrorOf;

describe("parseDatabaseUrl: servers", () => {
  test("a full PostgreSQL URL", () => {
    const raw = "postgresql://app:secret@db.example.com:6543/shop?sslmode=require&application_name=mig";
    expect(parseDatabaseUrl(raw)).toEqual({
      scheme: "postgresql",
      dialect: "postgres",
      host: "db.example.com",
      port: 6543,
      user: "app",
      password: "secret",
      database: "shop",
      params: { sslmode: "require", application_name: "mig" },
      raw,
    });
  });

  test("SQLAlchemy driver suffixes are ignored; aliases map to dialects", () => {
    expect(parseDatabaseUrl("postgresql+psycopg2://u@h/d")).toMatchObject({ scheme: "postgresql", dialect: "postgres", user: "u", host: "h", database: "d" });
    expect(parseDatabaseUrl("postgres://h").dialect).toBe("postgres");
    expect(parseDatabaseUrl("mysql+pymysql://u:p@h:3307/d")).toMatchObject({ scheme: "mysql", dialect: "mysql", port: 3307 });
    expect(parseDatabaseUrl("mariadb://u@h/d")).toMatchObject({ scheme: "mariadb", dialect: "mysql" });
    expect(parseDatabaseUrl("MySQL://h/d").dialect).toBe("mysql");
  });

  test("percent-encoded user and password are decoded", () => {
    const url = parseDatabaseUrl("postgresql://us%40er:p%23a%3Bs%25s%40w%3Ard@h/db");
    expect(url.user).toBe("us@er");
    expect(url.password).toBe("p#a;s%s@w:rd");
    expect(url.host).toBe("h");
  });

  test("an unencoded password with # ; % @ : survives", () => {
    const url = parseDatabaseUrl("postgresql://user:p#a;s%s@w:rd@db.example.com:5432/app");
    expect(url).toMatchObject({ user: "user", password: "p#a;s%s@w:rd", host: "db.example.com", port: 5432, database: "app" });
  });

  test("the same password written in an INI file survives INI and URL parsing", () => {
    const ini = parseIni("[migrator]\nurl = postgresql://user:p#a;s%%s@w:rd@db.example.com:5432/app\n", "m.ini");
    const { url } = resolveIniSection(ini, "migrator", { env: {} });
    expect(parseDatabaseUrl(url!).password).toBe("p#a;s%s@w:rd");
    const encoded = parseIni("[migrator]\nurl = postgresql://user:p%%23a%%3Bs%%25s%%40w%%3Ard@h/app\n", "m.ini");
    expect(parseDatabaseUrl(resolveIniSection(encoded, "migrator", { env: {} }).url!).password).toBe("p#a;s%s@w:rd");
  });

  test("an @ in the query string is not taken for the user info", () => {
    const url = parseDatabaseUrl("postgresql://h:5432/db?application_name=a@b");
    expect(url).toMatchObject({ host: "h", port: 5432, database: "db", params: { application_name: "a@b" } });
    expect(url.user).toBeUndefined();
    const both = parseDatabaseUrl("postgresql://u:pw@h/db?application_name=a@b");
    expect(both).toMatchObject({ user: "u", password: "pw", host: "h", database: "db" });
    expect(parseDatabaseUrl("postgresql://u:pa?ss@h/db")).toMatchObject({ password: "pa?ss", host: "h" });
  });

  test("empty password, no user, IPv6 host, encoded socket host", () => {
    expect(parseDatabaseUrl("postgresql://u:@h/d").password).toBe("");
    expect(parseDatabaseUrl("postgresql://:pw@h/d")).toMatchObject({ password: "pw", host: "h" });
    expect(parseDatabaseUrl("postgresql://:pw@h/d").user).toBeUndefined();
    expect(parseDatabaseUrl("postgresql://[::1]:5433/d")).toMatchObject({ host: "::1", port: 5433 });
    expect(parseDatabaseUrl("postgresql://%2Fvar%2Frun/d").host).toBe("/var/run");
  });

  test("libSQL servers", () => {
    expect(parseDatabaseUrl("libsql://my-db.turso.io?authToken=abc")).toMatchObject({
      scheme: "libsql",
      dialect: "libsql",
      host: "my-db.turso.io",
      params: { authToken: "abc" },
    });
    expect(parseDatabaseUrl("https://my-db.turso.io")).toMatchObject({ scheme: "https", dialect: "libsql" });
    expect(parseDatabaseUrl("http://127.0.0.1:8080")).toMatchObject({ scheme: "http", port: 8080 });
  });
});

describe("parseDatabaseUrl: SQLite", () => {
  test.each([
    ["sqlite:///relative.db", "relative.db"],
    ["sqlite:///dir/relative.db", "dir/relative.db"],
    ["sqlite:////abs/path.db", "/abs/path.db"],
    ["sqlite+pysqlite:////abs/path.db", "/abs/path.db"],
    ["sqlite://", ":memory:"],
    ["sqlite::memory:", ":memory:"],
    ["sqlite://:memory:", ":memory:"],
    ["sqlite:///:memory:", ":memory:"],
    ["sqlite:app.db", "app.db"],
    ["file:foo.db", "foo.db"],
    ["file:/abs/foo.db", "/abs/foo.db"],
    ["file:///abs/foo.db", "/abs/foo.db"],
    ["file:///abs/my%20db.db", "/abs/my db.db"],
    ["sqlite:////tmp/a@b:c.db", "/tmp/a@b:c.db"],
  ])("%s is %s", (raw, path) => {
    const url = parseDatabaseUrl(raw);
    expect(url.dialect).toBe("sqlite");
    expect(url.path).toBe(path);
    expect(url.host).toBeUndefined();
  });

  test("query parameters are kept apart from the path", () => {
    expect(parseDatabaseUrl("sqlite:///app.db?mode=ro")).toMatchObject({ path: "app.db", params: { mode: "ro" } });
  });

  test("a host-like SQLite URL is an error, not a silent in-memory database", () => {
    expect(errorOf(() => parseDatabaseUrl("sqlite://relative.db")).message).toContain("sqlite:///relative.db");
    expect(() => parseDatabaseUrl("file://remote/x.db")).toThrow(ConfigError);
    expect(() => parseDatabaseUrl("sqlite:")).toThrow(ConfigError);
  });

  test("sqlite:/app.db (one slash) is refused with the accepted forms; file:/abs/app.db is RFC 8089's absolute path", () => {
    expect(errorOf(() => parseDatabaseUrl("sqlite:/app.db")).message).toBe(
      'SQLite URL sqlite:/app.db has one slash after "sqlite:" (neither a relative nor an absolute form): write sqlite:///relative.db (in the working folder), sqlite:////absolute/path.db, file:relative.db or sqlite::memory:',
    );
    expect(parseDatabaseUrl("file:/abs/app.db").path).toBe("/abs/app.db");
  });
});

describe("parseDatabaseUrl: errors never show the password", () => {
  test("an unknown scheme lists the supported ones", () => {
    const e = errorOf(() => parseDatabaseUrl("oracle://scott:tiger@h/db"));
    expect(e.message).toContain('scheme "oracle"');
    expect(e.message).toContain("postgresql, postgres, mysql, mariadb, sqlite, file, libsql, https, http");
    expect(e.message).toContain("oracle://scott:***@h/db");
    expect(e.message).not.toContain("tiger");
  });

  test("no scheme", () => {
    const e = errorOf(() => parseDatabaseUrl("scott:tiger@localhost/db"));
    expect(e.message).not.toContain("tiger");
    expect(errorOf(() => parseDatabaseUrl("localhost/db")).message).toContain("has no scheme");
  });

  test("a bad port, also when the password was misread as one", () => {
    expect(errorOf(() => parseDatabaseUrl("postgresql://h:99999/db")).message).toContain("invalid port");
    const e = errorOf(() => parseDatabaseUrl("postgresql://u:pa/ss?x@h/db"));
    expect(e.message).toContain("percent-encode");
    expect(e.message).not.toContain("pa/ss");
  });

  test("a server URL without //", () => {
    const e = errorOf(() => parseDatabaseUrl("postgresql:u:secret@h"));
    expect(e.message).toContain("postgresql://user:password@host:port/database");
    expect(e.message).not.toContain("secret");
  });
});
