/**
 * The fuzzer's second oracle. `check` compares with the same code that wrote the revision, so a difference
 * that code fails to see (a default change ignored) leaves no trace there; the walk therefore also builds
 * each step's schema from nothing in a twin database and compares the two reflections, leaving out only
 * what may rightly differ between a migrated database and a fresh one: the order of columns (ADD COLUMN
 * appends) and the names of keys and indexes (a renamed table keeps its keys' names; a name the server
 * made is kept, never renamed).
 */
import type { Config } from "../../../src/config/types.ts";
import { isBookkeepingTable, openSession } from "../../../src/runtime/session.ts";
import type { TableModel } from "../../../src/schema/model.ts";
import { FUZZ_SCHEMAS } from "./state.ts";

const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

function unnamed<T extends { readonly name?: string }>(items: readonly T[]): Omit<T, "name">[] {
  return items.map(({ name: _, ...rest }) => rest).sort(byJson);
}

/**
 * `now()` and `CURRENT_TIMESTAMP` are one default to autogenerate (equivalent_sql.ts), which rightly writes
 * nothing when a declaration changes one into the other: the migrated database keeps its spelling.
 */
function sameNow<C extends TableModel["columns"][number]>(c: C): C {
  const d = c.default;
  return d !== null && typeof d === "object" && /^(now\(\)|current_timestamp)$/i.test(d.sql.trim()) ? { ...c, default: { sql: "CURRENT_TIMESTAMP" } } : c;
}

function shapeOf(t: TableModel) {
  // A one-column key is flagged on its column when unnamed, and the table's when named: here, always the table's.
  const primaryKey = t.primaryKey?.columns ?? t.columns.filter((c) => c.primaryKey).map((c) => c.name);
  return {
    table: t.table,
    columns: t.columns.map(({ primaryKey: _, ...c }) => sameNow(c)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    primaryKey,
    foreignKeys: unnamed(t.foreignKeys),
    uniques: unnamed(t.uniques),
    checks: unnamed(t.checks),
    indexes: unnamed(t.indexes),
    comment: t.comment ?? null,
  };
}

/**
 * The database's tables (and enum types, where the dialect has them, and views) as reflected, in the form two
 * databases of the same schema share; on PostgreSQL, those of the fuzzer's other schemas too.
 */
export async function reflectedShape(config: Config): Promise<unknown[]> {
  const session = await openSession(config);
  try {
    const schemas = session.dialect.capabilities.schemas ? [...FUZZ_SCHEMAS] : [];
    const model = await session.dialect.reflect(session.conn, { schemas, skipTable: isBookkeepingTable(config) });
    // Views as the server prints them: both databases made them from the same declared text.
    return [...model.tables.map(shapeOf), ...model.enums.map((e) => ({ enum: e })), ...(model.views ?? []).map((v) => ({ view: v }))];
  } finally {
    await session.conn.close();
  }
}
