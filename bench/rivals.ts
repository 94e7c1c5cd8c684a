/**
 * Rival cases of the benchmark (called by run.ts, `--only rivals` for these alone): migrator beside
 * dbmate 2.36 (the Go binary of the npm package, installed on first use into .tmp/dbmate, outside git)
 * and, where `/usr/bin/python3 -m alembic` runs, Alembic, on the same migrations (a table and an index
 * each), alternating run by run, printing each median and the ratio. dbmate runs with `--no-dump-schema`
 * (its schema dump shells out to mysqldump/pg_dump, which is not the migration). Where the target is set
 * against what the runtime itself costs, a floor runs beside them: a compiled Bun binary doing only the
 * unavoidable part (heads: read the files; --sql: import the modules and call upgrade(); current on
 * PostgreSQL: the same driver connecting and reading the version table).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alternate, measure, type Contender } from "./measure.ts";

export interface RivalBenchOptions {
  readonly binary: string;
  readonly root: string;
  readonly runs: number;
  readonly only: string | undefined;
  readonly servers: boolean;
  readonly pgUrl: string;
  readonly mysqlUrl: string;
}

const DBMATE_VERSION = "2.36.0";
const ALEMBIC = ["/usr/bin/python3", "-m", "alembic"];

/** dbmate's binary, installed with npm into `<root>/.tmp/dbmate` when missing; undefined if that fails. */
function dbmateBinary(root: string): string | undefined {
  const prefix = join(root, ".tmp", "dbmate");
  const bin = join(prefix, "node_modules", "@dbmate", `${process.platform}-${process.arch}`, "bin", "dbmate");
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    Bun.spawnSync(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", `dbmate@${DBMATE_VERSION}`], { stdout: "ignore", stderr: "inherit" });
  }
  return existsSync(bin) ? bin : undefined;
}

const id = (i: number) => `rev${String(i).padStart(5, "0")}`;

/** n revisions, each creating table t<i> and an index on it, for migrator, dbmate and Alembic. */
function projects(n: number): { dir: string; dbmate: string; alembic: string } {
  const dir = mkdtempSync(join(tmpdir(), `migrator-bench-rivals-${n}-`));
  const versions = join(dir, "migrations", "versions");
  const dbmate = join(dir, "dbmate");
  const alembic = join(dir, "alembic");
  for (const d of [versions, dbmate, join(alembic, "versions")]) mkdirSync(d, { recursive: true });
  writeFileSync(join(alembic, "env.py"), ALEMBIC_ENV);
  writeFileSync(join(dir, "alembic.ini"), "[alembic]\nscript_location = alembic\n");
  for (let i = 1; i <= n; i++) {
    const t = `t${i}`;
    writeFileSync(
      join(versions, `${id(i)}_revision_${i}.ts`),
      `import type { Operations } from "migrator";
export const revision = "${id(i)}";
export const downRevision = ${i === 1 ? "null" : `"${id(i - 1)}"`};
export const message = "revision ${i}";

export async function upgrade(op: Operations) {
  await op.createTable("${t}", [{ name: "id", type: "integer", primaryKey: true }, { name: "name", type: "varchar(100)" }]);
  await op.createIndex("ix_${t}_name", "${t}", ["name"]);
}

export async function downgrade(op: Operations) {
  await op.dropTable("${t}");
}
`,
    );
    writeFileSync(
      join(dbmate, `${String(20260000000000 + i)}_revision_${i}.sql`),
      `-- migrate:up\nCREATE TABLE ${t} (id integer NOT NULL, name varchar(100), PRIMARY KEY (id));\nCREATE INDEX ix_${t}_name ON ${t} (name);\n\n-- migrate:down\nDROP TABLE ${t};\n`,
    );
    writeFileSync(
      join(alembic, "versions", `${id(i)}_revision_${i}.py`),
      `"""revision ${i}

Revision ID: ${id(i)}
Revises: ${i === 1 ? "" : id(i - 1)}
"""
import sqlalchemy as sa
from alembic import op

revision = "${id(i)}"
down_revision = ${i === 1 ? "None" : `"${id(i - 1)}"`}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("${t}", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(100)))
    op.create_index("ix_${t}_name", "${t}", ["name"])


def downgrade():
    op.drop_table("${t}")
`,
    );
  }
  return { dir, dbmate, alembic };
}

/** Offline only (heads, --sql): Alembic reads the URL for the dialect and never connects. */
const ALEMBIC_ENV = `from alembic import context

context.configure(url=context.config.get_main_option("sqlalchemy.url") or "postgresql://localhost/x", literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
`;

/** Print the ratio of each row after the first to the first (migrator). */
function ratios(rows: readonly { name: string; seconds: number }[]): void {
  const [ours, ...others] = rows;
  for (const o of others) console.log(`  migrator / ${o.name.trim().split(":")[0]}: ${(ours!.seconds / o.seconds).toFixed(2)}×`);
}

export function rivalCases(options: RivalBenchOptions): void {
  const wanted = (name: string) => !options.only || name.includes(options.only) || options.only === "rivals";
  const dbmate = dbmateBinary(options.root);
  const alembicRuns = Bun.spawnSync([...ALEMBIC, "--version"], { stdout: "pipe", stderr: "pipe" }).exitCode === 0;
  console.log(`rivals: ${dbmate ? `dbmate ${DBMATE_VERSION}` : "dbmate not installed (npm failed)"}, ${alembicRuns ? "Alembic" : "no Alembic"}`);
  const dirs: string[] = [];
  const made = new Map<number, ReturnType<typeof projects>>();
  const project = (n: number) => {
    if (!made.has(n)) {
      made.set(n, projects(n));
      dirs.push(made.get(n)!.dir);
    }
    return made.get(n)!;
  };
  try {
    // heads over 5,000 revisions: the floor is a compiled Bun binary that only reads the files and matches their revision line.
    if (wanted("rivals: heads over 5,000 revisions")) {
      const p = project(5000);
      const floor = compileFloor(options.root, "heads_floor", FLOOR_SOURCE);
      const env = { DATABASE_URL: "sqlite:///bench.db" };
      const c: Contender[] = [
        { name: "rivals: heads over 5,000 revisions", target: "≤ 1.5 × floor", cmd: [options.binary, "heads"], cwd: p.dir, env },
        { name: "  floor: read + match, compiled Bun", target: "—", cmd: [floor, join(p.dir, "migrations", "versions")], cwd: p.dir },
      ];
      if (alembicRuns) c.push({ name: "  Alembic: heads", target: "—", cmd: [...ALEMBIC, "heads"], cwd: p.dir });
      ratios(alternate(c, options.runs));
    }
    if (wanted("rivals: upgrade head --sql, 1,000 revisions")) {
      const p = project(1000);
      // The floor: what any runner of TypeScript revisions pays, importing each module and calling its upgrade().
      const floor = compileFloor(options.root, "import_floor", IMPORT_FLOOR_SOURCE);
      const c: Contender[] = [
        { name: "rivals: upgrade head --sql, 1,000 revisions", target: "≤ 100 ms", cmd: [options.binary, "upgrade", "head", "--sql"], cwd: p.dir, env: { DATABASE_URL: "postgresql://localhost/x" } },
        { name: "  floor: import + upgrade(), compiled Bun", target: "—", cmd: [floor, join(p.dir, "migrations", "versions")], cwd: p.dir },
      ];
      if (alembicRuns) c.push({ name: "  Alembic: upgrade head --sql", target: "—", cmd: [...ALEMBIC, "-x", "x=1", "upgrade", "head", "--sql"], cwd: p.dir });
      ratios(alternate(c, options.runs));
    }
    if (!dbmate) return;
    currentCase(options, project(3), dbmate, "SQLite", "sqlite:///bench.db", "sqlite:dbmate.db", wanted);
    if (!options.servers) return;
    const pgBase = options.pgUrl.replace(/\?.*$/, "");
    const pgSchema = "migrator_bench_rivals";
    const psql = (sql: string) => Bun.spawnSync(["psql", "-q", "-v", "ON_ERROR_STOP=1", options.pgUrl, "-c", sql], { stdout: "ignore", stderr: "ignore" });
    psql(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE; CREATE SCHEMA ${pgSchema}; DROP SCHEMA IF EXISTS ${pgSchema}_dbmate CASCADE; CREATE SCHEMA ${pgSchema}_dbmate`);
    try {
      // The same settings for each: no TLS (dbmate's URL says so), the schema as search_path.
      const url = `${pgBase}?sslmode=disable&options=-c%20search_path%3D${pgSchema}`;
      currentCase(
        options,
        project(3),
        dbmate,
        "PostgreSQL",
        url,
        `${pgBase.replace(/^postgresql:/, "postgres:")}?sslmode=disable&search_path=${pgSchema}_dbmate`,
        wanted,
        { name: "  floor: postgres.js connect + SELECT, compiled Bun", cmd: [compileFloor(options.root, "pg_current_floor", PG_CURRENT_FLOOR_SOURCE), url] },
      );
    } finally {
      psql(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE; DROP SCHEMA IF EXISTS ${pgSchema}_dbmate CASCADE`);
    }
    const myDb = "migrator_bench_rivals";
    const myUrl = options.mysqlUrl.replace(/\/[^/?]*(\?|$)/, `/${myDb}$1`);
    const myReset = () => {
      const r = Bun.spawnSync(["mariadb", "-h127.0.0.1", "-uroot", "-e", `DROP DATABASE IF EXISTS ${myDb}; CREATE DATABASE ${myDb}`], { stdout: "ignore", stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(`mariadb: ${r.stderr.toString()}`);
    };
    try {
      for (const n of [200, 1000]) {
        const name = `rivals: upgrade head, ${n.toLocaleString("en-US")} revisions, MariaDB`;
        if (!wanted(name)) continue;
        const p = project(n);
        const contenders: Contender[] = [
          { name, target: "≤ dbmate", cmd: [options.binary, "upgrade", "head"], cwd: p.dir, env: { DATABASE_URL: myUrl }, before: myReset },
          { name: "  dbmate: migrate", target: "—", cmd: [dbmate, "--url", myUrl, "--migrations-dir", p.dbmate, "--no-dump-schema", "migrate"], cwd: p.dir, before: myReset },
        ];
        ratios(alternate(contenders, options.runs));
        // The server's work, which the wall times above vary with (the disk's fsync latency): counted, not timed.
        const work = contenders.map((c) => serverWork(c, n));
        console.log(`  per revision, migrator / dbmate: ${work[0]!.statements.toFixed(1)} / ${work[1]!.statements.toFixed(1)} statements, ${work[0]!.fsyncs.toFixed(1)} / ${work[1]!.fsyncs.toFixed(1)} InnoDB fsyncs`);
      }
    } finally {
      Bun.spawnSync(["mariadb", "-h127.0.0.1", "-uroot", "-e", `DROP DATABASE IF EXISTS ${myDb}`], { stdout: "ignore", stderr: "ignore" });
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The server's status counters around one run of `c` (after its reset): statements and InnoDB fsyncs, per revision. */
function serverWork(c: Contender, revisions: number): { statements: number; fsyncs: number } {
  const status = () => {
    const r = Bun.spawnSync(["mariadb", "-h127.0.0.1", "-uroot", "-N", "-e", "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Innodb_data_fsyncs')"], { stdout: "pipe" });
    const values = new Map(r.stdout.toString().trim().split("\n").map((line) => line.split("\t") as [string, string]));
    return { questions: Number(values.get("Questions")), fsyncs: Number(values.get("Innodb_data_fsyncs")) };
  };
  c.before?.();
  const before = status();
  measure(c.cmd, c.cwd, c.env, c.exitCodes);
  const after = status();
  // Less the one status query of its own that `after` counts.
  return { statements: (after.questions - before.questions - 1) / revisions, fsyncs: (after.fsyncs - before.fsyncs) / revisions };
}

/**
 * `current` against `dbmate status` on a database both have brought to the last of 3 revisions; on
 * PostgreSQL also against the floor of a Bun binary with the same driver (`floor`, run with `url`).
 */
function currentCase(
  options: RivalBenchOptions,
  p: ReturnType<typeof projects>,
  dbmate: string,
  dialect: string,
  url: string,
  dbmateUrl: string,
  wanted: (name: string) => boolean,
  floor?: { readonly name: string; readonly cmd: string[] },
): void {
  const name = `rivals: current on ${dialect}`;
  if (!wanted(name)) return;
  const dbmateArgs = [dbmate, "--url", dbmateUrl, "--migrations-dir", p.dbmate, "--no-dump-schema"];
  // Each in a place of its own (the same tables): both at the last revision.
  measure([options.binary, "upgrade", "head"], p.dir, { DATABASE_URL: url });
  measure([...dbmateArgs, "migrate"], p.dir);
  ratios(
    alternate(
      [
        { name, target: "≤ dbmate", cmd: [options.binary, "current"], cwd: p.dir, env: { DATABASE_URL: url } },
        { name: "  dbmate: status", target: "—", cmd: [...dbmateArgs, "status"], cwd: p.dir },
        ...(floor ? [{ name: floor.name, target: "—", cmd: floor.cmd, cwd: p.dir }] : []),
      ],
      options.runs,
    ),
  );
}

/**
 * Compile a floor program with the options of the binary, in `<root>/.tmp/bench` (outside git, and where
 * the repository's node_modules resolve); returns the binary's path.
 */
function compileFloor(root: string, name: string, source: string): string {
  const dir = join(root, ".tmp", "bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.ts`), source);
  const out = join(dir, name);
  const built = Bun.spawnSync([process.execPath, "build", "--compile", "--minify", "--bytecode", "--format=esm", `${name}.ts`, "--outfile", name], { cwd: dir, stdout: "ignore", stderr: "pipe" });
  if (built.exitCode !== 0) throw new Error(`bun build ${name}: ${built.stderr.toString()}`);
  return out;
}

/**
 * The floor of `upgrade --sql` over TypeScript revisions: import every module of the folder (the module
 * "migrator" provided empty, as the binary provides its own) and call each upgrade() with an op whose
 * methods do nothing.
 */
const IMPORT_FLOOR_SOURCE = `import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
const dir = process.argv[2]!;
Bun.plugin({ name: "migrator", setup: (b) => b.module("migrator", () => ({ exports: {}, loader: "object" })) });
const files = readdirSync(dir).sort().map((f) => dir + "/" + f);
const modules = await Promise.all(files.map((f) => import(pathToFileURL(f).href)));
const op = new Proxy({}, { get: () => async () => {} });
for (const m of modules) await m.upgrade(op);
console.log(modules.length);
`;

/** The floor of `current` on PostgreSQL: the same driver (postgres.js) connects, reads the version table once, exits. */
const PG_CURRENT_FLOOR_SOURCE = `import postgres from "postgres";
const sql = postgres(process.argv[2]!, { max: 1, fetch_types: false, onnotice: () => {} });
const rows = await sql.unsafe("SELECT version_num FROM migrator_version");
console.log(rows.length);
process.exit(0);
`;

/** The floor of `heads`: list the folder, read each file, match its revision line, print the count. */
const FLOOR_SOURCE = `import { readdirSync, readFileSync } from "node:fs";
const dir = process.argv[2]!;
const re = /^export const revision = "([^"]+)"/m;
let n = 0;
for (const f of readdirSync(dir)) if (re.test(readFileSync(dir + "/" + f, "utf8"))) n++;
console.log(n);
`;
