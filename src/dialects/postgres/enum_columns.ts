/**
 * The columns that use an enum type (as their type or as an array of it), which recreating the type must
 * convert: read from the catalog online, in every schema; found in the tracked tables offline, by the
 * type name each column was written with.
 */
import type { ColumnType } from "../../operations/ops.ts";
import type { TableModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import type { TypedColumn } from "../dialect.ts";

type TypeRef = { readonly name: string; readonly schema?: string };

/**
 * Columns of ordinary and partitioned tables, of any schema, whose type is the one DDL naming `type`
 * would reach (`"app"."mood"`, or "mood" through the search_path). Inherited columns (partitions,
 * children) are left out: converting the parent's column converts theirs.
 */
export async function readColumnsOfType(conn: Connection, type: TypeRef): Promise<TypedColumn[]> {
  const rows = await conn.query<{ schema: string; table: string; column: string; array: boolean; dflt: string | null }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column, a.atttypid = t.typarray AS array,
            pg_get_expr(d.adbin, d.adrelid) AS dflt
       FROM pg_type t
       JOIN pg_attribute a ON a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE t.typtype = 'e' AND t.typname = ? AND ${type.schema !== undefined ? "t.typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ?)" : "pg_type_is_visible(t.oid)"}
      ORDER BY n.nspname, c.relname, a.attnum`,
    type.schema !== undefined ? [type.name, type.schema] : [type.name],
  );
  return rows.map((r) => ({
    table: { name: r.table, schema: r.schema },
    column: r.column,
    array: r.array === true,
    ...(r.dflt !== null ? { default: { sql: r.dflt } } : {}),
  }));
}

/**
 * The same from tables known without a server (offline): a column written with the type's name, bare for
 * a type without a schema ("mood", "mood[]") or qualified for one in a schema ("app.mood"). Unquoted
 * names fold to lower case, as the server folds them.
 */
export function columnsOfTypeIn(tables: readonly TableModel[], type: TypeRef): TypedColumn[] {
  const out: TypedColumn[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      const named = typeName(c.type);
      if (!named || named.name !== type.name || named.schema !== type.schema) continue;
      out.push({ table: t.table, column: c.name, array: named.array, ...(c.default !== undefined ? { default: c.default } : {}) });
    }
  }
  return out;
}

/** `app.mood[]` → { schema: "app", name: "mood", array: true }; undefined for a type that is not a plain name. */
export function typeName(type: ColumnType): { name: string; schema?: string; array: boolean } | undefined {
  let text = (typeof type === "string" ? type : type.raw).trim();
  let array = false;
  while (/\[\s*\d*\s*\]$/.test(text)) {
    array = true;
    text = text.replace(/\[\s*\d*\s*\]$/, "").trimEnd();
  }
  const parts: string[] = [];
  const ident = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (ident.lastIndex < text.length && (m = ident.exec(text)) !== null) {
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!.toLowerCase());
    if (m[3] === "") break;
  }
  if (ident.lastIndex !== text.length || parts.length === 0 || parts.length > 2) return undefined;
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]!, array } : { name: parts[0]!, array };
}
