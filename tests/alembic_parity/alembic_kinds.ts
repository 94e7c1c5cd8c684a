/**
 * migrator's ops named as Alembic's autogenerate diffs, one line each: "<kind> <object>", the object being
 * "table", "table.column" or "table.constraint_name" (the lines autogenerate_parity.py prints). Kinds
 * Alembic has no diff for keep an Alembic-style name (add_enum, add_enum_value, rename_column, ...).
 */
import type { Op, OpKind, TableRef } from "../../src/operations/ops.ts";

type Namers = { readonly [K in OpKind]: (op: Extract<Op, { kind: K }>) => string[] };

const t = (ref: TableRef) => (ref.schema ? `${ref.schema}.${ref.name}` : ref.name);
const at = (ref: TableRef | undefined, name: string) => (ref ? `${t(ref)}.${name}` : name);

const typeName = (op: { name: string; schema?: string }) => (op.schema ? `${op.schema}.${op.name}` : op.name);

const NAMERS: Namers = {
  createView: (op) => [`add_view ${typeName(op)}`],
  dropView: (op) => [`remove_view ${typeName(op)}`],
  createTable: (op) => [`add_table ${t(op.table)}`],
  dropTable: (op) => [`remove_table ${t(op.table)}`],
  renameTable: (op) => [`rename_table ${t(op.table)}`],
  setTableComment: (op) => [`${op.comment === null ? "remove" : "add"}_table_comment ${t(op.table)}`],
  addColumn: (op) => [`add_column ${at(op.table, op.column.name)}`],
  dropColumn: (op) => [`remove_column ${at(op.table, op.column)}`],
  alterColumn: (op) => {
    const c = at(op.table, op.column);
    return [
      ...(op.newName !== undefined ? [`rename_column ${c}`] : []),
      ...(op.type !== undefined ? [`modify_type ${c}`] : []),
      ...(op.nullable !== undefined ? [`modify_nullable ${c}`] : []),
      ...(op.default !== undefined ? [`modify_default ${c}`] : []),
      ...(op.comment !== undefined ? [`modify_comment ${c}`] : []),
      ...(op.autoincrement !== undefined ? [`modify_autoincrement ${c}`] : []),
    ];
  },
  createIndex: (op) => [`add_index ${at(op.table, op.name)}`],
  dropIndex: (op) => [`remove_index ${at(op.table ?? op.existing?.table, op.name)}`],
  createPrimaryKey: (op) => [`add_pk ${at(op.table, op.name)}`],
  createForeignKey: (op) => [`add_fk ${at(op.table, op.name)}`],
  createUniqueConstraint: (op) => [`add_constraint ${at(op.table, op.name)}`],
  // Alembic would name a CHECK's diff add_constraint; 1.8.1 never compares CHECKs.
  createCheckConstraint: (op) => [`add_constraint ${at(op.table, op.name ?? "")}`],
  dropConstraint: (op) => [`${op.type === "foreign" ? "remove_fk" : op.type === "primary" ? "remove_pk" : "remove_constraint"} ${at(op.table, op.name ?? "")}`],
  createSchema: (op) => [`add_schema ${op.name}`],
  dropSchema: (op) => [`remove_schema ${op.name}`],
  createEnum: (op) => [`add_enum ${typeName(op)}`],
  dropEnum: (op) => [`remove_enum ${typeName(op)}`],
  addEnumValue: (op) => [`add_enum_value ${typeName(op)}.${op.value}`],
  recreateEnum: (op) => [`recreate_enum ${typeName(op)}`],
  createSequence: (op) => [`add_sequence ${op.name}`],
  alterSequence: (op) => [`modify_sequence ${op.name}`],
  dropSequence: (op) => [`remove_sequence ${op.name}`],
  execute: () => [`execute`],
  bulkInsert: (op) => [`bulk_insert ${t(op.table)}`],
  batchAlterTable: (op) => op.ops.flatMap(alembicLines),
};

export function alembicLines(op: Op): string[] {
  return (NAMERS[op.kind] as (op: Op) => string[])(op);
}
