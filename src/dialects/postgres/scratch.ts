import type { Connection } from "../connection.ts";
import type { Scratch } from "../dialect.ts";

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * A scratch place in the session's own transaction: a scratch schema for the default one
 * (migrator_scratch_<random>) and one per declared schema (migrator_scratch_<random>_<n>), then
 * `SET LOCAL search_path` to the scratch default followed by the session's search_path, in which a
 * declared schema is replaced by its scratch schema. So unqualified names land in the scratch, types of the
 * scratch read back as unqualified as in the real database (`mood`, not `migrator_scratch_x.mood`), and
 * extension types in public still resolve. Inside, reflect() sees the scratch default as the default
 * schema. release() rolls back (to a savepoint when a transaction was already open), leaving nothing.
 */
export async function scratchPostgres(conn: Connection, schemas: readonly string[]): Promise<Scratch> {
  const base = `migrator_scratch_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const mapped = new Map(schemas.map((s, i) => [s, `${base}_${i + 1}`]));
  const nested = conn.inTransaction;
  const savepoint = quote(base);
  if (nested) await conn.execute(`SAVEPOINT ${savepoint}`);
  else await conn.begin();
  const undo = (): Promise<void> => (nested ? conn.execute(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`) : conn.rollback());
  let defaultSchema: string | null;
  try {
    const session = (await conn.query<{ current: string | null; path: string[] | null }>(
      "SELECT current_schema() AS current, array_to_json(current_schemas(false)) AS path",
    ))[0];
    defaultSchema = session?.current ?? null;
    for (const name of [base, ...mapped.values()]) await conn.execute(`CREATE SCHEMA ${quote(name)}`);
    const path = [base, ...(session?.path ?? []).map((s) => mapped.get(s) ?? s)];
    await conn.execute(`SET LOCAL search_path TO ${path.map(quote).join(", ")}`);
  } catch (error) {
    await undo().catch(() => {});
    throw error;
  }
  let released = false;
  return {
    conn,
    defaultSchema: base,
    schema(declared) {
      if (declared === undefined || declared === defaultSchema) return undefined;
      return mapped.get(declared) ?? declared;
    },
    declaredName(name) {
      if (name === base) return defaultSchema ?? name;
      for (const [declared, scratch] of mapped) if (scratch === name) return declared;
      return name;
    },
    async release() {
      if (released) return;
      released = true;
      await undo();
    },
  };
}
