import type { Statement, VersionTableName, VersionTableSql } from "../dialect.ts";
import type { SqlCompiler } from "./compiler.ts";

/** Version table SQL in standard SQL, with the dialect's quoting: one VARCHAR primary-key column. */
export function standardVersionTable(
  compiler: SqlCompiler,
  table: VersionTableName,
  exists: (table: VersionTableName) => Statement,
): VersionTableSql {
  const qualified = compiler.qualify(table.schema ? { name: table.name, schema: table.schema } : { name: table.name });
  const col = compiler.quoteIdentifier("version_num");
  const pk = compiler.quoteIdentifier(`${table.name}_pkc`);
  const lit = (version: string) => compiler.stringLiteral(version);
  return {
    name: qualified,
    create: (ifNotExists) =>
      `CREATE TABLE ${ifNotExists ? "IF NOT EXISTS " : ""}${qualified} (\n    ${col} VARCHAR(128) NOT NULL,\n    CONSTRAINT ${pk} PRIMARY KEY (${col})\n)`,
    drop: () => `DROP TABLE ${qualified}`,
    select: () => `SELECT ${col} FROM ${qualified}`,
    exists: () => exists(table),
    // Revision ids are written as literals, not bound: the statements are the same online and offline,
    // and drivers send them with the simple protocol (one message, no prepare) on every step of a run.
    insert: (version) => ({ sql: `INSERT INTO ${qualified} (${col}) VALUES (${lit(version)})` }),
    delete: (version) => ({ sql: `DELETE FROM ${qualified} WHERE ${col} = ${lit(version)}` }),
    update: (from, to) => ({ sql: `UPDATE ${qualified} SET ${col} = ${lit(to)} WHERE ${col} = ${lit(from)}` }),
  };
}
