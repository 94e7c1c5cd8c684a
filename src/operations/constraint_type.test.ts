import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { upgrade } from "../commands/migrate.ts";
import { OperationArgumentError, MigrationFailedError } from "../errors.ts";
import { DATABASES, type TestDatabase } from "../../tests/backend/databases.ts";
import { removeDir, tempDir, testConfig, writeProject } from "../../tests/project.ts";

import { batchBuilder } from "./batch.ts";
import { constraintType } from "./constraint_type.ts";

test("Alembic's spellings are accepted, anything else is an OperationArgumentError naming the accepted ones", () => {
  expect(constraintType("foreignkey", "x")).toBe("foreign");
  expect(constraintType("foreign", "x")).toBe("foreign");
  expect(constraintType("primary", "x")).toBe("primary");
  expect(constraintType("unique", "x")).toBe("unique");
  expect(constraintType("check", "x")).toBe("check");
  expect(constraintType(undefined, "x")).toBeUndefined();
  expect(() => constraintType("fk", 'dropConstraint("c")')).toThrow(
    new OperationArgumentError('dropConstraint("c"): unknown constraint type "fk"; use one of "primary", "foreign", "foreignkey", "unique", "check"'),
  );
});

test("batch.dropConstraint takes the same spellings", () => {
  const { batch, ops } = batchBuilder({ name: "c" });
  batch.dropConstraint("fk_c", { type: "foreignkey" });
  expect(ops).toEqual([{ kind: "dropConstraint", name: "fk_c", table: { name: "c" }, type: "foreign" }]);
  expect(() => batch.dropConstraint("fk_c", { type: "fk" as never })).toThrow(OperationArgumentError);
});

describe("on MariaDB", () => {
  let db: TestDatabase;
  const dirs: string[] = [];
  beforeAll(async () => void (db = await DATABASES["mysql"]!()), 60_000);
  afterAll(async () => {
    await db.drop();
    dirs.forEach(removeDir);
  });

  const run = (up: string) => {
    const dir = tempDir("migrator-constraint-");
    dirs.push(dir);
    // The second project carries the first's revision (already applied) below its own, with an empty body:
    // a changed file, which the checksum check would refuse.
    const ids = Array.from({ length: dirs.length }, (_, i) => `c${i + 1}`);
    writeProject(dir, ids.map((id, i) => ({ id, down: i === 0 ? null : ids[i - 1]!, up: i === ids.length - 1 ? up : "" })));
    return upgrade({ config: testConfig(dir, db.url), revision: "head", allowChanged: true });
  };

  test('dropConstraint(name, table, { type: "foreignkey" }) drops the foreign key', async () => {
    await run(`await op.execute("CREATE TABLE p (id INT PRIMARY KEY)");
      await op.execute("CREATE TABLE c (pid INT, CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES p (id))");
      await op.dropConstraint("fk_c", "c", { type: "foreignkey" });`);
    const { default: mysql } = await import("mysql2/promise");
    const conn = await mysql.createConnection(db.url);
    const [rows] = await conn.query("SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'c' AND CONSTRAINT_TYPE = 'FOREIGN KEY'");
    await conn.end();
    expect(rows).toEqual([]);
  });

  test("an unknown type fails the revision with the accepted spellings, and sends nothing", async () => {
    const error = await run(`await op.dropConstraint("fk_c", "c", { type: "fk" as never });`).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toContain('dropConstraint("fk_c"): unknown constraint type "fk"; use one of "primary", "foreign", "foreignkey", "unique", "check"');
  });
});
