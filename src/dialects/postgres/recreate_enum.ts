/**
 * recreateEnum on PostgreSQL, which cannot drop or move an enum value in place: rename the type away,
 * create it again with the new values, convert every column that uses it through text (defaults, which
 * name the type, dropped before and set again after), drop the old type. All of it is transactional, so
 * a row holding a removed value fails the cast and the revision rolls back with nothing changed.
 */
import type * as ops from "../../operations/ops.ts";
import { fitName } from "../../schema/naming.ts";
import type { Statement, TypedColumn } from "../dialect.ts";
import type { SqlCompiler } from "../sql/compiler.ts";

type Sql = Pick<SqlCompiler, "quoteIdentifier" | "qualify" | "stringLiteral" | "defaultValue">;

/** The name the old type has while the columns move off it: the same schema, "<name>_old". */
export function oldEnumName(name: string): string {
  return fitName(`${name}_old`, 63);
}

export function recreateEnumStatements(sql: Sql, op: ops.RecreateEnumOp, columns: readonly TypedColumn[]): Statement[] {
  const at = (name: string) => sql.qualify(op.schema !== undefined ? { name, schema: op.schema } : { name });
  const type = at(op.name);
  const old = oldEnumName(op.name);
  const out: string[] = [
    `ALTER TYPE ${type} RENAME TO ${sql.quoteIdentifier(old)}`,
    `CREATE TYPE ${type} AS ENUM (${op.values.map((v) => sql.stringLiteral(v)).join(", ")})`,
  ];
  // One ALTER TABLE per table: the table is rewritten once, whatever the number of its columns.
  const byTable = new Map<string, { table: ops.TableRef; columns: TypedColumn[] }>();
  for (const c of columns) {
    const key = sql.qualify(c.table);
    const entry = byTable.get(key) ?? { table: c.table, columns: [] };
    entry.columns.push(c);
    byTable.set(key, entry);
  }
  for (const [table, entry] of byTable) {
    const column = (c: TypedColumn) => `ALTER COLUMN ${sql.quoteIdentifier(c.column)}`;
    const clauses = [
      ...entry.columns.filter((c) => c.default !== undefined).map((c) => `${column(c)} DROP DEFAULT`),
      ...entry.columns.map((c) => {
        const suffix = c.array ? "[]" : "";
        return `${column(c)} TYPE ${type}${suffix} USING ${sql.quoteIdentifier(c.column)}::text${suffix}::${type}${suffix}`;
      }),
      ...entry.columns.flatMap((c) => (c.default !== undefined ? [`${column(c)} SET DEFAULT ${sql.defaultValue(c.default)}`] : [])),
    ];
    out.push(`ALTER TABLE ${table} ${clauses.join(", ")}`);
  }
  out.push(`DROP TYPE ${at(old)}`);
  return out.map((s) => ({ sql: s }));
}
