import { randomBytes } from "node:crypto";
import { MigratorError } from "../../errors.ts";
import type { Connection } from "../connection.ts";
import type { Scratch } from "../dialect.ts";
import { tableDefaultKey, tableDefaults } from "./scratch_table_defaults.ts";

/** The prefix of every scratch database: the databases autogenerate needs CREATE and DROP on. */
export const SCRATCH_PREFIX = "migrator_scratch_";

const quote = (name: string) => `\`${name.replaceAll("`", "``")}\``;

/**
 * A scratch place on MySQL: a new database `migrator_scratch_<time>_<random>` (and `..._<n>` for each
 * declared schema; scratch databases over an hour old, left by killed runs, are dropped first), made the session's default with USE, so that reflect() reads it as the default
 * database. The connection is one mysql2 session (not a pool), so USE holds for what follows.
 * release() goes back to the original database and drops the scratch ones. Each scratch database takes
 * the default character set and collation of the database it stands for (the session's for the default
 * one), so that a declared collation reads back as it does in the real database (see table_model.ts: a
 * column's collation is reported only when it is not its table's default). A declared table that exists
 * with a default of its own (not its database's) is made with that default (tableOptions), so that a
 * column with no collation declared means the table's own default on both sides.
 */
export async function mysqlScratch(conn: Connection, schemas: readonly string[]): Promise<Scratch> {
  const [row] = await conn.query<{ db: string | null }>("SELECT DATABASE() AS db");
  const original = row?.db ?? null;
  await sweepStale(conn);
  // The time it was made is in the name, so that a later run can drop one a killed run left behind.
  const base = `${SCRATCH_PREFIX}${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(4).toString("hex")}`;
  const mapped = new Map(schemas.map((s, i) => [s, `${base}_${i + 1}`]));
  const created: string[] = [];
  const defaults = await databaseDefaults(conn, original, schemas);
  const ownDefaults = await tableDefaults(conn, [...(original !== null ? [original] : []), ...schemas]);

  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    const errors: unknown[] = [];
    const attempt = async (sql: string) => {
      try {
        await conn.execute(sql);
      } catch (error) {
        errors.push(error);
      }
    };
    if (original !== null) await attempt(`USE ${quote(original)}`);
    for (const name of created.reverse()) await attempt(`DROP DATABASE IF EXISTS ${quote(name)}`);
    if (errors.length > 0) {
      throw new MigratorError(
        `Cannot clean up the scratch database(s) ${created.map((n) => `"${n}"`).join(", ")}: ${(errors[0] as Error).message}; drop them by hand`,
        { cause: errors[0] },
      );
    }
  };

  try {
    for (const [declared, name] of [[original, base] as const, ...mapped]) {
      await createDatabase(conn, name, defaults.get(declared ?? "") ?? defaults.get(original ?? ""));
      created.push(name);
    }
    await conn.execute(`USE ${quote(base)}`);
  } catch (error) {
    await release().catch(() => {}); // the first error is the one to report
    throw error;
  }

  const declaredName = (name: string): string => {
    if (name === base) return original ?? name;
    for (const [declared, scratch] of mapped) if (scratch === name) return declared;
    return name;
  };
  return {
    conn,
    defaultSchema: base,
    schema(declared) {
      if (declared === undefined) return undefined;
      const name = mapped.get(declared);
      if (name === undefined) {
        throw new MigratorError(
          `Schema "${declared}" has no scratch database: the scratch was opened for ${schemas.length > 0 ? schemas.map((s) => `"${s}"`).join(", ") : "the default schema only"}`,
        );
      }
      return name;
    },
    declaredName,
    tableOptions(table) {
      const declared = table.schema === undefined ? original : declaredName(table.schema);
      const collation = declared === null ? undefined : ownDefaults.get(tableDefaultKey(declared, table.name));
      return collation === undefined ? "" : ` DEFAULT COLLATE ${collation}`;
    },
    release,
  };
}

/** ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR. */
const ACCESS_DENIED = new Set([1044, 1045, 1142, 1227]);

/** Scratch databases older than this were left by a run that was killed (SIGKILL, OOM, a node drain). */
const STALE_SECONDS = 3600;

/** Drop scratch databases a killed run left behind: those whose name says they are over an hour old. */
async function sweepStale(conn: Connection): Promise<void> {
  const rows = await conn.query<{ name: string }>(
    "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'migrator\\_scratch\\_%'",
  );
  const now = Math.floor(Date.now() / 1000);
  for (const { name } of rows) {
    const made = /^migrator_scratch_([0-9a-z]+)_[0-9a-f]{8}(_\d+)?$/.exec(String(name));
    if (!made || now - parseInt(made[1]!, 36) < STALE_SECONDS) continue;
    await conn.execute(`DROP DATABASE IF EXISTS ${quote(String(name))}`).catch(() => {}); // another run may have dropped it
  }
}

/** The default character set and collation of the databases named, that exist, by name. */
async function databaseDefaults(conn: Connection, original: string | null, schemas: readonly string[]): Promise<Map<string, string>> {
  const names = [...(original !== null ? [original] : []), ...schemas];
  if (names.length === 0) return new Map();
  const rows = await conn.query<{ name: string; charset: string; collation: string }>(
    `SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation
       FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${names.map(() => "?").join(", ")})`,
    names,
  );
  const plain = /^[A-Za-z0-9_]+$/;
  return new Map(
    rows.filter((r) => plain.test(String(r.charset)) && plain.test(String(r.collation))).map((r) => [String(r.name), ` CHARACTER SET ${r.charset} COLLATE ${r.collation}`]),
  );
}

async function createDatabase(conn: Connection, name: string, defaults = ""): Promise<void> {
  try {
    await conn.execute(`CREATE DATABASE ${quote(name)}${defaults}`);
  } catch (error) {
    if (!ACCESS_DENIED.has((error as { errno?: number }).errno ?? 0)) throw error;
    const [row] = await conn.query<{ user: string }>("SELECT CURRENT_USER() AS user").catch(() => []);
    const user = row?.user ? row.user.replace(/^(.*)@(.*)$/, "'$1'@'$2'") : "'user'@'host'";
    throw new MigratorError(
      `Cannot create the scratch database "${name}": ${(error as Error).message}. Autogenerate creates the declared schema in ` +
        `scratch databases named ${SCRATCH_PREFIX}..., and needs the CREATE and DROP privileges on them (and the right to create ` +
        `tables and indexes there): GRANT ALL PRIVILEGES ON \`migrator\\_scratch\\_%\`.* TO ${user}`,
      { cause: error },
    );
  }
}
