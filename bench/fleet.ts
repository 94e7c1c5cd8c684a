/**
 * Fleet cases (`bun run bench/run.ts --only fleet`): 200 SQLite databases and 50 PostgreSQL schemas
 * upgraded by one `migrator upgrade --urls-file / --schemas` at a few concurrencies, against a shell
 * loop running the binary once per database (what a fleet was before), alternating run by run from
 * empty databases; prints each median and the ratio of the shell loop to each fleet run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alternate, type Contender } from "./measure.ts";

export interface FleetBenchOptions {
  readonly binary: string;
  readonly runs: number;
  readonly only: string | undefined;
  readonly servers: boolean;
  readonly pgUrl: string;
}

const SQLITE_DATABASES = 200;
const PG_SCHEMAS = 50;
const CONCURRENCIES = [1, 4, 8];

/** A project of three revisions, each creating a table with an index. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "migrator-bench-fleet-"));
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  for (let i = 1; i <= 3; i++) {
    writeFileSync(
      join(versions, `f${i}_table_${i}.ts`),
      `import type { Operations } from "migrator";
export const revision = "f${i}";
export const downRevision = ${i === 1 ? "null" : `"f${i - 1}"`};
export async function upgrade(op: Operations) {
  await op.createTable("t${i}", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(100)" }]);
  await op.createIndex("t${i}_name", "t${i}", ["name"]);
}
export async function downgrade(op: Operations) {
  await op.dropTable("t${i}");
}
`,
    );
  }
  return dir;
}

/** The shell loop a fleet replaces: the binary once per URL of the file, stopping at the first failure. */
function shellLoop(binary: string, urlsFile: string): string[] {
  return ["sh", "-c", `while read -r url; do DATABASE_URL="$url" "${binary}" upgrade head -q || exit 1; done < "${urlsFile}"`];
}

/** Print, for each fleet row, how many times faster it is than the shell loop (the last row). */
function ratios(rows: readonly { name: string; seconds: number }[]): void {
  const loop = rows.at(-1)!;
  for (const r of rows.slice(0, -1)) console.log(`  shell loop / ${r.name.trim()}: ${(loop.seconds / r.seconds).toFixed(1)}×`);
}

export function fleetCases(options: FleetBenchOptions): void {
  if (options.only && !"fleet".includes(options.only) && !options.only.includes("fleet")) return;
  const dir = project();
  try {
    sqliteFleet(options, dir);
    if (options.servers) postgresFleet(options, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sqliteFleet(options: FleetBenchOptions, dir: string): void {
  const dbs = join(dir, "dbs");
  const urls = Array.from({ length: SQLITE_DATABASES }, (_, i) => `sqlite:///${join(dbs, `tenant_${i}.db`)}`);
  const file = join(dir, "sqlite_urls.txt");
  writeFileSync(file, urls.join("\n") + "\n");
  const reset = () => {
    rmSync(dbs, { recursive: true, force: true });
    mkdirSync(dbs);
  };
  const contenders: Contender[] = [
    ...CONCURRENCIES.map((n) => ({
      name: `fleet: ${SQLITE_DATABASES} SQLite files, --concurrency ${n}`,
      target: "—",
      cmd: [options.binary, "upgrade", "head", "-q", "--urls-file", file, "--concurrency", String(n)],
      cwd: dir,
      before: reset,
    })),
    { name: `  shell loop: ${SQLITE_DATABASES} × migrator upgrade`, target: "—", cmd: shellLoop(options.binary, file), cwd: dir, before: reset },
  ];
  ratios(alternate(contenders, options.runs));
}

function postgresFleet(options: FleetBenchOptions, dir: string): void {
  const database = `migrator_bench_fleet_${process.pid}`;
  const admin = (sql: string, url = options.pgUrl) => {
    const p = Bun.spawnSync(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], { stdout: "ignore", stderr: "pipe" });
    if (p.exitCode !== 0) throw new Error(`psql failed: ${p.stderr.toString()}`);
  };
  const url = options.pgUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  const schemas = Array.from({ length: PG_SCHEMAS }, (_, i) => `tenant_${String(i).padStart(2, "0")}`);
  const file = join(dir, "pg_urls.txt");
  writeFileSync(file, schemas.map((s) => `${url}?search_path=${s}`).join("\n") + "\n");
  admin(`CREATE DATABASE ${database}`);
  const reset = () => admin(schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s};`).join(" "), url);
  try {
    const contenders: Contender[] = [
      ...CONCURRENCIES.map((n) => ({
        name: `fleet: ${PG_SCHEMAS} PostgreSQL schemas, --concurrency ${n}`,
        target: "—",
        cmd: [options.binary, "upgrade", "head", "-q", "--schemas", "tenant_*", "--concurrency", String(n)],
        cwd: dir,
        env: { DATABASE_URL: url },
        before: reset,
      })),
      { name: `  shell loop: ${PG_SCHEMAS} × migrator upgrade`, target: "—", cmd: shellLoop(options.binary, file), cwd: dir, before: reset },
    ];
    ratios(alternate(contenders, options.runs));
  } finally {
    admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
