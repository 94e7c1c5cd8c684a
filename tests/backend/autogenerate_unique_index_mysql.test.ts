/**
 * MySQL: a unique index and a unique constraint are one object (UNIQUE KEY). A unique index declared,
 * changed, declared as a constraint instead, and dropped: after each autogenerate and upgrade, no
 * difference online nor offline (the history replayed has what the schema declares), and downgrades.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true, autoincrement: true };
const name = { name: "name", type: "varchar(20)" };

function schema(sku: object, indexes: object[]) {
  return { tables: [table("items", [id, { name: "sku", type: "varchar(20)", nullable: false, ...sku }, name], { indexes: indexes as never })] };
}

describe("MySQL: unique indexes and unique constraints", () => {
  const p = autogenerateProject("migrator-unique-index-mysql-", DATABASES["mysql"]!);
  let n = 0;

  /** Autogenerate and upgrade when check finds a difference; then clean online and offline. */
  const converge = async (def: object): Promise<string[]> => {
    const path = p.writeSchema(def);
    const found = (await p.changes(path)).map((op) => op.kind);
    if (found.length > 0) await p.revise(path, `step ${++n}`, `q${n}`);
    expect(await p.changes(path)).toEqual([]);
    const offline = await diffSchema({ config: p.config, schema: path, offline: true });
    expect(offline.changes).toEqual([]);
    expect(offline.warnings).toEqual([]);
    return found;
  };

  test("each step converges online and offline", async () => {
    expect(await converge(schema({}, [{ columns: ["sku"], unique: true }]))).toEqual(["createTable", "createIndex"]);
    expect(await converge(schema({}, [{ columns: ["sku", "name"], unique: true }]))).toEqual(["dropConstraint", "createIndex"]);
    // The same key declared as a constraint, then as an index again: one object, no change.
    expect(await converge(schema({}, [{ columns: ["sku", "name"], unique: true }]))).toEqual([]);
    expect(await converge({ tables: [table("items", [id, { name: "sku", type: "varchar(20)", nullable: false }, name], { uniques: [{ columns: ["sku", "name"] }] })] })).toEqual([]);
    expect(await converge(schema({ unique: true }, []))).toEqual(["dropConstraint", "createUniqueConstraint"]);
    expect(await converge(schema({}, [{ columns: ["sku"], unique: true }]))).toEqual([]);
    expect(await converge(schema({}, []))).toEqual(["dropConstraint"]);
    await downgrade({ config: p.config, revision: "-1" });
    await upgrade({ config: p.config, revision: "head" });
    expect(await p.changes(p.writeSchema(schema({}, [])))).toEqual([]);
  }, 120_000);
});
