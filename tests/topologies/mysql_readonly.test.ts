/**
 * A read-only MariaDB (read_only = ON on a mariadbd of our own, on a loopback port: never the shared
 * server): `upgrade` and `stamp` fail at once, naming the host, before any lock; read commands work. The
 * server's own refusal is checked too, with a user without SUPER (READ ONLY ADMIN), which read_only
 * binds; migrator refuses root as well, since read_only marks a replica.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ensureBinary } from "../binary.ts";
import { removeDir, tempDir, writeProject } from "../project.ts";
import { mariadbSql, startMariadb } from "./galera.ts";

let server: Awaited<ReturnType<typeof startMariadb>>;
let dir: string;

function migrator(args: string[], url: string) {
  const r = Bun.spawnSync([ensureBinary(), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: url } });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

beforeAll(async () => {
  ensureBinary();
  dir = tempDir("migrator-mysql-readonly-");
  writeProject(dir, [
    { id: "a1", down: null },
    { id: "a2", down: "a1" },
  ]);
  server = await startMariadb();
  mariadbSql(server.port, "CREATE DATABASE app; CREATE USER 'app'@'%'; GRANT ALL ON app.* TO 'app'@'%'");
}, 90_000);

afterAll(async () => {
  await server?.stop();
  removeDir(dir);
}, 30_000);

test("a MariaDB with read_only = ON: upgrade and stamp fail at once naming the host; current and history work", () => {
  const root = server.url("app");
  const app = `mysql://app@127.0.0.1:${server.port}/app`;
  expect(migrator(["upgrade", "a1"], app).code).toBe(0);
  mariadbSql(server.port, "SET GLOBAL read_only = ON");
  // The server refuses the user's writes itself: what migrator checks for is real.
  const write = Bun.spawnSync(["mariadb", "-h127.0.0.1", `-P${server.port}`, "-uapp", "app", "-e", "CREATE TABLE x (id INT PRIMARY KEY)"]);
  expect(write.exitCode).not.toBe(0);
  expect(write.stderr.toString()).toContain("--read-only");
  for (const url of [app, root]) {
    const started = Date.now();
    const up = migrator(["upgrade", "head", "--lock-timeout", "30"], url);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(up.code).toBe(1);
    expect(up.stderr).toBe(
      `error: This server is read-only (a replica?): MariaDB at 127.0.0.1:${server.port} has read_only = ON; point the URL at the primary (read commands such as current and history work here)\n`,
    );
    const stamp = migrator(["stamp", "head"], url);
    expect(stamp.code).toBe(1);
    expect(stamp.stderr).toContain("read-only (a replica?)");
    const current = migrator(["current"], url);
    expect(current.stderr).toBe("");
    expect(current.code).toBe(0);
    expect(current.stdout).toContain("a1");
    expect(migrator(["history"], url).code).toBe(0);
  }
  expect(mariadbSql(server.port, "SELECT version_num FROM migrator_version", "app")).toBe("a1");
  mariadbSql(server.port, "SET GLOBAL read_only = OFF");
  expect(migrator(["upgrade", "head"], app).code).toBe(0);
}, 60_000);
