/**
 * Rows in the walk's tables, so that its upgrades run on data (type changes within a family, columns made
 * NOT NULL, keys and CHECKs added, SQLite rebuilds, PostgreSQL's identity turned on) as they would in
 * production. Before each step's revision is written and run, every table the database has gets one row
 * (or none) valid for the schema it has and for the one the step declares, so that the oracle stays sound:
 * a failure is migrator's, never a refusal the data earned.
 *
 * One row a table, every column holding its family's value (types.ts: the same value is valid for every
 * type of a family and every CHECK the fuzzer writes, and a foreign key between two columns of a family
 * always finds its row); an enum column holds a value the type keeps. A table is left empty when the step
 * makes that row invalid for reasons of its own: a column added NOT NULL without a default (the server
 * rightly refuses it), a CHECK on a column added with a default it may break, an enum losing every value
 * the row could hold, a foreign key from columns added with a default, to columns added, or to a table
 * without a row, and so on across keys. Downgrades may rightly fail on rows (a dropped NOT
 * NULL column added back), so the rows are deleted before them (emptyRows).
 *
 * After the upgrade, every table given a row must still hold one (a rebuild or a recreation that lost
 * the data would be a bug).
 */
import { expect } from "bun:test";
import type { Config } from "../../../src/config/types.ts";
import { openSession, type Session } from "../../../src/runtime/session.ts";
import { enumType, type FuzzColumn, type FuzzSchema, type FuzzTable, findColumn, findTable } from "./state.ts";
import type { TypePools } from "./types.ts";

/** Each family's value, as SQL every dialect reads into every type of the family. */
const VALUES: Readonly<Record<string, string>> = {
  int: "1",
  numeric: "1",
  string: "'a'",
  boolean: "TRUE",
  date: "'2020-01-02'",
  timestamp: "'2020-01-02 03:04:05'",
  uuid: "'00000000-0000-0000-0000-000000000001'",
  jsonb: "'{}'",
  array: "'{}'",
};

/** A table of the database (the schema before the step) and the row it gets: column name → SQL value. */
export interface PlannedRow {
  readonly table: FuzzTable;
  readonly values: ReadonlyMap<string, string>;
  /** The table's name once the step has run (a rename). */
  readonly after: string;
}

/** The table of `after` that `t` of `before` becomes (renamed or not); undefined when dropped. */
const successor = (after: FuzzSchema, t: FuzzTable) => after.tables.find((x) => (x.renamedFrom ?? x.name) === t.name);

/** The column of `before`'s table that `c` of the step's table was, if any. */
const predecessor = (was: FuzzTable, c: FuzzColumn) => findColumn(was, c.renamedFrom ?? c.name);

/** The rows to put in the database before the step from `before` to `after`: tables left out stay empty. */
export function plannedRows(before: FuzzSchema, after: FuzzSchema, types: TypePools): PlannedRow[] {
  const rows = new Map<string, Map<string, string>>();
  const next = new Map<string, FuzzTable>();
  for (const t of before.tables) {
    const a = successor(after, t);
    if (!a) continue;
    const values = rowOf(before, after, t, a, types);
    if (values) {
      rows.set(t.name, values);
      next.set(t.name, a);
    }
  }
  // Keys: a key of the step (or of the database) from a table with a row must find its row.
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of [...rows.keys()]) {
      const t = findTable(before, name)!;
      const a = next.get(name)!;
      const newKeyOk = a.foreignKeys.every((fk) => {
        const ref = after.tables.find((x) => x.name === fk.refTable);
        const was = ref && before.tables.find((x) => x.name === (ref.renamedFrom ?? ref.name));
        return (
          was !== undefined &&
          rows.has(was.name) &&
          // A column added without a default holds NULL, which references nothing and needs nothing.
          fk.columns.every((c) => predecessor(t, findColumn(a, c)!) !== undefined || (findColumn(a, c)!.nullable && findColumn(a, c)!.default === undefined)) &&
          fk.refColumns.every((c) => predecessor(was, findColumn(ref!, c)!) !== undefined)
        );
      });
      const oldKeyOk = t.foreignKeys.every((fk) => rows.has(fk.refTable));
      if (!newKeyOk || !oldKeyOk) {
        rows.delete(name);
        changed = true;
      }
    }
  }
  return [...rows].map(([name, values]) => ({ table: findTable(before, name)!, values, after: next.get(name)!.name }));
}

function rowOf(before: FuzzSchema, after: FuzzSchema, t: FuzzTable, a: FuzzTable, types: TypePools): Map<string, string> | undefined {
  const added = a.columns.filter((c) => predecessor(t, c) === undefined);
  // The server refuses a NOT NULL column without a default on a table with rows; a CHECK on a column added
  // with a default is checked against that default (the fuzzer may write default '' and CHECK (c <> '')).
  if (added.some((c) => !c.nullable && c.default === undefined && !c.generated && !c.autoincrement)) return undefined;
  if (a.checks.some((k) => added.some((c) => c.name === k.column))) return undefined;
  const values = new Map<string, string>();
  for (const c of t.columns) {
    if (c.generated) continue;
    const family = types.familyOf(c.type).name;
    if (family !== "enum") {
      values.set(c.name, VALUES[family]!);
      continue;
    }
    // A value the type has now and keeps (a value removed would fail the type's recreation, rightly).
    const now = before.enums.find((e) => enumType(e) === c.type)?.values ?? [];
    const ac = a.columns.find((x) => predecessor(t, x) === c);
    const later = ac ? (after.enums.find((e) => enumType(e) === ac.type)?.values ?? []) : now;
    const value = now.find((v) => later.includes(v));
    if (value === undefined) return undefined;
    values.set(c.name, `'${value}'`);
  }
  // Only generated columns: no INSERT written the same way everywhere; left empty.
  return values.size > 0 ? values : undefined;
}

const qualified = (session: Session, t: FuzzTable) => {
  const q = (n: string) => session.dialect.quoteIdentifier(n);
  return t.schema ? `${q(t.schema)}.${q(t.name)}` : q(t.name);
};

/** Foreign keys unchecked in this session, so that rows go in and out in any order (and through cycles). */
async function withoutKeyChecks(config: Config, work: (session: Session) => Promise<void>): Promise<void> {
  const session = await openSession(config);
  const off: Readonly<Record<string, [string, string]>> = {
    postgres: ["SET session_replication_role = replica", "SET session_replication_role = DEFAULT"],
    mysql: ["SET FOREIGN_KEY_CHECKS = 0", "SET FOREIGN_KEY_CHECKS = 1"],
    // migrator's SQLite connection leaves foreign keys off.
  };
  const [stop, start] = off[session.dialect.name] ?? [undefined, undefined];
  try {
    if (stop) await session.conn.execute(stop);
    await work(session);
    if (start) await session.conn.execute(start);
  } finally {
    await session.conn.close();
  }
}

/** Every table of `s` emptied (before a downgrade, which may rightly fail on rows). */
export async function emptyRows(config: Config, s: FuzzSchema): Promise<void> {
  await withoutKeyChecks(config, async (session) => {
    for (const t of s.tables) await session.conn.execute(`DELETE FROM ${qualified(session, t)}`);
  });
}

/** The database (at `before`) emptied, then the planned rows put in. */
export async function putRows(config: Config, before: FuzzSchema, rows: readonly PlannedRow[]): Promise<void> {
  await withoutKeyChecks(config, async (session) => {
    for (const t of before.tables) await session.conn.execute(`DELETE FROM ${qualified(session, t)}`);
    for (const { table, values } of rows) {
      const columns = [...values.keys()].map((c) => session.dialect.quoteIdentifier(c));
      await session.conn.execute(`INSERT INTO ${qualified(session, table)} (${columns.join(", ")}) VALUES (${[...values.values()].join(", ")})`);
    }
  });
}

/** After the upgrade to `after`, every table given a row still holds one. */
export async function expectRowsKept(config: Config, after: FuzzSchema, rows: readonly PlannedRow[]): Promise<void> {
  const session = await openSession(config);
  try {
    const counts: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const row of rows) {
      const t = findTable(after, row.after)!;
      const [found] = await session.conn.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${qualified(session, t)}`);
      counts[t.name] = Number(found!.n);
      expected[t.name] = 1;
    }
    expect({ rowsKept: counts }).toEqual({ rowsKept: expected });
  } finally {
    await session.conn.close();
  }
}
