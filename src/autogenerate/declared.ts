/**
 * A declared schema as a DatabaseModel in the model's normal form (schema/apply.ts, the same code the
 * offline tracker uses), with every unnamed index and constraint named by the naming convention, and
 * the rename hints it carries.
 */
import type { CreateTableOp, Op, TableRef } from "../operations/ops.ts";
import { indexColumnExpression, indexColumnName, normalIndexColumn } from "../operations/index_column.ts";
import { tableFromCreate } from "../schema/apply.ts";
import { normalizeModel } from "../schema/normalize.ts";
import type { DatabaseModel, TableModel } from "../schema/model.ts";
import { DEFAULT_NAMING, type NamingConvention, type Schema } from "./declare.ts";
import { conventionName, hash8 } from "../schema/naming.ts";
import { referencedKey, tableKey } from "./keys_of.ts";
import { SchemaDeclarationError } from "./errors.ts";
import { createViewOp, ordered } from "./compare_views.ts";

export interface RenameHints {
  /** New table key → old table name. */
  readonly tables: ReadonlyMap<string, string>;
  /** "tableKey.newColumn" (lower case) → old column name. */
  readonly columns: ReadonlyMap<string, string>;
}

export interface Declared {
  readonly model: DatabaseModel;
  /** The schema declares its views (`views`, even empty): they are compared, and undeclared ones dropped. */
  readonly managesViews: boolean;
  /** Lower-case names the naming convention made up: matched by structure first, never renamed. */
  readonly conventionNames: ReadonlySet<string>;
  readonly renames: RenameHints;
}

/** The declared schema as a model. `maxNameLength`: the dialect's identifier limit (0: none). */
export function declaredModel(schema: Schema, maxNameLength: number): Declared {
  const naming: NamingConvention = { ...DEFAULT_NAMING, ...schema.naming };
  const made = new Set<string>();
  const name = (template: string | undefined, parts: Parameters<typeof conventionName>[1]): string | undefined => {
    if (template === undefined) return undefined;
    const n = conventionName(template, parts, maxNameLength);
    made.add(n.toLowerCase());
    return n;
  };
  const tableHints = new Map<string, string>();
  const columnHints = new Map<string, string>();
  const tables: TableModel[] = [];
  for (const t of schema.tables) {
    const key = tableKey(t.table);
    if (t.options.renamedFrom) tableHints.set(key, t.options.renamedFrom);
    for (const c of t.columns) if (c.renamedFrom) columnHints.set(`${key}.${c.name}`.toLowerCase(), c.renamedFrom);
    const { indexes = [], renamedFrom: _, ...options } = t.options;
    const create: CreateTableOp = {
      kind: "createTable",
      table: t.table,
      columns: t.columns.map(({ renamedFrom: _r, ...c }) => c),
      ...options,
    };
    let base = tableFromCreate(create);
    // A single key column is flagged on its column in the normal form; a pk convention names it instead,
    // unless it numbers rows: such a key is made unnamed (the server names it), as migrator has always
    // made it. A key the schema names itself keeps its name.
    const flagged = base.columns.filter((c) => c.primaryKey && !c.autoincrement);
    if (naming.pk && !base.primaryKey && flagged.length === 1) {
      base = {
        ...base,
        columns: base.columns.map((c) => (c === flagged[0] ? (({ primaryKey: _, ...rest }) => rest)(c) : c)),
        primaryKey: { columns: [flagged[0]!.name] },
      };
    }
    const tableName = t.table.name;
    const model: TableModel = {
      ...base,
      ...(base.primaryKey && base.primaryKey.name === undefined && naming.pk
        ? { primaryKey: { ...base.primaryKey, name: name(naming.pk, { table: tableName, columns: base.primaryKey.columns })! } }
        : {}),
      // A column's `unique: true` and a table-level unique key on the same columns are one key: the named one.
      uniques: base.uniques
        .filter((u, i) => !base.uniques.some((o, j) => j !== i && sameColumns(o.columns, u.columns) && (u.name === undefined ? o.name !== undefined || j < i : o.name !== undefined && j < i)))
        .map((u) => (u.name !== undefined ? u : { ...u, name: name(naming.uq, { table: tableName, columns: u.columns })! })),
      checks: base.checks.map((c) => (c.name !== undefined ? c : { ...c, name: name(naming.ck, { table: tableName, columns: [], expression: c.condition })! })),
      foreignKeys: base.foreignKeys.map((fk) =>
        fk.name !== undefined ? fk : { ...fk, name: name(naming.fk, { table: tableName, columns: fk.columns, refTable: fk.refTable })! },
      ),
      indexes: indexes.map((ix) => {
        const columns = ix.columns;
        const ixName = ix.name ?? name(ix.unique ? naming.uq : naming.ix, { table: tableName, columns: columns.map((c) => indexColumnName(c) ?? `expr_${hash8(indexColumnExpression(c) ?? "").slice(0, 6)}`) })!;
        return {
          kind: "createIndex" as const,
          name: ixName,
          table: t.table,
          columns: columns.map(normalIndexColumn),
          ...(ix.unique ? { unique: true } : {}),
          ...(ix.where !== undefined ? { where: ix.where } : {}),
          ...(ix.method !== undefined ? { method: ix.method } : {}),
          ...(ix.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
          ...(ix.include !== undefined && ix.include.length > 0 ? { include: [...ix.include] } : {}),
        };
      }),
    };
    tables.push(model);
  }
  checkReferences(tables);
  return {
    model: normalizeModel({
      schemas: [...(schema.schemas ?? [])],
      tables,
      enums: (schema.enums ?? []).map((e) => ({ ...e, values: [...e.values] })),
      sequences: [...(schema.sequences ?? [])],
      views: [...(schema.views ?? [])],
    }),
    managesViews: schema.views !== undefined,
    conventionNames: made,
    renames: { tables: tableHints, columns: columnHints },
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i]!.toLowerCase());
}

/** A foreign key must name columns its own table and the referenced table (when declared) have. */
function checkReferences(tables: readonly TableModel[]): void {
  const byKey = new Map(tables.map((t) => [tableKey(t.table), t]));
  const has = (t: TableModel, c: string) => t.columns.some((x) => x.name.toLowerCase() === c.toLowerCase());
  for (const t of tables) {
    const where = `table "${t.table.schema ? `${t.table.schema}.` : ""}${t.table.name}"`;
    for (const fk of t.foreignKeys) {
      const what = `${where}: foreign key ${fk.name ? `"${fk.name}" ` : ""}`;
      const missing = fk.columns.find((c) => !has(t, c));
      if (missing) throw new SchemaDeclarationError(`${what}names column "${missing}", which the table does not declare`);
      const ref = byKey.get(referencedKey(t.table, fk, (k) => byKey.has(k)));
      // A table of another schema naming a table without its schema means one of its own schema.
      if (!ref && fk.refSchema === undefined && t.table.schema !== undefined && byKey.has(tableKey({ name: fk.refTable }))) {
        throw new SchemaDeclarationError(
          `${what}references "${fk.refTable}", which means ${t.table.schema}.${fk.refTable} from a table of schema "${t.table.schema}"; ` +
            `for the table of the default schema, write its schema (e.g. references: "public.${fk.refTable}.${fk.refColumns[0] ?? "id"}")`,
        );
      }
      const refMissing = ref ? fk.refColumns.find((c) => !has(ref, c)) : undefined;
      if (refMissing) throw new SchemaDeclarationError(`${what}references ${fk.refTable}.${refMissing}, which that table does not declare`);
    }
    for (const u of [...t.uniques, ...(t.primaryKey ? [t.primaryKey] : [])]) {
      const missing = u.columns.find((c) => !has(t, c));
      if (missing) throw new SchemaDeclarationError(`${where}: a key names column "${missing}", which the table does not declare`);
    }
  }
}

/** A CREATE TABLE op for a table model (foreign keys left out with `foreignKeys: false`). */
export function createTableOp(model: TableModel, foreignKeys = true): CreateTableOp {
  return {
    kind: "createTable",
    table: model.table,
    columns: model.columns,
    ...(model.primaryKey ? { primaryKey: model.primaryKey } : {}),
    ...(foreignKeys && model.foreignKeys.length > 0 ? { foreignKeys: model.foreignKeys } : {}),
    ...(model.uniques.length > 0 ? { uniques: model.uniques } : {}),
    ...(model.checks.length > 0 ? { checks: model.checks } : {}),
    ...(model.comment !== undefined ? { comment: model.comment } : {}),
  };
}

/**
 * The ops that build a model from nothing, in an order every dialect accepts: schemas, enums and
 * sequences, tables, indexes, and the foreign keys after them where ALTER TABLE can add them (so that
 * tables may reference each other in any order, and a key may reference a unique index), then the views,
 * each after those it reads.
 */
export function buildOps(model: DatabaseModel, alterConstraints: boolean): Op[] {
  const ops: Op[] = [];
  for (const name of model.schemas) ops.push({ kind: "createSchema", name });
  for (const e of model.enums) ops.push({ kind: "createEnum", ...e });
  for (const s of model.sequences) ops.push({ kind: "createSequence", ...s });
  for (const t of model.tables) ops.push(createTableOp(t, !alterConstraints));
  for (const t of model.tables) ops.push(...t.indexes);
  if (alterConstraints) {
    for (const t of model.tables) {
      for (const fk of t.foreignKeys) ops.push({ kind: "createForeignKey", name: fk.name ?? "", table: t.table, foreignKey: fk });
    }
  }
  // A view after the views it reads.
  for (const v of ordered(model.views ?? [], false)) ops.push(createViewOp(v));
  return ops;
}

export type { TableRef };
