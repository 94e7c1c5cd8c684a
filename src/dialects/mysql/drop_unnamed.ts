import type * as ops from "../../operations/ops.ts";
import type { FoundConstraint } from "../../schema/find_constraint.ts";
import { mentionsIdentifier } from "../../schema/identifiers.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Statement } from "../dialect.ts";
import type { MysqlCompiler } from "./ddl.ts";

/**
 * Offline, an unnamed foreign key, unique key or CHECK has a name only the server knows (t_ibfk_2,
 * CONSTRAINT_1): the script finds it in information_schema and runs the drop as a prepared statement.
 * A foreign key or unique key is found by its columns, a CHECK by the columns its condition names.
 */
export function dropUnnamedInCatalog(compiler: MysqlCompiler, table: ops.TableRef, c: FoundConstraint, model: TableModel): Statement[] | undefined {
  if (c.type === "primary") return undefined;
  const schema = table.schema !== undefined ? compiler.stringLiteral(table.schema) : "DATABASE()";
  const where = `TABLE_SCHEMA = ${schema} AND TABLE_NAME = ${compiler.stringLiteral(table.name)}`;
  const head = compiler.stringLiteral(`ALTER TABLE ${compiler.qualify(table)} `);
  const quoted = (column: string) => `CONCAT('\`', REPLACE(${column}, '\`', '\`\`'), '\`')`;
  let select: string;
  if (c.type === "check") {
    const columns = model.columns.filter((col) => mentionsIdentifier(c.def.condition, col.name)).map((col) => col.name);
    if (columns.length === 0) return undefined;
    const mentions = columns.map((col) => `cc.CHECK_CLAUSE LIKE ${compiler.stringLiteral(`%${compiler.quoteIdentifier(col)}%`)}`).join(" AND ");
    // A CHECK named after a column it names is MariaDB's column-level one: MODIFY the column without it.
    const modify = columns.length === 1 ? model.columns.find((col) => col.name === columns[0]) : undefined;
    const drop = `CONCAT(${head}, 'DROP CONSTRAINT ', ${quoted("tc.CONSTRAINT_NAME")})`;
    const form = modify ? `IF(tc.CONSTRAINT_NAME = ${compiler.stringLiteral(modify.name)}, ${compiler.stringLiteral(`ALTER TABLE ${compiler.qualify(table)} ${compiler.modifyPlain(modify)}`)}, ${drop})` : drop;
    select =
      `SELECT ${form} FROM information_schema.TABLE_CONSTRAINTS tc ` +
      `JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME ` +
      `WHERE tc.${where.replace(" AND TABLE_NAME", " AND tc.TABLE_NAME")} AND tc.CONSTRAINT_TYPE = 'CHECK' AND ${mentions} LIMIT 1`;
  } else {
    const columns = compiler.stringLiteral(c.def.columns.join(","));
    const clause = c.type === "foreign" ? "'DROP FOREIGN KEY '" : "'DROP INDEX '";
    const kind = c.type === "foreign" ? "REFERENCED_TABLE_NAME IS NOT NULL" : "REFERENCED_TABLE_NAME IS NULL AND CONSTRAINT_NAME <> 'PRIMARY'";
    select =
      `SELECT CONCAT(${head}, ${clause}, ${quoted("CONSTRAINT_NAME")}) FROM information_schema.KEY_COLUMN_USAGE ` +
      `WHERE ${where} AND ${kind} GROUP BY CONSTRAINT_NAME ` +
      `HAVING GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR ',') = ${columns} LIMIT 1`;
  }
  const out = prepared(select, false);
  if (c.type === "foreign") {
    // The index InnoDB made for the unnamed key is named after its first column; drop it too, as online.
    const index = compiler.stringLiteral(c.def.columns[0]!);
    out.push(...prepared(
      `SELECT CONCAT(${head}, 'DROP INDEX ', ${quoted("INDEX_NAME")}) FROM information_schema.STATISTICS WHERE ${where} AND INDEX_NAME = ${index} LIMIT 1`,
      true,
    ));
  }
  return out;
}

/** A statement built by a query and run as a prepared statement; `optional`: nothing to run is no error. */
function prepared(select: string, optional: boolean): Statement[] {
  return [
    { sql: `SET @migrator_drop = ${optional ? `COALESCE((${select}), 'DO 0')` : `(${select})`}` },
    { sql: "PREPARE migrator_drop FROM @migrator_drop" },
    { sql: "EXECUTE migrator_drop" },
    { sql: "DEALLOCATE PREPARE migrator_drop" },
  ];
}
