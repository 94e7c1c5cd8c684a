import { describe, expect, test } from "bun:test";
import type { Op } from "../../operations/ops.ts";
import { SchemaTracker } from "../../schema/tracker.ts";
import { mysqlDialect as dialect } from "./dialect.ts";

const posts = { name: "posts" };
const made: Op = {
  kind: "createTable",
  table: posts,
  columns: [
    { name: "id", type: "integer", primaryKey: true },
    { name: "title", type: "varchar(100)", nullable: false },
    { name: "slug", type: "varchar(100)", generated: { sql: "lower(title)", stored: false } },
    { name: "n", type: "integer" },
  ],
  checks: [{ name: "ck_posts_slug", condition: "slug <> ''" }],
};
const sqlOf = async (history: readonly Op[], op: Op) => {
  const tracker = new SchemaTracker([], dialect);
  for (const o of history) tracker.record(o);
  return (await dialect.compile(op, tracker)).map((s) => s.sql);
};

describe("a column made plain from VIRTUAL, or VIRTUAL from plain (virtual_swap.ts)", () => {
  test("made anew right after it, filled from it, its keys dropped and made again under its name", async () => {
    const history: Op[] = [made, { kind: "createIndex", name: "ix_posts_slug_n", table: posts, columns: ["slug", { name: "n", order: "desc" }] }];
    expect(await sqlOf(history, { kind: "alterColumn", table: posts, column: "slug", generated: null })).toEqual([
      "ALTER TABLE `posts` ADD COLUMN `_migrator_swap` VARCHAR(100) NULL AFTER `slug`",
      "UPDATE `posts` SET `_migrator_swap` = `slug`",
      "ALTER TABLE `posts` DROP INDEX `ix_posts_slug_n`, DROP CONSTRAINT `ck_posts_slug`",
      "ALTER TABLE `posts` DROP COLUMN `slug`",
      "ALTER TABLE `posts` RENAME COLUMN `_migrator_swap` TO `slug`",
      "CREATE INDEX `ix_posts_slug_n` ON `posts` (`slug`, `n` DESC)",
      "ALTER TABLE `posts` ADD CONSTRAINT `ck_posts_slug` CHECK (slug <> '')",
    ]);
  });

  test("made VIRTUAL again (the downgrade): computed, after the columns it reads", async () => {
    const plain: Op[] = [{ ...made, columns: [{ name: "id", type: "integer", primaryKey: true }, { name: "slug", type: "varchar(100)" }, { name: "title", type: "varchar(100)", nullable: false }] } as Op];
    expect(await sqlOf(plain, { kind: "alterColumn", table: posts, column: "slug", generated: { sql: "lower(title)", stored: false } })).toEqual([
      "ALTER TABLE `posts` ADD COLUMN `_migrator_swap` VARCHAR(100) GENERATED ALWAYS AS (lower(title)) VIRTUAL AFTER `title`",
      "ALTER TABLE `posts` DROP CONSTRAINT `ck_posts_slug`",
      "ALTER TABLE `posts` DROP COLUMN `slug`",
      "ALTER TABLE `posts` RENAME COLUMN `_migrator_swap` TO `slug`",
      "ALTER TABLE `posts` ADD CONSTRAINT `ck_posts_slug` CHECK (slug <> '')",
    ]);
  });

  test("refused before any SQL where the swap could not finish: a generated column reads it", async () => {
    const reader: Op = { kind: "addColumn", table: posts, column: { name: "slug2", type: "varchar(200)", generated: { sql: "concat(slug, slug)", stored: false } } };
    const error = await sqlOf([made, reader], { kind: "alterColumn", table: posts, column: "slug", generated: null }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toBe(
      'Cannot make "posts.slug" a plain column: MySQL makes such a column anew, and generated column "slug2" reads it; drop it around this op (op.dropConstraint / op.execute) and make it again after',
    );
  });
});

describe("a VIRTUAL swap refused before any SQL", () => {
  test("under the primary key, and with a rename where a CHECK names the column", async () => {
    const keyed: Op = { kind: "createTable", table: { name: "k" }, columns: [{ name: "a", type: "integer", nullable: false }, { name: "g", type: "integer", nullable: false }], primaryKey: { name: "pk_k", columns: ["g"] } };
    const error = await sqlOf([keyed], { kind: "alterColumn", table: { name: "k" }, column: "g", generated: { sql: "a * 2", stored: false } }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('Cannot make "k.g" VIRTUAL: MySQL makes such a column anew, and the primary key is on it');
    const renamed = await sqlOf([made], { kind: "alterColumn", table: posts, column: "slug", newName: "handle", generated: null }).catch((e: unknown) => e);
    expect(String((renamed as Error).message)).toContain("a CHECK or an index expression names it: rename it in an op of its own");
  });
});
