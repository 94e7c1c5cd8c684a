/**
 * recreateEnum on PostgreSQL, which cannot drop or move an enum value in place: drop the foreign keys
 * between columns of the type, rename the type away, create it again with the new values, convert every
 * column that uses it through text (defaults, which name the type, dropped before and set again after),
 * add the foreign keys again, drop the old type. Every statement names the type with the schema it lives
 * in (found through the search_path online), so that the new type takes the old one's place.
 *
 * In a transaction (the default) a row holding a removed value fails the cast and the revision rolls back
 * with nothing changed; outside one (a `transactional = false` revision, op.autocommit) the statements
 * before the failing one stay done. What cannot be carried over is refused before any SQL runs: another
 * dependent of the type (a view, domain, function, partition key...) and a default that names a removed
 * value (change the default first, as autogenerate does).
 */
import { UnsupportedOperationError } from "../../errors.ts";
import type * as ops from "../../operations/ops.ts";
import { fitName, hash8 } from "../../schema/naming.ts";
import type { Statement, TypedColumn, TypeUsage } from "../dialect.ts";
import type { SqlCompiler } from "../sql/compiler.ts";
import { valuesNamedBy } from "../../schema/enum_default_values.ts";

type Sql = Pick<SqlCompiler, "quoteIdentifier" | "qualify" | "stringLiteral" | "defaultValue">;

/**
 * The name the old type has while the columns move off it, in the same schema: "<name>_old_<hash of the
 * values>", fitted to 63 bytes, so that it does not meet a type or table the user named "<name>_old".
 */
export function oldEnumName(op: Pick<ops.RecreateEnumOp, "name" | "values" | "previous">): string {
  return fitName(`${op.name}_old_${hash8(JSON.stringify([op.previous ?? null, op.values]))}`, 63);
}

export function recreateEnumStatements(sql: Sql, op: ops.RecreateEnumOp, usage: TypeUsage): Statement[] {
  refuseWhatCannotMove(op, usage);
  const schema = op.schema ?? usage.schema;
  const at = (name: string) => sql.qualify(schema !== undefined ? { name, schema } : { name });
  const type = at(op.name);
  const old = oldEnumName(op);
  const out: string[] = [
    ...usage.foreignKeys.map((k) => `ALTER TABLE ${sql.qualify(k.table)} DROP CONSTRAINT ${sql.quoteIdentifier(k.name)}`),
    `ALTER TYPE ${type} RENAME TO ${sql.quoteIdentifier(old)}`,
    `CREATE TYPE ${type} AS ENUM (${op.values.map((v) => sql.stringLiteral(v)).join(", ")})`,
  ];
  // One ALTER TABLE per table: the table is rewritten once, whatever the number of its columns.
  const byTable = new Map<string, { table: ops.TableRef; columns: TypedColumn[] }>();
  for (const c of usage.columns) {
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
  out.push(...usage.foreignKeys.map((k) => `ALTER TABLE ${sql.qualify(k.table)} ADD CONSTRAINT ${sql.quoteIdentifier(k.name)} ${k.definition}`));
  out.push(`DROP TYPE ${at(old)}`);
  return out.map((s) => ({ sql: s }));
}

function refuseWhatCannotMove(op: ops.RecreateEnumOp, usage: TypeUsage): void {
  if (usage.blockers.length > 0) {
    throw new UnsupportedOperationError(
      `recreateEnum("${op.name}") cannot carry over what depends on the type besides table columns, their defaults and foreign keys: ${usage.blockers.join("; ")}. ` +
        `Drop them before (op.execute) and create them again after`,
    );
  }
  for (const c of usage.columns) {
    const lost = valuesNamedBy(c.default).filter((v) => !op.values.includes(v));
    if (lost.length === 0) continue;
    const table = c.table.schema !== undefined ? `${c.table.schema}.${c.table.name}` : c.table.name;
    throw new UnsupportedOperationError(
      `recreateEnum("${op.name}"): the default of column ${table}.${c.column} names "${lost[0]}", a value the type loses: ` +
        `drop that default before (op.alterColumn("${table}", "${c.column}", { default: null })) and set the new one after, as autogenerate writes it`,
    );
  }
}
