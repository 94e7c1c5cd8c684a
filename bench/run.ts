/**
 * Reproducible benchmark of the compiled binary: `bun run bench/run.ts [--runs N] [--only NAME] [--no-servers]`.
 * Prints, for each case, the median wall time over N runs, the peak memory (max RSS), and the target.
 * Needs dist/migrator (built if missing) and /usr/bin/time. PostgreSQL and MariaDB cases use the servers
 * of this machine (MIGRATOR_BENCH_PG_URL, MIGRATOR_BENCH_MYSQL_URL) and compare against the floor: the same
 * DDL sent as one script by psql / mariadb. The rival cases (rivals.ts, `--only rivals`) run beside dbmate
 * and Alembic and print the ratios; the autogenerate cases (autogenerate.ts) run beside Alembic.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { autogenerateCases } from "./autogenerate.ts";
import { measure, median, report, type Row } from "./measure.ts";
import { rivalCases } from "./rivals.ts";
import { fleetCases } from "./fleet.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    only: { type: "string" },
    "no-servers": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const root = resolve(import.meta.dir, "..");
const binary = join(root, "dist", "migrator");
const PG = process.env.MIGRATOR_BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const MY = process.env.MIGRATOR_BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

if (!existsSync(binary)) {
  const b = Bun.spawnSync([process.execPath, "run", "scripts/build.ts"], { cwd: root, stdout: "inherit", stderr: "inherit" });
  if (b.exitCode !== 0) process.exit(1);
}

/** Wall time with ms resolution (time's %e has 10 ms): measured here, RSS from time. */
function bench(name: string, target: string, cmd: string[], cwd: string, env: Record<string, string> = {}, before?: () => void): Row | undefined {
  if (values.only && !name.includes(values.only) && !name.startsWith("  floor")) return undefined;
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    before?.();
    const s = measure(cmd, cwd, env);
    times.push(s.seconds);
    rss = Math.max(rss, s.rssKb);
  }
  return report({ name, target, seconds: median(times), rssKb: rss });
}

function revisionFile(i: number, body: string, downBody: string): string {
  return `import type { Operations } from "migrator";
export const revision = "rev${String(i).padStart(5, "0")}";
export const downRevision = ${i === 1 ? "null" : `"rev${String(i - 1).padStart(5, "0")}"`};
export const message = "revision ${i}";

export async function upgrade(op: Operations) {
  ${body}
}

export async function downgrade(op: Operations) {
  ${downBody}
}
`;
}

function project(n: number, withTables: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), `migrator-bench-${n}-`));
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  for (let i = 1; i <= n; i++) {
    const body = withTables
      ? `await op.createTable("t${i}", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(100)" }]);`
      : "// nothing";
    const down = withTables ? `await op.dropTable("t${i}");` : "// nothing";
    writeFileSync(join(versions, `rev${String(i).padStart(5, "0")}_revision_${i}.ts`), revisionFile(i, body, down));
  }
  return dir;
}

console.log(`migrator benchmark — median of ${RUNS} runs, peak RSS — ${new Date().toISOString()}`);
const small = project(3, true);
const big = project(5000, false);
const thousand = project(1000, true);
const sqliteEnv = { DATABASE_URL: "sqlite:///bench.db" };
const resetDb = (dir: string) => () => {
  for (const f of ["bench.db", "bench.db-journal", "bench.db-wal", "bench.db-migrator.lock"]) rmSync(join(dir, f), { force: true });
};

measure([binary, "upgrade", "head"], small, sqliteEnv);
// The floor of any Bun binary on this machine: one that prints a line and exits.
writeFileSync(join(small, "hello.ts"), 'console.log("hello");\n');
Bun.spawnSync([process.execPath, "build", "--compile", "--minify", "--bytecode", "hello.ts", "--outfile", "hello"], { cwd: small });
bench("  baseline: an empty compiled Bun binary", "—", [join(small, "hello")], small);
bench("start-up: migrator --version", "≤ 10 ms", [binary, "--version"], small);
bench("current on SQLite", "≤ 15 ms", [binary, "current"], small, sqliteEnv);
bench("heads over 5,000 revisions", "≤ 100 ms", [binary, "heads"], big, sqliteEnv);
bench("history over 5,000 revisions", "—", [binary, "history"], big, sqliteEnv);
bench("upgrade head, 1,000 revisions, SQLite", "≤ 500 ms", [binary, "upgrade", "head"], thousand, sqliteEnv, resetDb(thousand));
bench("upgrade head --sql, 1,000 revisions", "≤ 100 ms", [binary, "upgrade", "head", "--sql"], thousand, sqliteEnv);

if (!values["no-servers"]) {
  serverCases();
}
// `--only fleet` needs no rival (and installs no dbmate).
if (values.only !== "fleet") rivalCases({ binary, root, runs: RUNS, only: values.only, servers: !values["no-servers"], pgUrl: PG, mysqlUrl: MY });
fleetCases({ binary, runs: Math.min(RUNS, 5), only: values.only, servers: !values["no-servers"], pgUrl: PG });
autogenerateCases({
  binary,
  runs: RUNS,
  largeRuns: Math.min(RUNS, 3),
  only: values.only,
  servers: !values["no-servers"],
  pgUrl: PG,
  mysqlUrl: MY,
});

for (const d of [small, big, thousand]) rmSync(d, { recursive: true, force: true });

function serverCases(): void {
  // PostgreSQL: a fresh schema per run; floor = psql running the offline script of the same revisions.
  const pgSchema = "migrator_bench";
  const psql = (sql: string) => Bun.spawnSync(["psql", "-q", "-v", "ON_ERROR_STOP=1", PG, "-c", sql], { stdout: "ignore", stderr: "pipe" });
  const pgReset = () => {
    const r = psql(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE; CREATE SCHEMA ${pgSchema}`);
    if (r.exitCode !== 0) throw new Error(`psql: ${r.stderr.toString()}`);
  };
  const pgUrl = `${PG}${PG.includes("?") ? "&" : "?"}options=-c%20search_path%3D${pgSchema}`;
  const pgScript = Bun.spawnSync([binary, "upgrade", "head", "--sql"], { cwd: thousand, env: { PATH: process.env.PATH ?? "", DATABASE_URL: PG } }).stdout.toString();
  const pgFile = join(thousand, "pg.sql");
  writeFileSync(pgFile, `SET search_path TO ${pgSchema};\n${pgScript}`);
  tryBench(() => {
    pair("upgrade head, 1,000 revisions, PostgreSQL", [binary, "upgrade", "head"], { DATABASE_URL: pgUrl }, "psql -f (same DDL, one script)", ["psql", "-q", "-v", "ON_ERROR_STOP=1", PG, "-f", pgFile], pgReset);
    return undefined;
  });
  pgReset();
  psql(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);

  // MariaDB: a fresh database per run.
  const myDb = "migrator_bench";
  const mariadb = (sql: string) => Bun.spawnSync(["mariadb", "-h127.0.0.1", "-uroot", "-e", sql], { stdout: "ignore", stderr: "pipe" });
  const myReset = () => {
    const r = mariadb(`DROP DATABASE IF EXISTS ${myDb}; CREATE DATABASE ${myDb}`);
    if (r.exitCode !== 0) throw new Error(`mariadb: ${r.stderr.toString()}`);
  };
  const myUrl = MY.replace(/\/[^/?]*(\?|$)/, `/${myDb}$1`);
  const myScript = Bun.spawnSync([binary, "upgrade", "head", "--sql"], { cwd: thousand, env: { PATH: process.env.PATH ?? "", DATABASE_URL: myUrl } }).stdout.toString();
  const myFile = join(thousand, "my.sql");
  writeFileSync(myFile, myScript);
  tryBench(() => {
    pair("upgrade head, 1,000 revisions, MariaDB", [binary, "upgrade", "head"], { DATABASE_URL: myUrl }, "mariadb < script (same DDL)", ["sh", "-c", `mariadb -h127.0.0.1 -uroot ${myDb} < ${myFile}`], myReset);
    return undefined;
  });
  mariadb(`DROP DATABASE IF EXISTS ${myDb}`);
}

/**
 * Time two commands alternately (reset before each), so that the server's state (checkpoints, caches)
 * weighs on both alike; report each median and the ratio.
 */
function pair(name: string, ours: string[], oursEnv: Record<string, string>, floorName: string, floor: string[], reset: () => void): void {
  if (values.only && !name.includes(values.only)) return;
  const a: number[] = [];
  const b: number[] = [];
  let rssA = 0;
  let rssB = 0;
  for (let i = 0; i < RUNS; i++) {
    reset();
    const sa = measure(ours, thousand, oursEnv);
    rssA = Math.max(rssA, sa.rssKb);
    a.push(sa.seconds);
    reset();
    const sb = measure(floor, thousand);
    rssB = Math.max(rssB, sb.rssKb);
    b.push(sb.seconds);
  }
  const ra = report({ name, target: "≤ 1.5 × floor", seconds: median(a), rssKb: rssA });
  const rb = report({ name: `  floor: ${floorName}`, target: "—", seconds: median(b), rssKb: rssB });
  ratio(ra, rb);
}

function tryBench(fn: () => Row | undefined): Row | undefined {
  try {
    return fn();
  } catch (error) {
    console.log(`  skipped: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    return undefined;
  }
}

function ratio(row: Row | undefined, floor: Row | undefined): void {
  if (row && floor) console.log(`  ratio to floor: ${(row.seconds / floor.seconds).toFixed(2)}×`);
}
