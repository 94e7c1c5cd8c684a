/**
 * Ops rendered as the TypeScript a person would write in upgrade()/downgrade(): one `await op.x(...)`
 * call per op. A table of renderers typed over every op kind (like the DDL compiler's), so a kind left
 * out is a type error.
 */
import type * as ops from "../operations/ops.ts";

type Renderers = { [K in ops.OpKind]: (op: Extract<ops.Op, { kind: K }>) => string };

/** A JavaScript literal for a plain value: strings quoted, object keys bare where they can be. */
export function literal(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v)}`).join(", ")} }`;
}

function table(ref: ops.TableRef): string {
  return JSON.stringify(ref.schema ? `${ref.schema}.${ref.name}` : ref.name);
}

/** `{ ...rest }` without the keys named, or "" when nothing is left. */
function options(op: object, skip: readonly string[]): string {
  const rest = Object.fromEntries(Object.entries(op).filter(([k, v]) => !skip.includes(k) && v !== undefined));
  return Object.keys(rest).length > 0 ? `, ${literal(rest)}` : "";
}

/** A column as a person writes it: name and type first, defaults (nullable, not null on a key) left out. */
function column(c: ops.ColumnDef): ops.ColumnDef {
  const { name, type, nullable, primaryKey, ...rest } = c;
  const implied = nullable === undefined || nullable === !primaryKey;
  return { name, type, ...(implied ? {} : { nullable }), ...(primaryKey ? { primaryKey } : {}), ...rest };
}

/** `name` first, as in `{ name: "uq_users_email", columns: ["email"] }`. */
function named<T extends { readonly name?: string }>(x: T): T {
  const { name, ...rest } = x;
  return (name === undefined ? rest : { name, ...rest }) as T;
}

const call = (method: string, args: string) => `await op.${method}(${args});`;

const RENDER: Renderers = {
  createTable: (op) => {
    const columns = op.columns.map((c) => `  ${literal(column(c))},`).join("\n");
    const rest = { ...op, ...(op.uniques ? { uniques: op.uniques.map(named) } : {}), ...(op.checks ? { checks: op.checks.map(named) } : {}), ...(op.foreignKeys ? { foreignKeys: op.foreignKeys.map(named) } : {}) };
    return `await op.createTable(${table(op.table)}, [\n${columns}\n]${options(rest, ["kind", "table", "columns"])});`;
  },
  dropTable: (op) => call("dropTable", `${table(op.table)}${options(op, ["kind", "table", "existing"])}`),
  renameTable: (op) => call("renameTable", `${table(op.table)}, ${literal(op.newName)}`),
  setTableComment: (op) => call("setTableComment", `${table(op.table)}, ${literal(op.comment)}${options(op, ["kind", "table", "comment"])}`),
  addColumn: (op) => call("addColumn", `${table(op.table)}, ${literal(column(op.column))}`),
  dropColumn: (op) => call("dropColumn", `${table(op.table)}, ${literal(op.column)}`),
  alterColumn: (op) => call("alterColumn", `${table(op.table)}, ${literal(op.column)}${options(op, ["kind", "table", "column"]) || ", {}"}`),
  createIndex: (op) => call("createIndex", `${literal(op.name)}, ${table(op.table)}, ${literal(op.columns)}${options(op, ["kind", "name", "table", "columns"])}`),
  dropIndex: (op) => call("dropIndex", `${literal(op.name)}${op.table ? `, ${table(op.table)}` : ""}${options(op, ["kind", "name", "table", "existing"])}`),
  createPrimaryKey: (op) => call("createPrimaryKey", `${literal(op.name)}, ${table(op.table)}, ${literal(op.columns)}`),
  createForeignKey: (op) => {
    const { columns, refTable, refColumns, name: _, ...rest } = op.foreignKey;
    const extra = Object.keys(rest).length > 0 ? `, ${literal(rest)}` : "";
    return call("createForeignKey", `${literal(op.name)}, ${table(op.table)}, ${literal(refTable)}, ${literal(columns)}, ${literal(refColumns)}${extra}`);
  },
  createUniqueConstraint: (op) => call("createUniqueConstraint", `${literal(op.name)}, ${table(op.table)}, ${literal(op.columns)}${options(op, ["kind", "name", "table", "columns"])}`),
  createCheckConstraint: (op) => call("createCheckConstraint", `${op.name === undefined ? "null" : literal(op.name)}, ${table(op.table)}, ${literal(op.condition)}`),
  dropConstraint: (op) => {
    const { kind: _k, name, table: ref, existing: _e, ...rest } = op;
    if (name === undefined) return call("dropConstraint", `{ table: ${table(ref)}${Object.keys(rest).length > 0 ? `, ${literal(rest).slice(2)}` : " }"}`);
    return call("dropConstraint", `${literal(name)}, ${table(ref)}${Object.keys(rest).length > 0 ? `, ${literal(rest)}` : ""}`);
  },
  createSchema: (op) => call("createSchema", `${literal(op.name)}${options(op, ["kind", "name"])}`),
  dropSchema: (op) => call("dropSchema", `${literal(op.name)}${options(op, ["kind", "name"])}`),
  createEnum: (op) => call("createEnum", `${literal(op.name)}, ${literal(op.values)}${options(op, ["kind", "name", "values"])}`),
  dropEnum: (op) => call("dropEnum", `${literal(op.name)}${options(op, ["kind", "name", "existing"])}`),
  addEnumValue: (op) => call("addEnumValue", `${literal(op.name)}, ${literal(op.value)}${options(op, ["kind", "name", "value"])}`),
  recreateEnum: (op) => call("recreateEnum", `${literal(op.name)}, ${literal({ values: op.values, previous: op.previous, schema: op.schema })}`),
  createSequence: (op) => call("createSequence", `${literal(op.name)}${options(op, ["kind", "name"])}`),
  alterSequence: (op) => call("alterSequence", `${literal(op.name)}${options(op, ["kind", "name", "existing"])}`),
  dropSequence: (op) => call("dropSequence", `${literal(op.name)}${options(op, ["kind", "name", "existing"])}`),
  createView: (op) => call("createView", `${literal(op.name)}, ${literal(op.query)}${options(op, ["kind", "name", "query"])}`),
  dropView: (op) => call("dropView", `${literal(op.name)}${options(op, ["kind", "name", "existing"])}`),
  execute: (op) => call("execute", `${literal(op.sql)}${op.params && op.params.length > 0 ? `, ${literal(op.params)}` : ""}`),
  bulkInsert: (op) => call("bulkInsert", `${table(op.table)}, ${literal(op.rows)}`),
  batchAlterTable: (op) => {
    const inner = op.ops.map((o) => `  ${batchCall(o)}`).join("\n");
    return `await op.batchAlterTable(${table(op.table)}, (batch) => {\n${inner}\n}${op.recreate ? `, ${literal({ recreate: op.recreate })}` : ""});`;
  },
};

/** A batch's alteration: the op's call without `await op.` and without the table. */
function batchCall(op: ops.TableAlteration): string {
  const full = renderOp(op);
  const m = /^await op\.(\w+)\((.*)\);$/s.exec(full);
  if (!m || !op.table) return full;
  const tableArg = table(op.table);
  const args = m[2]!;
  // The table is the first argument of column ops and the second of index and constraint ops; the first
  // key of dropConstraint's object form (a constraint without a name, found by its kind or structure).
  const inObject = `{ table: ${tableArg}`;
  const without = args.startsWith(`${tableArg}, `)
    ? args.slice(tableArg.length + 2)
    : args.startsWith(inObject)
      ? `{${args.slice(inObject.length).replace(/^,/, "")}`
      : args.replace(`, ${tableArg}`, "");
  return `batch.${m[1]}(${without});`;
}

export function renderOp(op: ops.Op): string {
  const render = RENDER[op.kind] as (op: ops.Op) => string;
  return render(op);
}

/** The body of upgrade() or downgrade(): each op on its line, notes above it as comments. */
export function renderBody(items: readonly { readonly op: ops.Op | undefined; readonly comments: readonly string[] }[]): string {
  const lines: string[] = [];
  for (const item of items) {
    for (const c of item.comments) lines.push(`// ${c}`);
    if (item.op) lines.push(renderOp(item.op));
  }
  // The revision template indents every line to its placeholder.
  return lines.join("\n");
}
