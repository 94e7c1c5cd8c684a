import { UnsupportedOperationError } from "../../errors.ts";
import type * as ops from "../../operations/ops.ts";
import { indexColumnExpression, indexColumnName } from "../../operations/index_column.ts";
import { applyAlterations, tableKey } from "../../schema/apply.ts";
import { findConstraints } from "../../schema/find_constraint.ts";
import { mentionsIdentifier } from "../../schema/identifiers.ts";
import { markRebuilt, withConventionNames } from "../../schema/batch_naming.ts";
import type { TableModel } from "../../schema/model.ts";
import { normalizeTable } from "../../schema/normalize.ts";
import type { CompileContext, Statement, TriggerSql } from "../dialect.ts";
import { canonicalSqliteTable } from "./canonical.ts";
import type { SqliteCompiler } from "./ddl.ts";

/** Prefix of the table a rebuild copies into before it takes the original's name. */
export const TMP_PREFIX = "_migrator_tmp_";

/**
 * SQLite's batch mode, Alembic's "move and copy": SQLite's ALTER TABLE can add, rename and drop columns
 * but cannot change a column or a constraint, so such a batch rebuilds the table:
 *
 *   CREATE TABLE "_migrator_tmp_t" (the new definition);
 *   INSERT INTO "_migrator_tmp_t" (kept columns) SELECT (their old names) FROM "t";
 *   DROP TABLE "t";
 *   PRAGMA legacy_alter_table = ON; ALTER TABLE "_migrator_tmp_t" RENAME TO "t"; PRAGMA legacy_alter_table = OFF;
 *   CREATE INDEX ... (the table's indexes, minus dropped, plus new)
 *
 * The current definition comes from ctx.table(): reflected from the database online, tracked from the
 * earlier ops offline (schema/tracker.ts), so `--sql` needs no hand-written copy of the table.
 * Added columns get their default (or NULL); a type change relies on SQLite's type affinity on INSERT.
 *
 * Foreign keys: DROP TABLE with `PRAGMA foreign_keys = ON` deletes every row first, which fires ON DELETE
 * actions in child tables (CASCADE would empty them), and the pragma cannot be changed inside a
 * transaction. migrator never turns foreign key enforcement on: SQLite connections start with it off
 * (unless SQLite was compiled with SQLITE_DEFAULT_FOREIGN_KEYS=1), so the rebuild runs with it off and
 * child tables keep referring to "t" by name, which the renamed copy takes over. A migration that runs
 * `PRAGMA foreign_keys = ON` itself must turn it off again before a rebuild, outside a transaction.
 * Triggers on the table are dropped with it: online, they are read first (ctx.triggers) and created again
 * after the rename, as they were; a trigger naming a column the batch drops or renames is refused before any
 * SQL runs (SQLite would create it and fail each write that fires it). Offline (--sql) the triggers are not
 * known (raw SQL made them) and are lost. Views that name the table keep working: the
 * rename runs with `PRAGMA legacy_alter_table = ON`, so SQLite does not try to rewrite them meanwhile.
 */
export async function compileSqliteBatch(
  compiler: SqliteCompiler,
  op: ops.BatchAlterTableOp,
  ctx: CompileContext,
  nativeDropColumn: boolean,
): Promise<Statement[]> {
  const mode = op.recreate ?? "auto";
  const model = await ctx.table(op.table);
  // Drops with ifExists of what the table does not have are nothing to do; the others are plain drops.
  const effective = model ? withoutMissingDrops(op.ops, model) : op.ops;
  if (effective.length === 0) return [];
  const original = op;
  if (effective !== op.ops) op = { ...op, ops: effective };
  const inPlace = op.ops.filter((alt) => alterableInPlace(alt, model, nativeDropColumn));
  if (mode !== "always" && inPlace.length === op.ops.length) {
    return op.ops.flatMap((alt) => inPlaceStatements(compiler, alt));
  }
  if (mode === "never") {
    const needing = op.ops.filter((alt) => !inPlace.includes(alt)).map(describeAlteration);
    throw new UnsupportedOperationError(
      `batchAlterTable("${tableKey(op.table)}") with recreate: "never" cannot be done on SQLite: ` +
        `${needing.join(", ")} need${needing.length === 1 ? "s" : ""} a table rebuild; use recreate: "auto"`,
    );
  }
  if (!model) {
    const why = ctx.unknownReason?.(op.table);
    throw new UnsupportedOperationError(
      `Cannot rebuild table "${tableKey(op.table)}" on SQLite for ${op.ops.map(describeAlteration).join(", ")}: ` +
        (why
          ? `the table is not known offline: ${why}`
          : `the table is not known. Online, it does not exist in the database; offline (--sql), no earlier op ` +
            `of this run created it (tables made with op.execute or before the revision range are not tracked). ` +
            `Create it with op.createTable, or generate the script online against a database`),
    );
  }
  const triggers = (await ctx.triggers?.(op.table)) ?? [];
  refuseTriggersOnChangedColumns(triggers, op.ops, op.table);
  markRebuilt(original);
  return [...rebuildStatements(compiler, model, op.ops, op.table, op.namingConvention), ...triggers.map((t) => ({ sql: t.sql }))];
}

/** A trigger re-created as it was must not name a column the rebuild drops or renames. */
function refuseTriggersOnChangedColumns(triggers: readonly TriggerSql[], alterations: readonly ops.TableAlteration[], table: ops.TableRef): void {
  const gone = alterations.flatMap((alt) =>
    alt.kind === "dropColumn" ? [alt.column] : alt.kind === "alterColumn" && alt.newName !== undefined && alt.newName !== alt.column ? [alt.column] : [],
  );
  for (const trigger of triggers) {
    const named = gone.find((column) => mentionsIdentifier(trigger.sql, column));
    if (named === undefined) continue;
    throw new UnsupportedOperationError(
      `Cannot rebuild table "${tableKey(table)}" on SQLite: its trigger "${trigger.name}" names column "${named}", which the batch drops or renames, ` +
        `and the rebuild re-creates the table's triggers as they were; drop the trigger before the batch (op.execute("DROP TRIGGER ...")) and create it again after`,
    );
  }
}

/** The alterations without the `ifExists` drops of columns and constraints the table does not have. */
function withoutMissingDrops(alterations: readonly ops.TableAlteration[], model: TableModel): readonly ops.TableAlteration[] {
  if (!alterations.some((alt) => (alt.kind === "dropColumn" || alt.kind === "dropConstraint") && alt.ifExists)) return alterations;
  let current = model;
  const out: ops.TableAlteration[] = [];
  for (const alt of alterations) {
    if (alt.kind === "dropColumn" && alt.ifExists) {
      if (!current.columns.some((c) => c.name.toLowerCase() === alt.column.toLowerCase())) continue;
      const { ifExists: _, ...plain } = alt;
      out.push(plain);
    } else if (alt.kind === "dropConstraint" && alt.ifExists) {
      if (findConstraints(current, alt).length === 0) continue;
      const { ifExists: _, ...plain } = alt;
      out.push(plain);
    } else out.push(alt);
    current = applyAlterations(current, [out.at(-1) ?? alt]);
  }
  return out;
}

/** The statements that rebuild `model` with the alterations applied. */
export function rebuildStatements(
  compiler: SqliteCompiler,
  model: TableModel,
  alterations: readonly ops.TableAlteration[],
  table: ops.TableRef = model.table,
  naming?: ops.BatchNamingConvention,
): Statement[] {
  // In reflection's form, whether the model was reflected or tracked offline: the same SQL either way (a
  // key whose one column numbers rows is written on the column, with its name if it has one).
  const next = normalizeTable(canonicalSqliteTable(withConventionNames(applyAlterations(model, alterations), naming)));
  const sources = columnSources(model, alterations);
  const tmp: ops.TableRef = table.schema ? { name: TMP_PREFIX + table.name, schema: table.schema } : { name: TMP_PREFIX + table.name };
  const create: ops.CreateTableOp = {
    kind: "createTable",
    table: tmp,
    columns: next.columns,
    ...(next.primaryKey ? { primaryKey: next.primaryKey } : {}),
    foreignKeys: next.foreignKeys,
    uniques: next.uniques,
    checks: next.checks,
  };
  const out: Statement[] = compiler.createTable(create);
  // WITHOUT ROWID and STRICT, which the model carries but no op makes, after the definition.
  if (next.tableOptions !== undefined && next.tableOptions.length > 0) out[0] = { ...out[0]!, sql: `${out[0]!.sql} ${next.tableOptions.join(", ")}` };
  // Generated columns are computed by the new table, never copied (SQLite refuses values for them).
  const copied = next.columns.filter((c) => sources.get(c.name) !== undefined && c.generated === undefined);
  if (copied.length > 0) {
    const into = compiler.columnList(copied.map((c) => c.name));
    const from = compiler.columnList(copied.map((c) => sources.get(c.name)!));
    out.push({ sql: `INSERT INTO ${compiler.qualify(tmp)} (${into}) SELECT ${from} FROM ${compiler.qualify(table)}` });
  } else if (!(next.tableOptions ?? []).some((o) => /without\s+rowid/i.test(o))) {
    // No column kept (every one dropped, others added): the rows stay, with the new columns' defaults, as
    // an ADD and a DROP COLUMN keep them on the other servers; a NOT NULL column without a default fails.
    out.push({ sql: `INSERT INTO ${compiler.qualify(tmp)} (rowid) SELECT NULL FROM ${compiler.qualify(table)}` });
  }
  out.push({ sql: `DROP TABLE ${compiler.qualify(table)}` });
  // Legacy mode: the rename neither checks nor rewrites views and triggers that name the table, which
  // would fail ("error in view v: no such table") while the table is away; they find the copy by name.
  out.push({ sql: "PRAGMA legacy_alter_table = ON" });
  out.push({ sql: `ALTER TABLE ${compiler.qualify(tmp)} RENAME TO ${compiler.quoteIdentifier(table.name)}` });
  out.push({ sql: "PRAGMA legacy_alter_table = OFF" });
  for (const index of next.indexes) {
    const { ifNotExists: _ine, concurrently: _c, ...plain } = index;
    out.push(...compiler.createIndex({ ...plain, table }));
  }
  return out;
}

/** For each column of the rebuilt table, the column of the old table its values come from (none: added). */
function columnSources(model: TableModel, alterations: readonly ops.TableAlteration[]): Map<string, string | undefined> {
  const sources = new Map<string, string | undefined>(model.columns.map((c) => [c.name, c.name]));
  const key = (name: string) => [...sources.keys()].find((k) => k === name) ?? [...sources.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  for (const alt of alterations) {
    if (alt.kind === "addColumn") sources.set(alt.column.name, undefined);
    else if (alt.kind === "dropColumn") {
      const k = key(alt.column);
      if (k !== undefined) sources.delete(k);
    } else if (alt.kind === "alterColumn" && alt.newName !== undefined) {
      const k = key(alt.column);
      if (k === undefined) continue;
      const source = sources.get(k);
      sources.delete(k);
      sources.set(alt.newName, source);
    }
  }
  return sources;
}

const ALTER_FIELDS = ["type", "using", "nullable", "default", "comment", "autoincrement", "collation", "generated"] as const;

/** Whether SQLite's own ALTER TABLE (or CREATE/DROP INDEX) can make this change. */
export function alterableInPlace(alt: ops.TableAlteration, model: TableModel | undefined, nativeDropColumn: boolean): boolean {
  switch (alt.kind) {
    case "createIndex":
    case "dropIndex":
      return true;
    case "addColumn": {
      // ADD COLUMN: no PRIMARY KEY or UNIQUE, no expression default, NOT NULL only with a non-NULL default.
      const c = alt.column;
      if (c.primaryKey || c.unique) return false;
      // SQLite adds only VIRTUAL generated columns in place.
      if (c.generated && c.generated.stored !== false) return false;
      if (c.default !== undefined && c.default !== null && typeof c.default === "object") return false;
      return c.nullable !== false || (c.default !== undefined && c.default !== null);
    }
    case "dropColumn":
      return nativeDropColumn && (model === undefined || !columnInvolved(model, alt.column));
    case "alterColumn":
      // A rename, or nothing at all (only existing* fields).
      return ALTER_FIELDS.every((f) => alt[f] === undefined);
    default:
      return false;
  }
}

/** SQLite's DROP COLUMN refuses a column in a key, a constraint or an index. */
function columnInvolved(model: TableModel, column: string): boolean {
  const same = (c: string) => c.toLowerCase() === column.toLowerCase();
  const col = model.columns.find((c) => same(c.name));
  if (col?.primaryKey || model.primaryKey?.columns.some(same)) return true;
  if (model.uniques.some((u) => u.columns.some(same)) || model.foreignKeys.some((f) => f.columns.some(same))) return true;
  if (model.checks.some((c) => mentionsIdentifier(c.condition, column))) return true;
  return model.indexes.some(
    (ix) =>
      ix.columns.some((c) => { const n = indexColumnName(c); return n !== undefined ? same(n) : mentionsIdentifier(indexColumnExpression(c) ?? "", column); }) ||
      (ix.where !== undefined && mentionsIdentifier(ix.where, column)),
  );
}

function inPlaceStatements(compiler: SqliteCompiler, alt: ops.TableAlteration): Statement[] {
  switch (alt.kind) {
    case "addColumn":
      return compiler.addColumn(alt);
    case "dropColumn":
      return compiler.dropColumn(alt);
    case "createIndex":
      return compiler.createIndex(alt);
    case "dropIndex":
      return compiler.dropIndex(alt);
    case "alterColumn":
      if (alt.newName === undefined || alt.newName === alt.column) return [];
      return [
        {
          sql: `ALTER TABLE ${compiler.qualify(alt.table)} RENAME COLUMN ${compiler.quoteIdentifier(alt.column)} TO ${compiler.quoteIdentifier(alt.newName ?? alt.column)}`,
        },
      ];
    default:
      return compiler.unsupported(alt);
  }
}

function describeAlteration(alt: ops.TableAlteration): string {
  const subject = alt.kind === "addColumn" ? alt.column.name : alt.kind === "dropColumn" || alt.kind === "alterColumn" ? alt.column : alt.name;
  return `${alt.kind}("${subject}")`;
}
