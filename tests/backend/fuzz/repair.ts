/**
 * After a step's edits, what they left invalid is mended so that the declaration is one every server
 * accepts for reasons of its own (a failure is then migrator's): objects naming a column or table that
 * is gone are dropped, primary key columns are NOT NULL, autoincrement is on a lone integer key, foreign
 * keys reference a whole primary key or a one-column unique key of the same types, and objects the naming
 * convention would give one name are kept once; views lose what they read that is gone (repair_views.ts).
 */
import { enumType, type FuzzColumn, type FuzzIndex, type FuzzSchema, type FuzzTable, findColumn, findTable } from "./state.ts";
import { repairViews } from "./repair_views.ts";
import type { TypePools } from "./types.ts";

const has0 = (t: FuzzTable, c: string) => findColumn(t, c) !== undefined;

export function repair(s: FuzzSchema, types: TypePools, dialect = ""): void {
  // An enum column's default is one of its type's values (a value removed takes the default with it).
  for (const t of s.tables) {
    for (const c of t.columns) {
      const e = s.enums.find((x) => enumType(x) === c.type);
      if (e && c.default !== undefined && !e.values.includes(c.default as string)) delete c.default;
    }
  }
  // Dropping one object can invalidate another (a primary key gone takes the foreign keys to it): twice.
  for (let pass = 0; pass < 2; pass++) for (const t of s.tables) repairTable(s, t, types, dialect);
  if (dialect === "mysql") {
    for (const t of s.tables) repairMysqlGenerated(t);
    // A generated column dropped there (it read a column made AUTO_INCREMENT) takes its indexes, keys and checks.
    for (const t of s.tables) repairTable(s, t, types, dialect);
  }
  // Last: the views read the tables as mended.
  repairViews(s, types);
}

/**
 * MySQL's and MariaDB's rules for generated columns, which PostgreSQL's walks do not need: the expression
 * reads no AUTO_INCREMENT column ("cannot be used in the GENERATED ALWAYS AS clause"), MariaDB takes no NOT
 * NULL on one (a syntax error), and a foreign key on a column a stored one reads takes no CASCADE, SET NULL
 * or SET DEFAULT.
 */
function repairMysqlGenerated(t: FuzzTable): void {
  t.columns = t.columns.filter((c) => !c.generated || !findColumn(t, c.generated.column)!.autoincrement);
  for (const c of t.columns) if (c.generated) c.nullable = true;
  const read = new Set(t.columns.flatMap((c) => (c.generated && !c.generated.virtual ? [c.generated.column] : [])));
  const acts = (a: string | undefined) => a === "cascade" || a === "set null" || a === "set default";
  for (const fk of t.foreignKeys) {
    if (!fk.columns.some((c) => read.has(c))) continue;
    if (acts(fk.onDelete)) fk.onDelete = "restrict";
    if (acts(fk.onUpdate)) fk.onUpdate = "restrict";
  }
}

function repairTable(s: FuzzSchema, t: FuzzTable, types: TypePools, dialect: string): void {
  // A generated column goes with the column it reads; it is computed, so it has no default, is nullable
  // (the type of a NOT NULL made by the generator is not checked) and keys nothing.
  const valid = (c: FuzzColumn) => !c.generated || (has0(t, c.generated.column) && !findColumn(t, c.generated.column)!.generated);
  // A table would be left without columns: only PostgreSQL has such tables; elsewhere they stay, made plain.
  if (dialect !== "postgres" && t.columns.length > 0 && !t.columns.some(valid)) for (const c of t.columns) delete c.generated;
  t.columns = t.columns.filter(valid);
  const generated = new Set(t.columns.filter((c) => c.generated).map((c) => c.name));
  for (const c of t.columns) {
    if (!c.generated) continue;
    delete c.default;
    delete c.autoincrement;
  }
  if (t.primaryKey.some((c) => generated.has(c))) t.primaryKey = [];
  t.foreignKeys = t.foreignKeys.filter((fk) => !fk.columns.some((c) => generated.has(c)));
  for (const other of s.tables) other.foreignKeys = other.foreignKeys.filter((fk) => fk.refTable !== t.name || !fk.refColumns.some((c) => generated.has(c)));
  const has = (c: string) => findColumn(t, c) !== undefined;
  const keyable = (c: string) => has(c) && types.keyable(findColumn(t, c)!.type);

  if (!t.primaryKey.every(keyable)) t.primaryKey = [];
  for (const c of t.primaryKey) findColumn(t, c)!.nullable = false;
  for (const c of t.columns) {
    const lone = t.primaryKey.length === 1 && t.primaryKey[0] === c.name && types.familyOf(c.type).counts;
    if (!lone) delete c.autoincrement;
    // A counting column has no default (MySQL and PostgreSQL refuse both).
    if (c.autoincrement) delete c.default;
  }

  t.indexes = t.indexes.filter((i) => i.columns.every((k) => keyable(k.name)) && (!i.where || has(i.where.column)));
  for (const i of t.indexes) {
    if (i.include) i.include = i.include.filter((c) => has(c) && !i.columns.some((k) => k.name === c));
    if (!i.unique) delete i.nullsNotDistinct;
  }
  t.uniques = t.uniques.filter((u) => u.columns.every(keyable));
  for (const u of t.uniques) if (u.columns.length !== 1) u.inline = false;

  // One name per object: the convention names an index by its columns, a unique key (constraint or index) too.
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && seen.add(key) !== undefined;
  t.uniques = t.uniques.filter((u) => once(`u:${[...u.columns].sort().join(",")}${u.nullsNotDistinct ? ":nnd" : ""}`));
  // A PostgreSQL-only index has a name of its own (edits_postgres.ts): no other object wants it.
  const special = (i: FuzzIndex) => i.where !== undefined || i.include !== undefined || i.nullsNotDistinct || i.columns.some((k) => k.nulls || k.expression);
  t.indexes = t.indexes.filter((i) =>
    once(special(i) ? `n:${i.name}` : i.unique ? `u:${i.columns.map((k) => k.name).sort().join(",")}` : `i:${i.columns.map((k) => k.name).join(",")}`),
  );

  t.foreignKeys = t.foreignKeys.filter((fk) => {
    const ref = findTable(s, fk.refTable);
    if (!ref || !fk.columns.every(keyable) || !fk.refColumns.every((c) => findColumn(ref, c) !== undefined)) return false;
    if (fk.columns.some((c, i) => findColumn(t, c)!.type !== findColumn(ref, fk.refColumns[i]!)!.type)) return false;
    const one = fk.refColumns.length === 1 ? fk.refColumns[0] : undefined;
    const whole = ref.primaryKey.length === fk.refColumns.length && ref.primaryKey.every((c, i) => c === fk.refColumns[i]);
    const unique =
      one !== undefined &&
      (ref.uniques.some((u) => u.columns.length === 1 && u.columns[0] === one) ||
        ref.indexes.some((i) => i.unique && !i.where && i.columns.length === 1 && i.columns[0]!.name === one && !i.columns[0]!.expression));
    return (whole || unique) && once(`f:${fk.columns.join(",")}>${fk.refTable}`);
  });
  for (const fk of t.foreignKeys) {
    if (fk.columns.length !== 1 || fk.deferrable) fk.inline = false;
    // SET NULL on a NOT NULL column: MySQL refuses the key (on delete or on update).
    const notNull = fk.columns.some((c) => !findColumn(t, c)!.nullable);
    if (fk.onDelete === "set null" && notNull) fk.onDelete = "cascade";
    if (fk.onUpdate === "set null" && notNull) fk.onUpdate = "cascade";
    // ON UPDATE CASCADE from a NOT NULL column to a nullable one: MariaDB refuses the key ("incorrectly formed").
    const ref = findTable(s, fk.refTable)!;
    if (fk.onUpdate === "cascade" && fk.columns.some((c, i) => !findColumn(t, c)!.nullable && findColumn(ref, fk.refColumns[i]!)!.nullable)) fk.onUpdate = "restrict";
  }

  // MySQL 8 refuses a CHECK on a column a foreign key changes (CASCADE, SET NULL); MariaDB one on an AUTO_INCREMENT column.
  const changes = (a: string | undefined) => a === "cascade" || a === "set null";
  const acted = new Set(t.foreignKeys.filter((fk) => changes(fk.onDelete) || changes(fk.onUpdate)).flatMap((fk) => fk.columns));
  t.checks = t.checks.filter((k) => has(k.column) && !acted.has(k.column) && !findColumn(t, k.column)!.autoincrement && types.familyOf(findColumn(t, k.column)!.type).checks.includes(k.condition));
  t.checks = t.checks.filter((k) => once(`c:${k.column}:${k.condition}`));
}
