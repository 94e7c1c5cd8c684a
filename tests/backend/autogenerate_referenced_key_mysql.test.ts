/**
 * MySQL: the primary key of a table that foreign keys reference moves to another column (an AUTO_INCREMENT
 * id keeps a unique key, a uuid becomes the key). MariaDB refuses DROP PRIMARY KEY while a foreign key
 * references its columns and no other index has them first (errno 150), and while the id counts: the
 * keys go around the change and the id stops counting meanwhile. The revision upgrades with rows, leaves
 * no difference online or offline, downgrades and upgrades again.
 */
import { describe, expect, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerate, diffSchema } from "../../src/commands/autogenerate.ts";
import { downgrade, upgrade } from "../../src/commands/migrate.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { schemaWriter } from "../project.ts";
import { DATABASES, freshProject } from "./databases.ts";

function schema(uuidKey: boolean) {
  return {
    tables: [
      table("users", [
        uuidKey ? { name: "id", type: "bigint unsigned", nullable: false, autoincrement: true, unique: true } : { name: "id", type: "bigint unsigned", primaryKey: true, autoincrement: true },
        uuidKey ? { name: "uuid", type: "char(36)", primaryKey: true, default: { sql: "uuid()" } } : { name: "uuid", type: "char(36)", nullable: false, default: { sql: "uuid()" } },
      ]),
      table("posts", [
        { name: "id", type: "bigint unsigned", primaryKey: true, autoincrement: true },
        { name: "user_id", type: "bigint unsigned", references: "users.id" },
      ]),
    ],
  };
}

describe("MySQL: a referenced primary key moved to another column", () => {
  let dir: string;
  let config: Config;
  const writeSchema = schemaWriter(() => dir);
  freshProject("migrator-referenced-key-mysql-", DATABASES["mysql"]!, (p) => ({ dir, config } = p));

  test("upgrades with rows, settles, downgrades, upgrades", async () => {
    const first = writeSchema(schema(false));
    await autogenerate({ config, schema: first, message: "users", revId: "p1" });
    await upgrade({ config, revision: "head" });
    const session = await openSession(config);
    try {
      await session.conn.execute("INSERT INTO users () VALUES (), ()");
      await session.conn.execute("INSERT INTO posts (user_id) VALUES (1), (2)");
    } finally {
      await session.conn.close();
    }

    const second = writeSchema(schema(true));
    await autogenerate({ config, schema: second, message: "uuid key", revId: "p2" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
    expect((await diffSchema({ config, schema: second, offline: true })).changes).toEqual([]);
    await downgrade({ config, revision: "-1" });
    await upgrade({ config, revision: "head" });
    expect((await diffSchema({ config, schema: second })).changes).toEqual([]);
  }, 120_000);
});
