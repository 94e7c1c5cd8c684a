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
import { autogenerate } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { type AutogenerateProject, autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const schema = (autoincrement: boolean) => ({
  tables: [table("counters", [{ name: "id", type: "integer", primaryKey: true, ...(autoincrement ? { autoincrement } : {}) }, { name: "label", type: "varchar(20)" }])],
});

async function ids(p: AutogenerateProject): Promise<number[]> {
  return (await p.query("SELECT id FROM counters ORDER BY id")).map((r) => Number(r["id"]));
}

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`numbering turned on for a key column with rows: ${name}`, () => {
    const p = autogenerateProject(`migrator-identity-${name}-`, create);

    test("the next row gets a key after the largest; no difference online or offline; downgrade, upgrade", async () => {
      await p.revise(schema(false), "counters", "i1");
      await p.sql("INSERT INTO counters (id, label) VALUES (1, 'a'), (2, 'b'), (7, 'c')");

      const second = await p.revise(schema(true), "numbered", "i2");
      await p.sql("INSERT INTO counters (label) VALUES ('d')");
      expect(await ids(p)).toEqual([1, 2, 7, 8]);
      await p.expectNoDifference(second);
      await downgrade({ config: p.config, revision: "-1" });
      await upgrade({ config: p.config, revision: "head" });
      await p.sql("INSERT INTO counters (label) VALUES ('e')");
      expect(await ids(p)).toEqual([1, 2, 7, 8, 9]);
      expect(await p.changes(second)).toEqual([]);
    }, 120_000);
  });
}

async function sequenceType(p: AutogenerateProject): Promise<string> {
  const rows = await p.query("SELECT format_type(seqtypid, NULL) AS t FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('legacy', 'id')::regclass");
  return String(rows[0]?.["t"]);
}

describe("serial columns made by another tool: postgres", () => {
  const p = autogenerateProject("migrator-serial-postgres-", DATABASES["postgres"]!);

  const legacy = (idType: string, numbered: boolean) => ({
    tables: [table("legacy", [
      { name: "id", type: idType, primaryKey: true, autoincrement: true },
      { name: "n", type: "bigint", nullable: false, ...(numbered ? { autoincrement: true } : {}) },
      { name: "label", type: "text" },
    ])],
  });

  test("serial → bigint (its sequence too) and bigserial no longer numbered: upgrade, no difference, downgrade, rows still numbered", async () => {
    await p.sql("CREATE TABLE legacy (id serial PRIMARY KEY, n bigserial, label text)", "INSERT INTO legacy (label) VALUES ('a'), ('b')");
    const first = p.writeSchema(legacy("integer", true));
    expect(await p.changes(first)).toEqual([]);
    await autogenerate({ config: p.config, schema: first, message: "baseline", revId: "s1", allowEmpty: true });
    await upgrade({ config: p.config, revision: "head" });

    const second = await p.revise(legacy("bigint", false), "bigint", "s2");
    expect(await p.changes(second)).toEqual([]);
    // The serial's sequence is a bigint one too, or the column would still stop at 2^31 - 1.
    expect(await sequenceType(p)).toBe("bigint");
    await p.sql("INSERT INTO legacy (n, label) VALUES (10, 'c')");
    await downgrade({ config: p.config, revision: "-1" });
    expect(await sequenceType(p)).toBe("integer");
    await p.sql("INSERT INTO legacy (label) VALUES ('d')");
    await upgrade({ config: p.config, revision: "head" });
    expect(await p.changes(second)).toEqual([]);
  }, 120_000);
});
