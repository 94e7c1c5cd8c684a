/**
 * Autogenerate cases of the benchmark (called by run.ts): `check` and `revision --autogenerate` on N
 * tables (schema_source.ts) against an empty database and against a matching one (built by upgrading
 * the revision autogenerate wrote for the same schema), on PostgreSQL, MariaDB and SQLite, alternating
 * with Alembic 1.8's `revision --autogenerate` on the same schema as SQLAlchemy metadata when
 * `/usr/bin/python3 -m alembic` runs (1.8 has no `check`; its revision file is deleted after each run).
 * Each case works in databases of its own (migrator_bench_<random>_...), dropped at the end.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { alternate, measure, type Contender, type Row } from "./measure.ts";
import { alembicProject, migratorSchema, sqlalchemyMetadata } from "./schema_source.ts";

export interface AutogenerateBenchOptions {
  readonly binary: string;
  readonly runs: number;
  /** Runs of the large cases (2,000 tables). */
  readonly largeRuns: number;
  readonly only: string | undefined;
  readonly servers: boolean;
  readonly pgUrl: string;
  readonly mysqlUrl: string;
}

/** Where a case's databases live: made empty by create(), removed by drop(). */
interface Place {
  readonly dialect: string;
  /** A new empty database; returns migrator's URL and Alembic's (SQLAlchemy) URL. */
  create(label: string): { url: string; alembicUrl: string };
  dropAll(): void;
}

const PYTHON = "/usr/bin/python3";
const ALEMBIC = [PYTHON, "-m", "alembic"];
const TARGET = "≤ 200 ms";
/**
 * Schema sizes by dialect, to show how the cost grows. Not 2,000 tables on PostgreSQL: upgrading one
 * revision that creates them takes more locks in its transaction than the default lock table holds
 * (max_locks_per_transaction 64), whatever tool applies it.
 */
const SIZES: Record<string, readonly number[]> = { SQLite: [300, 2000], PostgreSQL: [300, 1000], MariaDB: [300, 1000] };

export function autogenerateCases(options: AutogenerateBenchOptions): void {
  const alembic = Bun.spawnSync([...ALEMBIC, "--version"], { stdout: "pipe", stderr: "pipe" });
  const alembicVersion = alembic.exitCode === 0 ? alembic.stdout.toString().trim() : undefined;
  console.log(alembicVersion ? `autogenerate: side by side with ${alembicVersion}` : "autogenerate: Alembic is not installed (/usr/bin/python3 -m alembic); migrator alone");
  const places: Place[] = [sqlitePlace()];
  if (options.servers) places.unshift(postgresPlace(options.pgUrl), mariadbPlace(options.mysqlUrl));
  for (const place of places) {
    for (const tables of SIZES[place.dialect] ?? [300]) {
      const runs = tables > 300 ? options.largeRuns : options.runs;
      const withAlembic = alembicVersion !== undefined && tables === 300 && (place.dialect !== "MariaDB" || hasPyMySql());
      try {
        benchSchema(options, place, tables, runs, withAlembic);
      } catch (error) {
        console.log(`  skipped ${tables} tables on ${place.dialect}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
      } finally {
        place.dropAll();
      }
    }
  }
}

function benchSchema(options: AutogenerateBenchOptions, place: Place, tables: number, runs: number, withAlembic: boolean): void {
  const label = `${tables.toLocaleString("en-US")} tables, ${place.dialect}`;
  const wanted = (name: string) => !options.only || name.includes(options.only);
  if (!wanted(`check, empty, ${label}`) && !wanted(`check, matching, ${label}`)) return;
  const root = mkdtempSync(join(tmpdir(), `migrator-bench-autogen-${tables}-`));
  try {
    const emptyDb = place.create(`e${tables}`);
    const matchingDb = place.create(`m${tables}`);
    const empty = migratorProject(join(root, "empty"), tables);
    const matching = migratorProject(join(root, "matching"), tables);
    const run = (dir: string, url: string, args: string[], exitCodes: readonly number[] = [0]) =>
      measure([options.binary, ...args], dir, { DATABASE_URL: url }, exitCodes);
    run(matching.dir, matchingDb.url, ["revision", "--autogenerate", "-m", "schema", "--schema", "schema.ts"]);
    run(matching.dir, matchingDb.url, ["upgrade", "head"]);
    const alembicEmpty = withAlembic ? alembicDir(join(root, "alembic-empty"), tables, place.create(`ae${tables}`).alembicUrl) : undefined;
    let alembicMatching: string | undefined;
    if (withAlembic) {
      // Alembic compares with the same matching database, built by migrator (env.py skips migrator_version).
      const db = place.create(`am${tables}`);
      run(matching.dir, db.url, ["upgrade", "head"]);
      alembicMatching = alembicDir(join(root, "alembic-matching"), tables, db.alembicUrl);
    }

    for (const state of ["empty", "matching"] as const) {
      const project = state === "empty" ? empty : matching;
      const url = state === "empty" ? emptyDb.url : matchingDb.url;
      const alembicProjectDir = state === "empty" ? alembicEmpty : alembicMatching;
      const checkName = `check, ${state}, ${label}`;
      if (!wanted(checkName) && !wanted(`revision --autogenerate, ${state}, ${label}`)) continue;
      const contenders: Contender[] = [
        { name: checkName, target: TARGET, cmd: [options.binary, "check", "--schema", "schema.ts"], cwd: project.dir, env: { DATABASE_URL: url }, exitCodes: [state === "empty" ? 3 : 0], before: project.reset },
        { name: `revision --autogenerate, ${state}, ${label}`, target: TARGET, cmd: [options.binary, "revision", "--autogenerate", "-m", "x", "--schema", "schema.ts"], cwd: project.dir, env: { DATABASE_URL: url }, before: project.reset },
      ];
      if (alembicProjectDir) {
        const versions = join(alembicProjectDir, "alembic", "versions");
        contenders.push({
          name: `  Alembic: revision --autogenerate, ${state}`,
          target: "—",
          cmd: [...ALEMBIC, "revision", "--autogenerate", "-m", "x"],
          cwd: alembicProjectDir,
          before: () => clearDir(versions),
        });
      }
      const rows = alternate(contenders, runs);
      if (alembicProjectDir) {
        sanityCheckAlembic(join(alembicProjectDir, "alembic", "versions"), state, tables);
        ratio(rows[0]!, rows[2]!, "check");
        ratio(rows[1]!, rows[2]!, "revision --autogenerate");
      }
      project.reset();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface MigratorProject {
  readonly dir: string;
  /** Remove what `revision --autogenerate` wrote in a timed run (the revision written before stays). */
  readonly reset: () => void;
}

function migratorProject(dir: string, tables: number): MigratorProject {
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, "schema.ts"), migratorSchema(tables));
  let kept: Set<string> | undefined;
  return {
    dir,
    reset() {
      kept ??= new Set(readdirSync(versions));
      for (const f of readdirSync(versions)) if (!kept.has(f)) rmSync(join(versions, f), { recursive: true, force: true });
    },
  };
}

function alembicDir(dir: string, tables: number, url: string): string {
  for (const [path, text] of Object.entries({ ...alembicProject(url, "migrator_version"), "models.py": sqlalchemyMetadata(tables) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, "alembic", "versions"), { recursive: true });
  return dir;
}

function clearDir(dir: string): void {
  for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
}

/** The last Alembic revision must create the tables (empty) or do nothing (matching): else the comparison is unfair. */
function sanityCheckAlembic(versions: string, state: "empty" | "matching", tables: number): void {
  const file = readdirSync(versions).find((f) => f.endsWith(".py"));
  if (!file) return;
  const text = readFileSync(join(versions, file), "utf8");
  const upgrade = text.slice(text.indexOf("def upgrade"), text.indexOf("def downgrade"));
  const creates = upgrade.match(/op\.create_table\(/g)?.length ?? 0;
  const ops = upgrade.match(/op\.\w+\(/g)?.length ?? 0;
  const fair = state === "empty" ? creates === tables : ops === 0;
  if (!fair) console.log(`  warning: Alembic's ${state} revision has ${ops} op(s), ${creates} create_table: ${upgrade.split("\n").slice(0, 6).join(" ").slice(0, 300)}`);
}

function ratio(ours: Row, theirs: Row, what: string): void {
  console.log(`  ratio to Alembic, ${what}: ${(ours.seconds / theirs.seconds).toFixed(2)}× (Alembic / migrator: ${(theirs.seconds / ours.seconds).toFixed(1)})`);
}

function hasPyMySql(): boolean {
  return Bun.spawnSync([PYTHON, "-c", "import pymysql"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}

const suffix = () => crypto.randomUUID().replaceAll("-", "").slice(0, 8);

function postgresPlace(base: string): Place {
  const created: string[] = [];
  const url = new URL(base);
  const psql = (sql: string) => {
    const r = Bun.spawnSync(["psql", "-q", "-v", "ON_ERROR_STOP=1", base, "-c", sql], { stdout: "ignore", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`psql: ${r.stderr.toString().trim()}`);
  };
  return {
    dialect: "PostgreSQL",
    create(label) {
      const name = `migrator_bench_${suffix()}_${label}`;
      psql(`CREATE DATABASE ${name}`);
      created.push(name);
      const at = new URL(base);
      at.pathname = `/${name}`;
      const alembicUrl = `postgresql+psycopg2://${url.username}${url.password ? `:${url.password}` : ""}@${url.host}/${name}`;
      return { url: at.toString(), alembicUrl };
    },
    dropAll() {
      for (const name of created.splice(0)) psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function mariadbPlace(base: string): Place {
  const created: string[] = [];
  const url = new URL(base);
  const cli = ["mariadb", `-h${url.hostname}`, `-P${url.port || "3306"}`, `-u${decodeURIComponent(url.username)}`, ...(url.password ? [`-p${decodeURIComponent(url.password)}`] : [])];
  const mariadb = (sql: string) => {
    const r = Bun.spawnSync([...cli, "-e", sql], { stdout: "ignore", stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`mariadb: ${r.stderr.toString().trim()}`);
  };
  return {
    dialect: "MariaDB",
    create(label) {
      const name = `migrator_bench_${suffix()}_${label}`;
      mariadb(`CREATE DATABASE ${name}`);
      created.push(name);
      const at = new URL(base);
      at.pathname = `/${name}`;
      const alembicUrl = `mysql+pymysql://${url.username}${url.password ? `:${url.password}` : ""}@${url.host}/${name}`;
      return { url: at.toString(), alembicUrl };
    },
    dropAll() {
      for (const name of created.splice(0)) mariadb(`DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

function sqlitePlace(): Place {
  const dir = mkdtempSync(join(tmpdir(), "migrator-bench-sqlite-"));
  return {
    dialect: "SQLite",
    create(label) {
      mkdirSync(dir, { recursive: true }); // dropAll() removed it after the previous size
      const file = join(dir, `${label}.db`);
      return { url: `sqlite:///${file}`, alembicUrl: `sqlite:///${file}` };
    },
    dropAll() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
