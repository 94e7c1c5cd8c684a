/**
 * In a read-only container the binary writes nothing to disk: `upgrade head` on PostgreSQL and MariaDB (the start
 * command of a container), `current` and `upgrade head --sql`, traced with strace (which must be installed:
 * `apt-get install -y strace`). No file is opened for writing, created, removed, renamed or changed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { binary, ensureBinary } from "./binary.ts";
import { DATABASES, type TestDatabase } from "./backend/databases.ts";
import { chain, removeDir, tempDir, withoutTimes, writeProject } from "./project.ts";

const SERVERS = ["postgres", "mysql"] as const;
const dbs: Partial<Record<(typeof SERVERS)[number], TestDatabase>> = {};
let dir: string;
beforeAll(async () => {
  ensureBinary();
  for (const name of SERVERS) dbs[name] = await DATABASES[name]!();
  dir = tempDir("migrator-readonly-");
  writeProject(dir, chain(2));
}, 120_000);
afterAll(async () => {
  for (const db of Object.values(dbs)) await db.drop();
  if (dir) removeDir(dir);
});

/** The system calls of a traced run that change the file system, one line each. */
function fileWrites(url: string, args: string[]): { code: number | null; stderr: string; writes: string[] } {
  if (!Bun.which("strace")) throw new Error("strace is not installed: apt-get install -y strace");
  const trace = join(dir, `${Bun.hash(url + args.join(" ")).toString(36)}.trace`);
  const p = Bun.spawnSync(
    ["strace", "-f", "-qq", "-o", trace, "-e", "trace=%file,%desc,memfd_create", binary, ...args],
    { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, DATABASE_URL: url } },
  );
  const writes = readFileSync(trace, "utf8")
    .split("\n")
    .filter((line) => !/= -1 E/.test(line)) // failed calls change nothing
    .filter((line) => /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(line) || /\b(mkdir|mkdirat|unlink|unlinkat|rmdir|rename|renameat2?|link|linkat|symlink|symlinkat|truncate|ftruncate|chmod|fchmod|fchmodat|chown|fchown|fchownat|utimensat|memfd_create)\(/.test(line))
    .map((line) => line.replace(/^\d+\s+/, ""));
  return { code: p.exitCode, stderr: p.stderr.toString(), writes };
}

describe("in a read-only container", () => {
  for (const name of SERVERS) {
    test(`upgrade head, current and upgrade --sql on ${name} write nothing to disk`, () => {
      const url = dbs[name]!.url;
      const up = fileWrites(url, ["upgrade", "head"]);
      expect({ ...up, stderr: withoutTimes(up.stderr) }).toEqual({ code: 0, stderr: "Running upgrade  -> r1, rev r1\nRunning upgrade r1 -> r2, rev r2\n", writes: [] });
      expect(fileWrites(url, ["current"])).toEqual({ code: 0, stderr: "", writes: [] });
      expect(fileWrites(url, ["upgrade", "head", "--sql"])).toEqual({ code: 0, stderr: "", writes: [] });
    }, 120_000);
  }
});
