/**
 * Binaries racing `upgrade head` on one database: a chain of revisions, each creating a table and
 * writing its id to race_log, so that a revision applied twice shows twice (or fails on its table).
 * Used by the backend suite (8 racers) and the fault suite (16, fresh and half-migrated).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Session } from "../../src/runtime/session.ts";
import { ensureBinary } from "../binary.ts";
import { chain, removeDir, tempDir, writeProject } from "../project.ts";

export interface RaceOptions {
  readonly racers: number;
  /** Revisions in the chain (c1..cN). */
  readonly revisions: number;
  /** Revisions applied by one run before the race: a half-migrated database. */
  readonly applied?: number;
  /** Appended to the URL (`?migrator_lock=xact`). */
  readonly urlSuffix?: string;
  /** Write a migrator.ini with transaction_per_migration = true. */
  readonly transactionPerMigration?: boolean;
  /** A racer still running after this long is killed and counted as hung. */
  readonly boundMs?: number;
}

export interface RaceResult {
  readonly codes: number[];
  /** The "error:" lines of every racer. */
  readonly errors: string[];
  /** race_log's rows, sorted: each revision once. */
  readonly log: string[];
  readonly hangs: number;
  /** From the start of the racers to the last exit. */
  readonly ms: number;
}

/** Race `options.racers` binaries on the session's database; the database is left as it was. */
export async function raceUpgrade(session: Session, url: string, options: RaceOptions): Promise<RaceResult> {
  const binary = ensureBinary();
  const dir = tempDir("migrator-race-");
  const q = (t: string) => session.dialect.quoteIdentifier(t);
  const revs = chain(options.revisions, "c");
  const env = { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: url + (options.urlSuffix ?? "") };
  try {
    writeProject(
      dir,
      revs.map((r) => ({
        ...r,
        up: `await op.createTable("t_${r.id}", [{ name: "id", type: "integer" }]);\n  await op.execute("INSERT INTO race_log (rev) VALUES (?)", ["${r.id}"]);`,
        down_: `await op.dropTable("t_${r.id}");`,
      })),
    );
    if (options.transactionPerMigration) writeFileSync(join(dir, "migrator.ini"), "[migrator]\nscript_location = %(here)s/migrations\ntransaction_per_migration = true\n");
    await session.conn.execute("CREATE TABLE race_log (rev VARCHAR(10))");
    if (options.applied) {
      const first = Bun.spawnSync([binary, "upgrade", `c${options.applied}`], { cwd: dir, env });
      if (first.exitCode !== 0) throw new Error(`the run before the race failed: ${first.stderr.toString()}`);
    }
    const started = Date.now();
    let hangs = 0;
    const procs = Array.from({ length: options.racers }, () => {
      const proc = Bun.spawn([binary, "upgrade", "head", "--lock-timeout", "60"], { cwd: dir, env, stderr: "pipe", stdout: "ignore" });
      const guard = setTimeout(() => (hangs++, proc.kill(9)), options.boundMs ?? 60_000);
      void proc.exited.then(() => clearTimeout(guard));
      return proc;
    });
    const codes = await Promise.all(procs.map((p) => p.exited));
    const ms = Date.now() - started;
    const stderr = await Promise.all(procs.map((p) => new Response(p.stderr).text()));
    const log = await session.conn.query<{ rev: string }>("SELECT rev FROM race_log ORDER BY rev");
    return { codes, errors: stderr.flatMap((s) => s.split("\n").filter((l) => l.startsWith("error:"))), log: log.map((r) => r.rev), hangs, ms };
  } finally {
    for (const t of ["race_log", ...revs.map((r) => `t_${r.id}`)]) await session.conn.execute(`DROP TABLE IF EXISTS ${q(t)}`);
    await session.conn.execute(`DELETE FROM ${q("migrator_version")}`).catch(() => {});
    removeDir(dir);
  }
}
