/**
 * Numbering turned on for a key column of a table that has rows (`autoincrement: true` added to the
 * declaration): the revision upgrades, the next row without a key gets one after the rows' largest (on
 * PostgreSQL an identity's sequence starts at 1, which repeated a key), no difference is left online or
 * offline, and the revision downgrades and upgrades again. On PostgreSQL, serial columns made by another
 * tool: a type change (the sequence's too) and numbering turned off leave no difference, and the revision
 * downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

const schema = (autoincrement: boolean) => ({
  tables: [table("counters", [{ name: "id", type: "integer", primaryKey: true, ...(autoincrement ? { autoincrement } : {}) }, { name: "label", type: "varchar(20)" }])],
});

async function run(config: Config, sql: string): Promise<void> {
  const session = await openSession(config);
  try {
    await session.conn.execute(sql);
  } finally {
    await session.conn.close();
  }
}

async function ids(config: Config): Promise<number[]> {
  const session = await openSession(config);
  try {
    const rows = await session.conn.query("SELECT id FROM counters ORDER BY id");
    return rows.map((r) => Number(r["id"]));
  } finally {
    await session.conn.close();
  }
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`numbering turned on for a key column with rows: ${name}`, () => {
    let dir: string;
    let config: Config;
    const writeSchema = schemaWriter(() => dir);
    freshProject(`migrator-identity-${name}-`, create, (p) => ({ dir, config } = p));

    test("the next row gets a key after the largest; no difference online or offline; downgrade, upgrade", async () => {
      const first = writeSchema(schema(false));
      await autogenerate({ config, schema: first, message: "counters", revId: "i1" });
      await upgrade({ config, revision: "head" });
      await run(config, "INSERT INTO counters (id, label) VALUES (1, 'a'), (2, 'b'), (7, 'c')");

      const second = writeSchema(schema(true));
      await autogenerate({ config, schema: second, message: "numbered", revId: "i2" });
      await upgrade({ config, revision: "head" });
      await run(config, "INSERT INTO counters (label) VALUES ('d')");
      expect(await ids(config)).toEqual([1, 2, 7, 8]);
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
      await downgrade({ config, revision: "-1" });
      await upgrade({ config, revision: "head" });
      await run(config, "INSERT INTO counters (label) VALUES ('e')");
      expect(await ids(config)).toEqual([1, 2, 7, 8, 9]);
      expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    }, 120_000);
  });
}

async function sequenceType(config: Config): Promise<string> {
  const session = await openSession(config);
  try {
    const rows = await session.conn.query("SELECT format_type(seqtypid, NULL) AS t FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('legacy', 'id')::regclass");
    return String(rows[0]?.["t"]);
  } finally {
    await session.conn.close();
  }
}

describe("serial columns made by another tool: postgres", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-serial-postgres-", DATABASES["postgres"]!, (p) => ({ dir, config } = p));

  const legacy = (idType: string, numbered: boolean) => ({
    tables: [table("legacy", [
      { name: "id", type: idType, primaryKey: true, autoincrement: true },
      { name: "n", type: "bigint", nullable: false, ...(numbered ? { autoincrement: true } : {}) },
      { name: "label", type: "text" },
    ])],
  });

  test("serial → bigint (its sequence too) and bigserial no longer numbered: upgrade, no difference, downgrade, rows still numbered", async () => {
    await run(config, "CREATE TABLE legacy (id serial PRIMARY KEY, n bigserial, label text)");
    await run(config, "INSERT INTO legacy (label) VALUES ('a'), ('b')");
    const first = writeSchema(legacy("integer", true));
    expect((await diffSchema({ config, schema: first })).changes).toEqual([]);
    await autogenerate({ config, schema: first, message: "baseline", revId: "s1", allowEmpty: true });
    await upgrade({ config, revision: "head" });

    const second = writeSchema(legacy("bigint", false));
    await autogenerate({ config, schema: second, message: "bigint", revId: "s2" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes.map((c) => c.op)).toEqual([]);
    // The serial's sequence is a bigint one too, or the column would still stop at 2^31 - 1.
    expect(await sequenceType(config)).toBe("bigint");
    await run(config, "INSERT INTO legacy (n, label) VALUES (10, 'c')");
    await downgrade({ config, revision: "-1" });
    expect(await sequenceType(config)).toBe("integer");
    await run(config, "INSERT INTO legacy (label) VALUES ('d')");
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes.map((c) => c.op)).toEqual([]);
  }, 120_000);
});
