/**
 * MySQL: columns added or dropped together with generated columns that use them. MariaDB refuses to drop a
 * column a generated column uses, or to add one naming a column not there yet ("Unknown column in
 * GENERATED ALWAYS AS"), which left the revision half applied: each revision upgrades, leaves no
 * difference online or offline, downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true, autoincrement: true };
// Names sort the generated columns first: the order must come from what they use.
const priced = [
  { name: "a_vat", type: "decimal(10,2)", generated: { sql: "z_price * 0.2", stored: false } },
  { name: "b_total", type: "decimal(10,2)", generated: { sql: "z_price * 1.2", stored: true } },
  { name: "z_price", type: "decimal(10,2)" },
];

describe("MySQL: generated columns added and dropped with the columns they use", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-generated-order-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  test("added, then dropped; each revision upgrades, settles and downgrades", async () => {
    let n = 0;
    for (const columns of [[id], [id, ...priced], [id]]) {
      const path = writeSchema({ tables: [table("docs", columns)] });
      await autogenerate({ config, schema: path, message: `step ${++n}`, revId: `o${n}` });
      await upgrade({ config, revision: "head" });
      expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
      expect((await diffSchema({ config, schema: path, offline: true })).changes).toEqual([]);
      if (n > 1) {
        await downgrade({ config, revision: "-1" });
        await upgrade({ config, revision: "head" });
        expect((await diffSchema({ config, schema: path })).changes).toEqual([]);
      }
    }
  }, 120_000);
});
