/**
 * The declared schema in the server's own words: created in the dialect's scratch place (a rolled-back
 * transaction, a scratch database, an in-memory SQLite), reflected with the code that reflects the real
 * database, then removed. Comparing server text with server text leaves no false differences from the
 * server's rewrites (now() vs CURRENT_TIMESTAMP, int vs int(11), CHECK text, '{}'::jsonb).
 */
import type { Connection } from "../dialects/connection.ts";
import type { CompileContext, Dialect, Scratch, Statement } from "../dialects/dialect.ts";
import { describeOp, type Op } from "../operations/ops.ts";
import type { ColumnDef, DefaultValue } from "../operations/ops.ts";
import type { DatabaseModel, TableModel, ViewModel } from "../schema/model.ts";
import { tokens } from "../dialects/sql/lexer.ts";
import { buildOps } from "./declared.ts";
import { SchemaDeclarationError } from "./errors.ts";

function withoutComments(op: Op): Op {
  const plain = <C extends { readonly comment?: string | null }>(c: C): C => {
    const { comment: _, ...rest } = c;
    return rest as C;
  };
  if (op.kind === "createTable") return { ...plain(op), columns: op.columns.map(plain) };
  if (op.kind === "addColumn") return { ...op, column: plain(op.column) };
  return op;
}

export async function serverForm(dialect: Dialect, conn: Connection, declared: DatabaseModel): Promise<DatabaseModel> {
  const scratch = await dialect.scratch(conn, declared.schemas);
  try {
    const ctx: CompileContext = { table: (ref) => dialect.reflectTable(scratch.conn, ref) };
    // The scratch made the declared schemas already.
    // The scratch made the declared schemas already; a dialect without comments (SQLite) refuses them,
    // and has none to compare.
    const ops = buildOps(inScratch(declared, scratch), dialect.capabilities.alterConstraints)
      .filter((op) => op.kind !== "createSchema")
      .map((op) => (dialect.capabilities.comments ? op : withoutComments(op)));
    for (const op of ops) {
      let statements: readonly Statement[];
      try {
        statements = await dialect.compile(op, ctx);
      } catch (error) {
        throw refused(op, error);
      }
      if (op.kind === "createTable") statements = withTableOptions(statements, scratch.tableOptions?.(op.table) ?? "");
      for (const s of statements) {
        try {
          await scratch.conn.execute(s.sql, s.params);
        } catch (error) {
          throw refused(op, error);
        }
      }
    }
    const schemas = declared.schemas.map((s) => scratch.schema(s) ?? s);
    return fromScratch(await dialect.reflect(scratch.conn, { schemas }), scratch);
  } finally {
    await scratch.release();
  }
}

/** The CREATE TABLE (the first statement) with the scratch's table options after it. */
function withTableOptions(statements: readonly Statement[], options: string): readonly Statement[] {
  const [first, ...rest] = statements;
  return options === "" || first === undefined ? statements : [{ ...first, sql: `${first.sql}${options}` }, ...rest];
}

function refused(op: Op, error: unknown): SchemaDeclarationError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new SchemaDeclarationError(`The declared schema is not valid here: ${describeOp(op)} was refused by the server: ${reason}`, { cause: error });
}

type WithSchema = { readonly schema?: string };

function mapSchema<T extends WithSchema>(item: T, map: (s: string | undefined) => string | undefined): T {
  const schema = map(item.schema);
  const { schema: _, ...rest } = item;
  return (schema === undefined ? rest : { ...rest, schema }) as T;
}

/** A type named with a schema (`billing.kind`, an enum of a declared schema) follows its schema too. */
function mapType(type: ColumnDef["type"], map: (s: string | undefined) => string | undefined): ColumnDef["type"] {
  const text = typeof type === "string" ? type : type.raw;
  const m = /^("?)([A-Za-z_][\w$]*)\1\.(.+)$/s.exec(text);
  if (!m) return type;
  let schema: string | undefined;
  try {
    schema = map(m[2]);
  } catch {
    return type; // not a schema the scratch knows (MySQL refuses to guess): the type stays as written
  }
  if (schema === undefined || schema === m[2]) return type;
  const mapped = `${m[1]}${schema}${m[1]}.${m[3]}`;
  return typeof type === "string" ? mapped : { raw: mapped };
}

/**
 * A default that names a relation of a schema in a string literal (nextval('billing.counter'), read as a
 * regclass when the table is made) follows its schema too: in the scratch, the declared schema's objects
 * are in its scratch schema, and the real one may not exist yet.
 */
function mapDefault(value: DefaultValue, map: (s: string | undefined) => string | undefined): DefaultValue {
  if (value === null || typeof value !== "object") return value;
  let sql = "";
  for (const t of tokens(value.sql, {})) {
    const text = value.sql.slice(t.start, t.end);
    const m = t.kind === "string" && t.terminated ? /^'("?)([A-Za-z_][\w$]*)\1\.(.+)'$/s.exec(text) : null;
    let schema: string | undefined;
    try {
      schema = m ? map(m[2]) : undefined;
    } catch {
      schema = undefined; // not a schema the scratch knows: the literal stays as written
    }
    sql += m && schema !== undefined && schema !== m[2] ? `'${m[1]}${schema}${m[1]}.${m[3]}'` : text;
  }
  return { sql };
}

/**
 * A table with its schema, types, defaults and keys' schemas mapped. `defaultName`: the name of the default
 * schema where `map` gives none, for a key from a table of another schema into the default one (a key
 * without refSchema means its own table's schema).
 */
function mapTable(t: TableModel, map: (s: string | undefined) => string | undefined, defaultName?: string): TableModel {
  const table = mapSchema(t.table, map);
  return {
    ...t,
    table,
    columns: t.columns.map((c) => ({ ...c, type: mapType(c.type, map), ...(c.default !== undefined ? { default: mapDefault(c.default, map) } : {}) })),
    foreignKeys: t.foreignKeys.map((fk) => {
      if (fk.refSchema === undefined) return fk;
      const refSchema = map(fk.refSchema) ?? (table.schema !== undefined ? defaultName : undefined);
      const { refSchema: _, ...rest } = fk;
      return refSchema === undefined ? rest : { ...rest, refSchema };
    }),
    indexes: t.indexes.map((ix) => ({ ...ix, table })),
  };
}

/**
 * A view with its schema and the schemas its query names (`billing.invoices`) mapped; a name the map does
 * not know (another database's, a table alias) stays as written.
 */
function mapView(v: ViewModel, map: (s: string | undefined) => string | undefined): ViewModel {
  let query = "";
  const parts = [...tokens(v.query, { bracketIdentifiers: true })].map((t) => ({ t, text: v.query.slice(t.start, t.end) }));
  parts.forEach(({ t, text }, i) => {
    const dot = parts[i + 1]?.text === ".";
    const name = t.kind === "identifier" && t.terminated ? text.slice(1, -1) : t.kind === "word" ? text : undefined;
    let schema: string | undefined;
    try {
      schema = dot && name !== undefined ? map(name) : undefined;
    } catch {
      schema = undefined; // not a schema the scratch knows: as written
    }
    query += schema !== undefined && schema !== name ? (t.kind === "identifier" ? `${text[0]}${schema}${text.at(-1)}` : schema) : text;
  });
  return { ...mapSchema(v, map), query };
}

function inScratch(model: DatabaseModel, scratch: Scratch): DatabaseModel {
  const map = (s: string | undefined) => scratch.schema(s);
  // A view's query may name the default schema (public.users, or MySQL's own database): the scratch's default there.
  const own = scratch.defaultSchema;
  const real = own !== undefined ? scratch.declaredName(own) : undefined;
  const mapQualifier = (s: string | undefined) => (own !== undefined && real !== undefined && s !== undefined && s.toLowerCase() === real.toLowerCase() ? own : map(s));
  return {
    schemas: model.schemas.map((s) => scratch.schema(s) ?? s),
    tables: model.tables.map((t) => mapTable(t, map, scratch.defaultSchema)),
    enums: model.enums.map((e) => mapSchema(e, map)),
    sequences: model.sequences.map((s) => mapSchema(s, map)),
    // A materialized view is made empty there: its text is what is read, not its rows.
    ...(model.views ? { views: model.views.map((v) => ({ ...mapSchema(v, map), query: mapView(v, mapQualifier).query, ...(v.materialized ? { withData: false as const } : {}) })) } : {}),
  };
}

function fromScratch(model: DatabaseModel, scratch: Scratch): DatabaseModel {
  const map = (s: string | undefined) => (s === undefined ? undefined : scratch.declaredName(s));
  return {
    schemas: model.schemas.map((s) => scratch.declaredName(s)),
    tables: model.tables.map((t) => mapTable(t, map)),
    enums: model.enums.map((e) => mapSchema(e, map)),
    sequences: model.sequences.map((s) => mapSchema(s, map)),
    ...(model.views ? { views: model.views.map((v) => mapView(v, map)) } : {}),
  };
}
