/**
 * A 10-revision history written the way ORM users write theirs (and the way an Alembic history ports):
 * unnamed CHECKs from booleans and non-native enums, unnamed foreign keys, generated columns (one written
 * as a raw type), a data migration that reads rows, a primary key swap, drops of what may not be there,
 * a table renamed and the foreign key that pointed at it re-pointed, a lookup with op.inspect(), and a
 * per-dialect branch asked of the capabilities. Every revision runs online and offline on every dialect.
 */
import type { RevSpec } from "../project.ts";

export const PORT: RevSpec[] = [
  {
    id: "p01",
    down: null,
    message: "users and roles, ORM style",
    up: `await op.createTable("roles", [
    { name: "id", type: "integer", primaryKey: true },
    { name: "name", type: "varchar(50)", nullable: false },
  ]);
  await op.createTable("users", [
    { name: "id", type: "integer", primaryKey: true, autoincrement: true },
    { name: "email", type: "varchar(120)", nullable: false },
    { name: "is_admin", type: "smallint", nullable: false, default: 0, check: "is_admin IN (0, 1)" },
    { name: "status", type: "varchar(8)", nullable: false, default: "active", check: "status IN ('active', 'banned')" },
    { name: "role_id", type: "integer", references: "roles.id" },
  ]);`,
    down_: `await op.dropTable("users");
  await op.dropTable("roles");`,
  },
  {
    id: "p02",
    down: "p01",
    message: "posts with generated columns, comments with an unnamed foreign key",
    up: `await op.createTable("posts", [
    { name: "id", type: "integer", primaryKey: true },
    { name: "user_id", type: "integer", nullable: false, references: { table: "users", column: "id" } },
    { name: "title", type: "varchar(200)", nullable: false },
    { name: "words", type: "integer", nullable: false, default: 0 },
    { name: "chars", type: "integer", nullable: false, default: 0 },
    { name: "total", type: "integer", generated: { sql: "words + chars" } },
    { name: "total_raw", type: { raw: "INTEGER GENERATED ALWAYS AS (words + chars) STORED" } },
  ]);
  await op.createTable("comments", [
    { name: "id", type: "integer", primaryKey: true },
    { name: "post_id", type: "integer", references: "posts.id" },
    { name: "body", type: "text" },
  ]);
  await op.createTable("tags", [
    { name: "id", type: "integer", nullable: false },
    { name: "code", type: "varchar(20)", nullable: false },
  ], { primaryKey: { columns: ["id"] } });`,
    down_: `await op.dropTable("tags");
  await op.dropTable("comments");
  await op.dropTable("posts");`,
  },
  {
    id: "p03",
    down: "p02",
    message: "data migration that reads rows",
    up: `await op.bulkInsert("roles", [{ id: 1, name: "admin" }, { id: 2, name: "member" }]);
  await op.bulkInsert("users", [{ email: "a@x", role_id: 1 }, { email: "b@x", role_id: 2 }]);
  if (op.context.offline) {
    // An offline script cannot read rows: the same change as one set-based statement.
    await op.execute("UPDATE users SET is_admin = 1 WHERE role_id = 1");
  } else {
    const rows = await op.query<{ id: number; role_id: number }>("SELECT id, role_id FROM users ORDER BY id");
    for (const r of rows) if (Number(r.role_id) === 1) await op.execute("UPDATE users SET is_admin = ? WHERE id = ?", [1, r.id]);
  }
  await op.bulkInsert("posts", [{ id: 1, user_id: 1, title: "hello", words: 1, chars: 5 }]);`,
    down_: `await op.execute("DELETE FROM posts");
  await op.execute("DELETE FROM users");
  await op.execute("DELETE FROM roles");`,
  },
  {
    id: "p04",
    down: "p03",
    message: "batch changes that rebuild on SQLite, naming what they must",
    up: `await op.batchAlterTable("users", (batch) => {
    batch.alterColumn("email", { type: "varchar(255)", existingType: "varchar(120)", existingNullable: false });
    batch.addColumn({ name: "nickname", type: "varchar(50)" });
  }, { namingConvention: { ck: "ck_%(table_name)s_%(column_0_name)s", fk: "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s" } });
  await op.batchAlterTable("posts", (batch) => {
    batch.alterColumn("title", { nullable: true, existingType: "varchar(200)", existingNullable: false });
  });`,
    down_: `await op.batchAlterTable("posts", (batch) => {
    batch.alterColumn("title", { nullable: false, existingType: "varchar(200)", existingNullable: true });
  });
  await op.batchAlterTable("users", (batch) => {
    batch.dropColumn("nickname");
    batch.alterColumn("email", { type: "varchar(120)", existingType: "varchar(255)", existingNullable: false });
  });`,
  },
  {
    id: "p05",
    down: "p04",
    message: "primary key swap",
    up: `await op.batchAlterTable("tags", (batch) => {
    batch.dropConstraint({ type: "primary" });
    batch.createPrimaryKey("pk_tags", ["code"]);
  });`,
    down_: `await op.batchAlterTable("tags", (batch) => {
    batch.dropConstraint("pk_tags", { type: "primary" });
    batch.createPrimaryKey("pk_tags_id", ["id"]);
  });`,
  },
  {
    id: "p06",
    down: "p05",
    message: "drop what may be there",
    up: `await op.dropIndex("ix_users_legacy", "users", { ifExists: true });
  await op.dropConstraint("ck_users_legacy", "users", { type: "check", ifExists: true });
  await op.dropColumn("users", "legacy", { ifExists: true });
  await op.dropConstraint({ table: "comments", type: "unique", columns: ["body"], ifExists: true });`,
    down_: "",
  },
  {
    id: "p07",
    down: "p06",
    message: "rename posts to articles and re-point the foreign key",
    up: `await op.renameTable("posts", "articles");
  await op.dropConstraint({ table: "comments", type: "foreign", columns: ["post_id"] });
  await op.createForeignKey("fk_comments_article", "comments", "articles", ["post_id"], ["id"], { onDelete: "cascade" });`,
    down_: `await op.dropConstraint("fk_comments_article", "comments", { type: "foreign" });
  await op.renameTable("articles", "posts");
  await op.createForeignKey("fk_comments_post", "comments", "posts", ["post_id"], ["id"]);`,
  },
  {
    id: "p08",
    down: "p07",
    message: "widen a non-native enum: its unnamed CHECK dropped by structure",
    up: `await op.dropConstraint({ table: "users", type: "check", columns: ["status"] });
  await op.createCheckConstraint("ck_users_status", "users", "status IN ('active', 'banned', 'left')");`,
    down_: `await op.dropConstraint("ck_users_status", "users", { type: "check" });
  await op.createCheckConstraint(null, "users", "status IN ('active', 'banned')");`,
  },
  {
    id: "p09",
    down: "p08",
    message: "a server-made foreign key name looked up with op.inspect()",
    up: `const db = await op.inspect();
  const users = db.tables.find((t) => t.table.name === "users");
  const fk = users?.foreignKeys.find((f) => f.refTable === "roles");
  if (!fk) throw new Error("users has no foreign key to roles");
  if (fk.name !== undefined) await op.dropConstraint(fk.name, "users", { type: "foreign" });
  else await op.dropConstraint({ table: "users", type: "foreign", columns: fk.columns });`,
    down_: `await op.createForeignKey("fk_users_role", "users", "roles", ["role_id"], ["id"]);`,
  },
  {
    id: "p10",
    down: "p09",
    message: "a reserved word in hand-written SQL, and a per-dialect branch",
    up: `await op.addColumn("users", { name: "key", type: "varchar(20)" });
  await op.execute(\`UPDATE \${op.quote("users")} SET \${op.quote("key")} = \${op.inlineLiteral("k")}\`);
  if (op.context.capabilities.comments) await op.setTableComment("users", "People");`,
    down_: `if (op.context.capabilities.comments) await op.setTableComment("users", null);
  await op.dropColumn("users", "key");`,
  },
];
