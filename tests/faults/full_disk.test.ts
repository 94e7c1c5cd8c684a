/**
 * SQLite on a full disk: the database on a 512 KiB tmpfs, a revision that writes 8 MB. The run must end
 * with one line naming the revision, the file must pass integrity_check, the version table must match
 * the schema, and once space is freed (the tmpfs grown) a re-run must complete. Mounting needs root,
 * which CI has: a refused mount fails the test, it is not skipped. A smaller revision that fits in the
 * page cache fills the disk at the final COMMIT instead, which the error names.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../project.ts";
import { ensureBinary, FaultDatabase, faultProject, printFigures, runBinary } from "./harness.ts";

const REVISIONS = [
  { id: "r1", down: null, up: `await op.createTable("blob_t", [{ name: "id", type: "integer" }, { name: "b", type: "blob" }]);`, down_: `await op.dropTable("blob_t");` },
  {
    id: "r2",
    down: "r1",
    up: `await op.execute("INSERT INTO blob_t (id, b) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) SELECT i, randomblob(1000) FROM n");`,
    down_: `await op.execute("DELETE FROM blob_t");`,
  },
  { id: "r3", down: "r2", up: `await op.createTable("t_r3", [{ name: "id", type: "integer" }]);`, down_: `await op.dropTable("t_r3");` },
];

function sh(args: string[]): { ok: boolean; out: string } {
  const r = Bun.spawnSync(args, { stderr: "pipe", stdout: "pipe" });
  return { ok: r.exitCode === 0, out: `${r.stdout.toString()}${r.stderr.toString()}`.trim() };
}

let root: string;
beforeAll(() => {
  ensureBinary();
  root = tempDir("migrator-fulldisk-");
}, 120_000);
afterAll(() => removeDir(root));

/**
 * Run `fn` with a 512 KiB tmpfs mounted at root/name, and the database on it (detached after); unmounted after.
 * Mounting needs root, which CI has: a refused mount fails the test.
 */
async function onTinyDisk(name: string, fn: (mnt: string, attach: (url: string) => Promise<FaultDatabase>) => Promise<void>): Promise<void> {
  const mnt = join(root, name);
  mkdirSync(mnt, { recursive: true });
  const mounted = sh(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mnt]);
  if (!mounted.ok) throw new Error(`the full-disk test mounts a tmpfs and needs root (CI runs as root): mount refused: ${mounted.out}`);
  let db: FaultDatabase | undefined;
  try {
    await fn(mnt, async (url) => (db = await FaultDatabase.attach("sqlite", url)));
  } finally {
    await db?.drop();
    sh(["umount", mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
}

/** r2 writes about 1 MB: it fits in SQLite's page cache (2 MB), so only the COMMIT writes it to the disk, and fails. */
const AT_COMMIT = REVISIONS.map((r) => (r.id === "r2" ? { ...r, up: r.up.replace("i < 8000", "i < 1000") } : r));

describe("SQLite on a full disk", () => {
  test("the disk fills at the final COMMIT, outside any revision's statements: one line naming the commit and its revisions, nothing applied", async () => {
    await onTinyDisk("commit", async (mnt, attach) => {
      const dir = faultProject(tempDir("migrator-fulldisk-project-"), AT_COMMIT, false);
      const url = `sqlite:///${join(mnt, "app.db")}`;
      const full = await runBinary(["upgrade", "head"], dir, url, 30_000);
      expect(full.hung).toBe(false);
      expect(full.code).toBe(1);
      expect(full.errors).toHaveLength(1);
      expect(full.errors[0]).toMatch(/^error: The commit of the run \(revisions "r1", "r2", "r3"\) failed/);
      expect(full.errors[0]).toMatch(/full/i);
      const db = await attach(url);
      expect(await db.query("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
      expect({ versions: await db.versions(), tables: await db.tables() }).toEqual({ versions: [], tables: [] });
      removeDir(dir);
    });
  }, 60_000);


  for (const perMigration of [false, true]) {
    const mode = perMigration ? "transaction_per_migration" : "one transaction";
    test(`a revision that fills the disk (${mode}): one line, integrity ok, a consistent version table, a re-run completes once space is freed`, async () => {
      await onTinyDisk(perMigration ? "per" : "one", async (mnt, attach) => {
        const dir = faultProject(tempDir("migrator-fulldisk-project-"), REVISIONS, perMigration);
        const url = `sqlite:///${join(mnt, "app.db")}`;
        const started = Date.now();
        const full = await runBinary(["upgrade", "head"], dir, url, 30_000);
        const ms = Date.now() - started;
        expect(full.hung).toBe(false);
        expect(full.code).toBe(1);
        expect(full.errors).toHaveLength(1);
        // The statement fails once SQLite's page cache spills to the disk, or the COMMIT does.
        expect(full.errors[0]).toMatch(/^error: (Upgrade|The commit) of (the run \(revisions "r1", )?(revision )?"r2"/);
        expect(full.errors[0]).toMatch(/full/i);

        const db = await attach(url);
        expect(await db.query("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
        const state = { versions: await db.versions(), tables: await db.tables() };
        expect(state).toEqual(perMigration ? { versions: ["r1"], tables: ["blob_t"] } : { versions: [], tables: [] });

        // Free space, then run again.
        expect(sh(["mount", "-o", "remount,size=16m", mnt]).ok).toBe(true);
        const rerun = await runBinary(["upgrade", "head"], dir, url, 30_000);
        expect({ code: rerun.code, errors: rerun.errors }).toEqual({ code: 0, errors: [] });
        expect(await db.versions()).toEqual(["r3"]);
        expect(await db.query("SELECT count(*) AS n FROM blob_t")).toEqual([{ n: 8000 }]);
        expect(await db.query("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
        printFigures(`SQLite full disk, ${mode}`, { "failed after ms": ms, "left at": state.versions[0] ?? "base", integrity: "ok", rerun: "completed", hangs: 0 });
        removeDir(dir);
      });
    }, 60_000);
  }
});
