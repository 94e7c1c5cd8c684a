/**
 * The fault suite's tools: the binary run with a bound (a run that outlives it is killed and counted as
 * a hang), a database that can be emptied and read back (tables, version rows) between faults, projects
 * of one-statement revisions, and the figures each test prints ("fault figures: ...") for .ci/run and
 * the README's reliability section.
 */
import { expect } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import type { Connection } from "../../src/dialects/connection.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { DATABASES, type TestDatabase } from "../backend/databases.ts";
import { binary, ensureBinary } from "../binary.ts";
import { writeProject, type RevSpec } from "../project.ts";

export { binary, ensureBinary };

/** The end of one run of the binary. */
export interface Exit {
  readonly code: number;
  readonly stderr: string;
  /** The lines starting with "error:". */
  readonly errors: string[];
  /** Still running at the bound: killed, and a failure of the suite. */
  readonly hung: boolean;
}

export interface Spawned {
  readonly proc: ReturnType<typeof Bun.spawn>;
  /** Resolves when the process ends, or at boundMs (then killed, hung). */
  readonly exit: Promise<Exit>;
  /** Milliseconds since the epoch at which stderr first contained `text`, once it has (else 0). */
  seen(text: string): number;
}

/**
 * Start the binary in `cwd` against `url`; it is killed with SIGKILL if it runs past boundMs. `prefix` runs
 * it through another command (`ip netns exec NS`).
 */
export function spawnBinary(args: readonly string[], cwd: string, url: string, boundMs: number, prefix: readonly string[] = []): Spawned {
  const proc = Bun.spawn([...prefix, binary, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, DATABASE_URL: url },
    stdout: "ignore",
    stderr: "pipe",
  });
  let stderr = "";
  const seenAt = new Map<string, number>();
  const watched = new Set<string>();
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) {
      stderr += decoder.decode(chunk, { stream: true });
      for (const text of watched) if (!seenAt.has(text) && stderr.includes(text)) seenAt.set(text, Date.now());
    }
  })();
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    proc.kill(9);
  }, boundMs);
  const exit = (async (): Promise<Exit> => {
    const code = await proc.exited;
    clearTimeout(guard);
    await reading;
    return { code, stderr, errors: stderr.split("\n").filter((l) => l.startsWith("error:")), hung };
  })();
  return {
    proc,
    exit,
    seen(text) {
      watched.add(text);
      if (!seenAt.has(text) && stderr.includes(text)) seenAt.set(text, Date.now());
      return seenAt.get(text) ?? 0;
    },
  };
}

/** Run the binary to its end (bounded). */
export function runBinary(args: readonly string[], cwd: string, url: string, boundMs = 60_000, prefix: readonly string[] = []): Promise<Exit> {
  return spawnBinary(args, cwd, url, boundMs, prefix).exit;
}

/** Wait until `condition` holds, polling every 10 ms, for at most boundMs; whether it held. */
export async function waitFor(condition: () => boolean | Promise<boolean>, boundMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < boundMs; await Bun.sleep(10)) if (await condition()) return true;
  return false;
}

/** How each dialect lists its tables and empties itself: the only per-dialect SQL of the suite. */
const CATALOG: Readonly<Record<string, { readonly tables: string; readonly reset: (db: string) => string[]; readonly sessions?: string; readonly kill?: (id: string) => string }>> = {
  postgres: {
    tables: "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    sessions: "SELECT pid AS id FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    kill: (id) => `SELECT pg_terminate_backend(${Number(id)})`,
    reset: () => ["DROP SCHEMA public CASCADE", "CREATE SCHEMA public"],
  },
  mysql: {
    tables: "SELECT table_name AS tablename FROM information_schema.tables WHERE table_schema = DATABASE()",
    sessions: "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()",
    kill: (id) => `KILL ${Number(id)}`,
    reset: (db) => [`DROP DATABASE \`${db}\``, `CREATE DATABASE \`${db}\``, `USE \`${db}\``],
  },
  sqlite: {
    tables: "SELECT name AS tablename FROM sqlite_master WHERE type = 'table'",
    reset: () => [],
  },
};

/** A fresh database of one dialect, read and emptied over a connection of its own. */
export class FaultDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly db: TestDatabase,
    private conn: Connection,
  ) {}

  static async create(name: string): Promise<FaultDatabase> {
    const db = await DATABASES[name]!();
    return new FaultDatabase(name, db.url, db, await FaultDatabase.connect(db.url));
  }

  /** A database at a URL of one's own (an SQLite file on a tmpfs); drop() only closes the connection. */
  static async attach(name: string, url: string): Promise<FaultDatabase> {
    return new FaultDatabase(name, url, { name, url, drop: async () => {} }, await FaultDatabase.connect(url));
  }

  private static async connect(url: string): Promise<Connection> {
    const parsed = parseDatabaseUrl(url);
    return (await loadDialect(parsed.dialect)).connect(parsed, { timeoutMs: 5000 });
  }

  /** The SQLite file, for the SQLite-only checks. */
  get file(): string {
    return parseDatabaseUrl(this.url).path ?? "";
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.conn.query<T & Record<string, unknown>>(sql, params) as Promise<T[]>;
  }

  execute(sql: string): Promise<void> {
    return this.conn.execute(sql).then(() => {});
  }

  /** Tables of the database, sorted, without migrator's bookkeeping (the version and history tables). */
  async tables(): Promise<string[]> {
    const rows = await this.conn.query<{ tablename: string }>(CATALOG[this.name]!.tables);
    return rows.map((r) => String(r.tablename)).filter((t) => t !== "migrator_version" && t !== "migrator_history").sort();
  }

  /** The version table's rows; none when it does not exist. */
  async versions(): Promise<string[]> {
    const rows = await this.conn.query<{ tablename: string }>(CATALOG[this.name]!.tables);
    if (!rows.some((r) => r.tablename === "migrator_version")) return [];
    return (await this.conn.query<{ version_num: string }>("SELECT version_num FROM migrator_version")).map((r) => String(r.version_num)).sort();
  }

  /** Server sessions on this database other than ours (none on SQLite). */
  async sessions(): Promise<string[]> {
    const sql = CATALOG[this.name]!.sessions;
    return sql ? (await this.conn.query<{ id: unknown }>(sql)).map((r) => String(r.id)) : [];
  }

  /** End every other session on the database from the server side (pg_terminate_backend, KILL); how many there were. */
  async killSessions(): Promise<number> {
    const ids = await this.sessions();
    for (const id of ids) await this.conn.execute(CATALOG[this.name]!.kill!(id)).catch(() => {});
    return ids.length;
  }

  /** Wait (at most boundMs) until no other session is on the database: a killed client's statement has ended. */
  sessionsEnded(boundMs: number): Promise<boolean> {
    return waitFor(async () => (await this.sessions()).length === 0, boundMs);
  }

  /** Drop everything: back to an empty database. */
  async reset(): Promise<void> {
    if (this.name === "sqlite") {
      await this.conn.close();
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${this.file}${suffix}`, { force: true });
      this.conn = await FaultDatabase.connect(this.url);
      return;
    }
    const db = parseDatabaseUrl(this.url).database ?? "";
    for (const sql of CATALOG[this.name]!.reset(db)) await this.conn.execute(sql);
  }

  async drop(): Promise<void> {
    await this.conn.close();
    await this.db.drop();
  }
}

/** A linear chain of `n` revisions r01..rNN, each one CREATE TABLE t_rNN; `-x pause=MS` waits before it. */
export function oneStatementChain(n: number): RevSpec[] {
  const id = (i: number) => `r${String(i).padStart(2, "0")}`;
  return Array.from({ length: n }, (_, i) => ({
    id: id(i + 1),
    down: i === 0 ? null : id(i),
    up: `if (op.context.x["pause"]) await new Promise((r) => setTimeout(r, Number(op.context.x["pause"])));
  await op.createTable("t_${id(i + 1)}", [{ name: "id", type: "integer" }]);`,
    down_: `await op.dropTable("t_${id(i + 1)}");`,
  }));
}

/** A project folder with these revisions and a migrator.ini (transaction_per_migration as given). */
export function faultProject(dir: string, revs: readonly RevSpec[], transactionPerMigration: boolean): string {
  writeProject(dir, revs);
  writeFileSync(join(dir, "migrator.ini"), `[migrator]\nscript_location = %(here)s/migrations\ntransaction_per_migration = ${transactionPerMigration}\n`);
  return dir;
}

/**
 * What a fault left, for a chain of one-statement revisions (table t_X per revision X, in order):
 * "consistent" when the tables are exactly those of the revisions the version table covers; "partial"
 * when there is one table more (a revision's DDL committed without its version-table update: MySQL,
 * whose DDL commits at once); "corrupt" otherwise.
 */
export type Outcome = "consistent" | "partial" | "corrupt";

export function classify(order: readonly string[], versions: readonly string[], tables: readonly string[]): { outcome: Outcome; applied: number } {
  if (versions.length > 1) return { outcome: "corrupt", applied: -1 };
  const applied = versions.length === 0 ? 0 : order.indexOf(versions[0]!) + 1;
  if (versions.length === 1 && applied === 0) return { outcome: "corrupt", applied: -1 };
  const expected = order.slice(0, applied).map((r) => `t_${r}`);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);
  if (same(tables, expected)) return { outcome: "consistent", applied };
  if (applied < order.length && same(tables, [...expected, `t_${order[applied]}`].sort())) return { outcome: "partial", applied };
  return { outcome: "corrupt", applied };
}

/** One line the CI log and the README quote: `fault figures: <what>: key=value ...`. */
export function printFigures(what: string, figures: Readonly<Record<string, string | number>>): void {
  console.log(`fault figures: ${what}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(" ")}`);
}

/** A random integer in [min, max]. */
export function randomBetween(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/**
 * Run `upgrade head` again after a fault. Where statements commit on their own (MySQL), a run killed
 * after it recorded a revision as started but before the revision's first statement finished leaves a
 * consistent database that migrator cannot tell from a partly applied one: the re-run stops and names
 * the revision (the safe answer). `repair` is then the way out, and the run after it completes.
 * Returns the last run, and whether that stop happened.
 */
export async function rerunAfterFault(dir: string, url: string, boundMs: number): Promise<{ run: Awaited<ReturnType<typeof runBinary>>; flagged: boolean; runs: number }> {
  const first = await runBinary(["upgrade", "head"], dir, url, boundMs);
  if (first.code === 0 || !first.errors[0]?.includes("was interrupted")) return { run: first, flagged: false, runs: 1 };
  const repaired = await runBinary(["repair"], dir, url, boundMs);
  if (repaired.code !== 0) return { run: repaired, flagged: true, runs: 2 };
  return { run: await runBinary(["upgrade", "head"], dir, url, boundMs), flagged: true, runs: 3 };
}

/**
 * After a fault, bring the database to head and check it: a partial state (MySQL: a revision's DDL without
 * its version row) is reported by the next run as that revision interrupted, with `repair` as a way out,
 * which after the table is dropped by hand clears it; then the run completes with every revision applied
 * once (each one's CREATE TABLE would fail on a second run). Returns the runs made and the hangs seen.
 */
export async function recoverAndComplete(
  db: FaultDatabase,
  dir: string,
  order: readonly string[],
  found: { readonly outcome: Outcome; readonly applied: number },
  boundMs: number,
): Promise<{ runs: number; hangs: number }> {
  let runs = 0;
  let hangs = 0;
  if (found.outcome === "partial") {
    const again = await runBinary(["upgrade", "head"], dir, db.url, boundMs);
    runs++;
    if (again.hung) hangs++;
    expect({ code: again.code, errors: again.errors.length }).toEqual({ code: 1, errors: 1 });
    // The history table recorded the revision as started: the re-run names it and stops before running anything.
    expect(again.errors[0]).toContain(`The upgrade of revision "${order[found.applied]}"`);
    expect(again.errors[0]).toContain("migrator repair");
    await db.execute(`DROP TABLE t_${order[found.applied]}`);
    const repaired = await runBinary(["repair"], dir, db.url, boundMs);
    expect({ code: repaired.code, errors: repaired.errors }).toEqual({ code: 0, errors: [] });
  }
  const { run, runs: more } = await rerunAfterFault(dir, db.url, boundMs);
  runs += more;
  if (run.hung) hangs++;
  expect({ code: run.code, errors: run.errors }).toEqual({ code: 0, errors: [] });
  expect(await db.versions()).toEqual([order[order.length - 1]!]);
  expect(await db.tables()).toEqual(order.map((r) => `t_${r}`));
  return { runs, hangs };
}
