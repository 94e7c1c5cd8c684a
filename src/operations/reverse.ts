import type { AlterSequenceOp, Op } from "./ops.ts";
import { alteredSequence, sequenceChanges } from "../schema/sequence.ts";

/**
 * The op that undoes `op`, or undefined when it cannot be known from the op alone (a drop without its
 * `existing` definition, raw SQL, data). Autogenerate writes the upgrade and gets the downgrade from this.
 */
export function reverse(op: Op): Op | undefined {
  switch (op.kind) {
    case "createTable":
      return { kind: "dropTable", table: op.table, existing: op };
    case "dropTable":
      return op.existing;
    case "renameTable":
      return { kind: "renameTable", table: { ...op.table, name: op.newName }, newName: op.table.name };
    case "setTableComment":
      return op.existingComment === undefined ? undefined : { kind: "setTableComment", table: op.table, comment: op.existingComment, existingComment: op.comment };
    case "addColumn":
      return { kind: "dropColumn", table: op.table, column: op.column.name, existing: op.column };
    case "dropColumn":
      return op.existing ? { kind: "addColumn", table: op.table, column: op.existing } : undefined;
    case "alterColumn": {
      const back: { -readonly [K in keyof typeof op]: (typeof op)[K] } = { kind: "alterColumn", table: op.table, column: op.newName ?? op.column };
      if (op.newName) back.newName = op.column;
      if (op.type !== undefined) {
        if (op.existingType === undefined) return undefined;
        back.type = op.existingType;
        back.existingType = op.type;
      }
      if (op.nullable !== undefined) {
        if (op.existingNullable === undefined) return undefined;
        back.nullable = op.existingNullable;
        back.existingNullable = op.nullable;
      }
      if (op.default !== undefined) {
        back.default = op.existingDefault === undefined ? null : op.existingDefault;
        back.existingDefault = op.default;
      }
      if (op.comment !== undefined) {
        if (op.existingComment === undefined) return undefined;
        back.comment = op.existingComment;
        back.existingComment = op.comment;
      }
      if (op.autoincrement !== undefined) {
        if (op.existingAutoincrement === undefined) return undefined;
        back.autoincrement = op.existingAutoincrement;
        back.existingAutoincrement = op.autoincrement;
      } else if (op.existingAutoincrement !== undefined) {
        // Unchanged, and still known: a type change back to serial must not number the column twice.
        back.existingAutoincrement = op.existingAutoincrement;
      }
      if (op.collation !== undefined) {
        if (op.existingCollation === undefined) return undefined;
        back.collation = op.existingCollation;
        back.existingCollation = op.collation;
      }
      if (op.generated !== undefined) {
        if (op.existingGenerated === undefined) return undefined;
        back.generated = op.existingGenerated;
        back.existingGenerated = op.generated;
      }
      return back;
    }
    case "createIndex":
      return { kind: "dropIndex", name: op.name, table: op.table, existing: op, ...(op.concurrently ? { concurrently: true } : {}) };
    case "dropIndex":
      return op.existing;
    case "createPrimaryKey":
      return { kind: "dropConstraint", name: op.name, table: op.table, type: "primary", existing: op };
    case "createForeignKey":
      return { kind: "dropConstraint", name: op.name, table: op.table, type: "foreign", existing: op };
    case "createUniqueConstraint":
      return { kind: "dropConstraint", name: op.name, table: op.table, type: "unique", existing: op };
    case "createCheckConstraint":
      // An unnamed CHECK is found again by its condition.
      return op.name !== undefined
        ? { kind: "dropConstraint", name: op.name, table: op.table, type: "check", existing: op }
        : { kind: "dropConstraint", table: op.table, type: "check", check: op.condition, existing: op };
    case "dropConstraint":
      return op.existing;
    case "createSchema":
      return { kind: "dropSchema", name: op.name };
    case "dropSchema":
      return undefined;
    case "createEnum":
      return { kind: "dropEnum", name: op.name, ...(op.schema ? { schema: op.schema } : {}), existing: op };
    case "dropEnum":
      return op.existing;
    case "addEnumValue":
      return undefined; // PostgreSQL cannot drop an enum value
    case "recreateEnum":
      return op.previous === undefined ? undefined : { kind: "recreateEnum", name: op.name, ...(op.schema ? { schema: op.schema } : {}), values: op.previous, previous: op.values };
    case "createSequence":
      return { kind: "dropSequence", name: op.name, ...(op.schema ? { schema: op.schema } : {}), existing: op };
    case "alterSequence":
      return op.existing === undefined ? undefined : reverseAlterSequence(op, op.existing);
    case "dropSequence":
      return op.existing;
    case "createView":
      return { kind: "dropView", name: op.name, ...(op.schema ? { schema: op.schema } : {}), ...(op.materialized ? { materialized: true } : {}), existing: op };
    case "dropView":
      return op.existing;
    case "execute":
    case "bulkInsert":
      return undefined;
    case "batchAlterTable": {
      const inner = [...op.ops].reverse().map((o) => reverse(o));
      if (inner.some((o) => o === undefined)) return undefined;
      return { ...op, ops: inner as typeof op.ops };
    }
  }
}

/**
 * The ALTER SEQUENCE that puts `existing` back: the options that differ after `op` (sequence.ts decides,
 * the bounds and start too where the direction changed back), with the sequence after `op` as its own
 * `existing`. An op that changed nothing is its own reverse.
 */
function reverseAlterSequence(op: AlterSequenceOp, existing: NonNullable<AlterSequenceOp["existing"]>): AlterSequenceOp {
  const { name: _, schema: _s, ...after } = alteredSequence({ name: op.name, ...existing }, op);
  const back = sequenceChanges(after, existing);
  if (!back) return { ...op, existing: after };
  return { kind: "alterSequence", name: op.name, ...(op.schema ? { schema: op.schema } : {}), ...back, existing: after };
}
