/**
 * The schema edits the autogenerate round trips walk through: each step is the declared schema after
 * one more typical edit. Steps a dialect cannot do (enum types, schemas, partial or expression indexes,
 * comments) are left out by capability, never by dialect name.
 */
import type { DeclaredColumn, DeclaredTable, SchemaDefinition } from "../../src/autogenerate/declare.ts";
import { table } from "../../src/autogenerate/declare.ts";
import type { Capabilities } from "../../src/dialects/dialect.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface State {
  tables: Map<string, { columns: DeclaredColumn[]; options: Mutable<DeclaredTable["options"]> }>;
  enums: { name: string; schema?: string; values: string[] }[];
  schemas: string[];
}

export interface Step {
  readonly name: string;
  /** Needs these capabilities. */
  readonly needs?: readonly (keyof Capabilities)[];
  /** The downgrade cannot undo it (PostgreSQL cannot drop an enum value): what it leaves is named. */
  readonly leaves?: string;
  /** A rename hint is expected to be used, not a drop and an add. */
  edit(s: State): void;
}

const col = (name: string, type: string, more: Partial<DeclaredColumn> = {}): DeclaredColumn => ({ name, type, ...more });
const t = (s: State, name: string) => s.tables.get(name)!;
const column = (s: State, tableName: string, name: string) => t(s, tableName).columns.find((c) => c.name === name)! as Mutable<DeclaredColumn>;

export function initialState(): State {
  return {
    tables: new Map([
      ["orgs", { columns: [col("id", "integer", { primaryKey: true, autoincrement: true }), col("name", "varchar(100)", { nullable: false })], options: {} }],
      [
        "users",
        {
          columns: [
            col("id", "integer", { primaryKey: true, autoincrement: true }),
            col("org_id", "integer", { references: "orgs.id" }),
            col("email", "varchar(100)", { nullable: false }),
            col("bio", "text"),
            col("score", "numeric(10,2)", { default: 0 }),
            col("created_at", "timestamp", { default: { sql: "CURRENT_TIMESTAMP" } }),
          ],
          options: { indexes: [{ columns: ["email"] }] },
        },
      ],
    ]),
    enums: [],
    schemas: [],
  };
}

export const STEPS: readonly Step[] = [
  { name: "add a table with foreign keys both ways", edit: (s) => {
    s.tables.set("teams", { columns: [col("id", "integer", { primaryKey: true, autoincrement: true }), col("org_id", "integer", { nullable: false, references: "orgs.id" }), col("title", "varchar(50)")], options: {} });
    t(s, "users").columns.push(col("team_id", "integer", { references: "teams.id" }));
  } },
  { name: "add a column with a default", edit: (s) => void t(s, "users").columns.push(col("status", "varchar(20)", { default: "active" })) },
  { name: "NOT NULL on a column", edit: (s) => void (column(s, "users", "status").nullable = false) },
  { name: "widen a varchar", edit: (s) => void (column(s, "users", "email").type = "varchar(200)") },
  { name: "change a numeric's precision", edit: (s) => void (column(s, "users", "score").type = "numeric(12,3)") },
  { name: "add an index", edit: (s) => void (t(s, "users").options.indexes = [...t(s, "users").options.indexes!, { columns: ["created_at"] }]) },
  { name: "drop an index", edit: (s) => void (t(s, "users").options.indexes = t(s, "users").options.indexes!.filter((i) => i.columns[0] !== "email")) },
  { name: "make an index partial", needs: ["partialIndexes"], edit: (s) => {
    t(s, "users").options.indexes = [{ name: "ix_users_recent", columns: ["created_at"], where: "score > 0" }];
  } },
  { name: "add an expression index", needs: ["expressionIndexes"], edit: (s) => void (t(s, "users").options.indexes = [...t(s, "users").options.indexes!, { name: "ix_users_lower_email", columns: [{ expression: "lower(email)" }] }]) },
  { name: "add a descending index", edit: (s) => void (t(s, "users").options.indexes = [...t(s, "users").options.indexes!, { name: "ix_users_recent_score", columns: [{ name: "created_at", order: "desc" }, "score"] }]) },
  { name: "change an index's order", edit: (s) => {
    t(s, "users").options.indexes = t(s, "users").options.indexes!.map((i) => (i.name === "ix_users_recent_score" ? { ...i, columns: ["created_at", { name: "score", order: "desc" }] } : i));
  } },
  { name: "a descending expression key", needs: ["expressionIndexes"], edit: (s) => {
    t(s, "users").options.indexes = t(s, "users").options.indexes!.map((i) => (i.name === "ix_users_lower_email" ? { ...i, columns: [{ expression: "lower(email)", order: "desc" }] } : i));
  } },
  { name: "NULLS LAST on a descending key", needs: ["indexNullsOrder"], edit: (s) => {
    t(s, "users").options.indexes = [...t(s, "users").options.indexes!, { name: "ix_users_score_nulls", columns: [{ name: "score", order: "desc", nulls: "last" }, "created_at"] }];
  } },
  { name: "a key's NULLS placement changed", needs: ["indexNullsOrder"], edit: (s) => {
    t(s, "users").options.indexes = t(s, "users").options.indexes!.map((i) => (i.name === "ix_users_score_nulls" ? { ...i, columns: [{ name: "score", order: "desc" }, { name: "created_at", nulls: "first" }] } : i));
  } },
  { name: "operator classes: GIN jsonb_path_ops, btree text_pattern_ops", needs: ["operatorClasses"], edit: (s) => {
    t(s, "users").columns.push(col("doc", "jsonb"));
    t(s, "users").options.indexes = [
      ...t(s, "users").options.indexes!,
      { name: "ix_users_doc", columns: [{ name: "doc", opclass: "jsonb_path_ops" }], method: "gin" },
      { name: "ix_users_email_pattern", columns: [{ name: "email", opclass: "text_pattern_ops", order: "desc", nulls: "last" }] },
    ];
  } },
  { name: "operator classes dropped", needs: ["operatorClasses"], edit: (s) => {
    t(s, "users").options.indexes = t(s, "users").options.indexes!.map((i) =>
      i.name === "ix_users_doc" ? { ...i, columns: ["doc"] } : i.name === "ix_users_email_pattern" ? { ...i, columns: [{ name: "email", order: "desc", nulls: "last" }] } : i,
    );
  } },
  { name: "a unique index with NULLS NOT DISTINCT", needs: ["nullsNotDistinct"], edit: (s) => {
    t(s, "users").options.indexes = [...t(s, "users").options.indexes!, { name: "ux_users_org_created", columns: ["org_id", "created_at"], unique: true, nullsNotDistinct: true }];
  } },
  { name: "NULLS DISTINCT again", needs: ["nullsNotDistinct"], edit: (s) => {
    t(s, "users").options.indexes = t(s, "users").options.indexes!.map((i) => (i.name === "ux_users_org_created" ? { name: i.name, columns: i.columns, unique: true } : i));
  } },
  { name: "add a unique constraint", edit: (s) => void (t(s, "users").options.uniques = [{ columns: ["org_id", "email"] }]) },
  { name: "a covering index (INCLUDE)", needs: ["coveringIndexes"], edit: (s) => {
    t(s, "users").options.indexes = [...t(s, "users").options.indexes!, { name: "ix_users_email_cover", columns: ["email"], include: ["score", "created_at"] }];
  } },
  { name: "other INCLUDE columns", needs: ["coveringIndexes"], edit: (s) => {
    t(s, "users").options.indexes = t(s, "users").options.indexes!.map((i) => (i.name === "ix_users_email_cover" ? { ...i, include: ["score"] } : i));
  } },
  { name: "NULLS NOT DISTINCT on a unique constraint", needs: ["nullsNotDistinct"], edit: (s) => void (t(s, "users").options.uniques = [{ columns: ["org_id", "email"], nullsNotDistinct: true }]) },
  { name: "add a table with a composite primary key", edit: (s) => {
    s.tables.set("memberships", { columns: [col("user_id", "integer", { references: "users.id" }), col("team_id", "integer", { references: "teams.id" }), col("role", "varchar(20)")], options: { primaryKey: { columns: ["user_id", "team_id"] } } });
  } },
  { name: "add a foreign key", edit: (s) => void t(s, "teams").columns.push(col("lead_id", "integer")) },
  { name: "add a foreign key to the new column", edit: (s) => void (t(s, "teams").options.foreignKeys = [{ columns: ["lead_id"], refTable: "users", refColumns: ["id"] }]) },
  { name: "change on delete", edit: (s) => void (t(s, "teams").options.foreignKeys = [{ columns: ["lead_id"], refTable: "users", refColumns: ["id"], onDelete: "set null" }]) },
  { name: "drop a foreign key", edit: (s) => void (t(s, "teams").options.foreignKeys = []) },
  { name: "add a CHECK", edit: (s) => void (t(s, "users").options.checks = [{ name: "ck_users_score", condition: "score >= 0" }]) },
  { name: "change a CHECK", edit: (s) => void (t(s, "users").options.checks = [{ name: "ck_users_score", condition: "score >= -10" }]) },
  { name: "rename a column with a hint", edit: (s) => {
    const bio = column(s, "users", "bio");
    bio.name = "about";
    bio.renamedFrom = "bio";
  } },
  { name: "rename a table with a hint", edit: (s) => {
    const teams = s.tables.get("teams")!;
    s.tables.delete("teams");
    s.tables.set("squads", { ...teams, options: { ...teams.options, renamedFrom: "teams" } });
    column(s, "users", "team_id").references = "squads.id";
    column(s, "memberships", "team_id").references = "squads.id";
  } },
  { name: "add another column with a literal default", edit: (s) => void t(s, "users").columns.push(col("seen_at", "varchar(40)", { default: "never" })) },
  { name: "change a default to an expression", edit: (s) => void (column(s, "users", "seen_at").default = { sql: "lower('NEVER')" }) },
  { name: "change a comment", needs: ["comments"], edit: (s) => {
    t(s, "users").options.comment = "people who sign in";
    column(s, "users", "email").comment = "where we write";
  } },
  { name: "add an enum type", needs: ["enumTypes"], edit: (s) => {
    s.enums.push({ name: "mood", values: ["happy", "sad"] });
    t(s, "users").columns.push(col("mood", "mood"));
  } },
  { name: "add an enum value", needs: ["enumTypes"], leaves: "enums", edit: (s) => void s.enums[0]!.values.push("ok") },
  { name: "remove an enum value and reorder the others", needs: ["enumTypes"], edit: (s) => void (s.enums[0]!.values = ["ok", "sad"]) },
  { name: "a second table using the enum type", needs: ["enumTypes"], edit: (s) => {
    s.tables.set("feelings", { columns: [col("id", "integer", { primaryKey: true, autoincrement: true }), col("m", "mood"), col("note", "text")], options: {} });
  } },
  { name: "rename that table and a column, drop its enum column and reorder the type", needs: ["enumTypes"], edit: (s) => {
    const feelings = s.tables.get("feelings")!;
    s.tables.delete("feelings");
    s.tables.set("moods_seen", { columns: [feelings.columns[0]!, col("remark", "text", { renamedFrom: "note" })], options: { renamedFrom: "feelings" } });
    s.enums[0]!.values = ["sad", "ok"];
  } },
  { name: "create a schema", needs: ["schemas"], edit: (s) => {
    s.schemas.push("audit");
    s.tables.set("audit.log", { columns: [col("id", "integer", { primaryKey: true, autoincrement: true }), col("user_id", "integer", { references: { schema: "public", table: "users", column: "id" } })], options: {} });
  } },
  { name: "an enum type of another schema, used there", needs: ["schemas", "enumTypes"], edit: (s) => {
    s.enums.push({ name: "level", schema: "audit", values: ["info", "warn"] } as State["enums"][number]);
    t(s, "audit.log").columns.push(col("level", "audit.level"));
  } },
  { name: "set identity", edit: (s) => {
    s.tables.set("tags", { columns: [col("id", "integer", { primaryKey: true }), col("label", "varchar(30)")], options: {} });
  } },
  { name: "set identity on the existing key", edit: (s) => void (column(s, "tags", "id").autoincrement = true) },
  { name: "drop a column", edit: (s) => void (t(s, "users").columns = t(s, "users").columns.filter((c) => c.name !== "about")) },
  { name: "make a column nullable again", edit: (s) => void (column(s, "users", "status").nullable = true) },
  { name: "drop a table that others reference", edit: (s) => {
    s.tables.delete("squads");
    s.tables.delete("memberships");
    t(s, "users").columns = t(s, "users").columns.filter((c) => c.name !== "team_id");
  } },
];

export function definition(s: State): SchemaDefinition {
  return {
    tables: [...s.tables.entries()].map(([name, v]) => table(name, structuredClone(v.columns), structuredClone(v.options))),
    ...(s.enums.length > 0 ? { enums: structuredClone(s.enums) } : {}),
    ...(s.schemas.length > 0 ? { schemas: [...s.schemas] } : {}),
  };
}
