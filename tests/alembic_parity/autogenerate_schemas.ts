/**
 * The target schemas of autogenerate_scenarios.py, written for migrator: one per scenario, under the
 * scenario's name, declaring what that file's SQLAlchemy metadata declares (comments say what the
 * starting database has instead).
 */
import { defineSchema, table, type DeclaredColumn, type Schema } from "../../src/autogenerate/declare.ts";

const id: DeclaredColumn = { name: "id", type: "integer", primaryKey: true };
const users = (...extra: DeclaredColumn[]) => table("users", [id, { name: "name", type: "varchar(50)", nullable: false }, ...extra]);

export const SCHEMAS: Readonly<Record<string, Schema>> = {
  identical: defineSchema({
    tables: [
      table("items", [
        id,
        { name: "name", type: "varchar(100)", nullable: false },
        { name: "price", type: "numeric(10,2)", nullable: false, default: 0 },
        { name: "active", type: "boolean", nullable: false, default: true },
        { name: "body", type: "text" },
        { name: "owner_id", type: "integer" },
      ], {
        uniques: [{ name: "uq_items_name", columns: ["name"] }],
        foreignKeys: [{ name: "fk_items_owner", columns: ["owner_id"], refTable: "users", refColumns: ["id"], onDelete: "cascade" }],
        indexes: [{ name: "ix_items_owner", columns: ["owner_id"] }],
      }),
      users(),
    ],
  }),

  add_table: defineSchema({ tables: [users(), table("posts", [id, { name: "title", type: "varchar(200)" }])] }),

  drop_table: defineSchema({ tables: [users()] }), // legacy (with ix_legacy_note) is dropped

  add_column: defineSchema({
    tables: [users({ name: "email", type: "varchar(255)" }, { name: "age", type: "integer", nullable: false, default: 0 })],
  }),

  drop_column: defineSchema({ tables: [users()] }), // nickname and score are dropped

  type_change: defineSchema({
    tables: [
      table("t", [
        id,
        { name: "a", type: "varchar(100)" }, // was varchar(50)
        { name: "b", type: "bigint" }, // was integer
        { name: "c", type: "numeric(12,4)" }, // was numeric(10,2)
        { name: "d", type: "text" }, // was varchar(20)
        { name: "e", type: "integer" },
      ]),
    ],
  }),

  nullable: defineSchema({
    tables: [
      table("t", [
        id,
        { name: "a", type: "varchar(20)", nullable: false }, // was NULL
        { name: "b", type: "varchar(20)", nullable: true }, // was NOT NULL
        { name: "c", type: "varchar(20)", nullable: false },
      ]),
    ],
  }),

  server_default: defineSchema({
    tables: [
      table("t", [
        id,
        { name: "a", type: "integer", default: 1 }, // had none
        { name: "b", type: "integer", default: 7 }, // was 5
        { name: "c", type: "integer" }, // had 3
        { name: "d", type: "varchar(10)", default: "x" },
        { name: "e", type: "boolean", default: false }, // was true
      ]),
    ],
  }),

  index: defineSchema({
    tables: [
      table("t", [id, { name: "a", type: "integer" }, { name: "b", type: "integer" }, { name: "c", type: "integer" }], {
        indexes: [
          { name: "ix_t_a", columns: ["a"] }, // added
          { name: "ix_t_b", columns: ["b", "c"] }, // was on (b)
          { name: "ux_t_c", columns: ["c"], unique: true }, // added; ix_t_old is dropped
        ],
      }),
    ],
  }),

  unique: defineSchema({
    tables: [table("t", [id, { name: "a", type: "integer" }, { name: "b", type: "integer" }], { uniques: [{ name: "uq_t_a", columns: ["a"] }] })],
  }),

  fk_add_drop: defineSchema({
    tables: [
      users(),
      table("posts", [id, { name: "author_id", type: "integer" }, { name: "editor_id", type: "integer" }], {
        foreignKeys: [{ name: "fk_posts_author", columns: ["author_id"], refTable: "users", refColumns: ["id"] }], // fk_posts_editor is dropped
      }),
    ],
  }),

  fk_ondelete: defineSchema({
    tables: [
      users(),
      table("posts", [id, { name: "author_id", type: "integer" }], {
        foreignKeys: [{ name: "fk_posts_author", columns: ["author_id"], refTable: "users", refColumns: ["id"], onDelete: "cascade" }], // was no action
      }),
    ],
  }),

  check: defineSchema({
    tables: [table("t", [id, { name: "qty", type: "integer" }], { checks: [{ name: "ck_t_qty", condition: "qty >= 0" }] })],
  }),

  comments: defineSchema({
    tables: [
      table("a", [id], { comment: "table a" }), // had none
      table("b", [id]), // had one
      table("c", [id], { comment: "new words" }), // had other words
      table("d", [
        id,
        { name: "x", type: "integer", comment: "the x" }, // had none
        { name: "y", type: "integer" }, // had one
        { name: "z", type: "integer", comment: "new z" }, // had another
      ]),
    ],
  }),

  enum: defineSchema({
    enums: [
      { name: "mood", values: ["sad", "ok", "happy"] }, // had sad, ok
      { name: "size", values: ["s", "m", "l"] }, // new
    ],
    tables: [table("t", [id, { name: "mood", type: "mood" }, { name: "size", type: "size" }])],
  }),

  partial_index: defineSchema({
    tables: [table("t", [id, { name: "a", type: "integer" }], { indexes: [{ name: "ix_t_a", columns: ["a"], where: "a > 10" }] })], // was WHERE a > 0
  }),

  type_change_pg: defineSchema({
    tables: [
      table("t", [
        id,
        { name: "at", type: "timestamptz" }, // was timestamp without time zone
        { name: "doc", type: "jsonb" }, // was json
        { name: "code", type: "varchar" }, // was varchar(50)
        { name: "n", type: "numeric(10,0)" }, // was integer
        { name: "flag", type: "boolean" }, // was smallint
        { name: "ratio", type: "float" }, // was numeric(5,2)
      ]),
    ],
  }),

  same_name_changed: defineSchema({
    tables: [
      users(),
      table("teams", [id]),
      table("t", [id, { name: "a", type: "integer" }, { name: "b", type: "integer" }, { name: "owner_id", type: "integer" }], {
        indexes: [{ name: "ix_t_a", columns: ["a"], unique: true }], // was not unique
        uniques: [{ name: "uq_t_ab", columns: ["a", "b"] }], // was on (b)
        foreignKeys: [{ name: "fk_t_owner", columns: ["owner_id"], refTable: "teams", refColumns: ["id"], onUpdate: "cascade" }], // referenced users
      }),
    ],
  }),

  default_text: defineSchema({
    tables: [
      table("t", [
        id,
        { name: "status", type: "varchar(10)", default: "new" }, // was 'old'
        { name: "n", type: "numeric(5,2)", default: 1.5 }, // was 1.25
      ]),
    ],
  }),

  column_with_index: defineSchema({
    tables: [
      table("users", [
        id,
        { name: "name", type: "varchar(50)", nullable: false },
        { name: "slug", type: "varchar(40)" },
        { name: "code", type: "varchar(10)", unique: true }, // the convention names it uq_users_code
      ], { indexes: [{ columns: ["slug"] }] }), // the convention names it ix_users_slug
    ], // tokens (with its foreign key) is dropped
  }),

  unique_as_index: defineSchema({
    tables: [
      table("t", [id, { name: "a", type: "integer" }, { name: "b", type: "integer" }], {
        indexes: [{ name: "uq_t_a", columns: ["a"], unique: true }], // is CONSTRAINT uq_t_a UNIQUE (a)
        uniques: [{ name: "ux_t_b", columns: ["b"] }], // is CREATE UNIQUE INDEX ux_t_b ON t (b)
      }),
    ],
  }),

  mixed: defineSchema({ // old_orders is dropped
    tables: [
      table("users", [id, { name: "name", type: "varchar(50)", nullable: false }, { name: "email", type: "varchar(255)", nullable: false }], {
        indexes: [{ name: "ix_users_email", columns: ["email"], unique: true }],
      }),
      table("orders", [
        id,
        { name: "user_id", type: "integer", nullable: false },
        { name: "total", type: "numeric(12,2)", nullable: false, default: 0 },
      ], { foreignKeys: [{ name: "fk_orders_user", columns: ["user_id"], refTable: "users", refColumns: ["id"] }] }),
    ],
  }),
};
