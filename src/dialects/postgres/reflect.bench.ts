/**
 * How long one bulk reflect takes on 500 tables (8 columns, one index and one foreign key each):
 * `bun run src/dialects/postgres/reflect.bench.ts [tables] [runs]`. Works in a database of its own
 * (MIGRATOR_TEST_PG_URL's server), dropped at the end. Prints the median and best of the runs.
 */
import { parseDatabaseUrl } from "../../config/url.ts";
import { postgresDialect as dialect } from "./dialect.ts";

const base = parseDatabaseUrl(process.env["MIGRATOR_TEST_PG_URL"] ?? "postgresql://postgres@127.0.0.1:5432/test");
const tables = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 9);
const database = `migrator_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;

const admin = await dialect.connect(base, { timeoutMs: 5000 });
await admin.execute(`CREATE DATABASE ${database}`);
try {
  const conn = await dialect.connect({ ...base, database }, { timeoutMs: 5000 });
  try {
    const ddl = ["CREATE TABLE t0 (id serial PRIMARY KEY)"];
    for (let i = 1; i <= tables; i++) {
      ddl.push(
        `CREATE TABLE t${i} (id serial PRIMARY KEY, parent_id integer REFERENCES t${i - 1} (id), name text NOT NULL, ` +
          `code varchar(20), price numeric(10,2) DEFAULT 0, active boolean DEFAULT true, created timestamptz DEFAULT now(), note text)`,
        `CREATE INDEX t${i}_name ON t${i} (name)`,
      );
    }
    await conn.execute(ddl.join(";\n"));
    await conn.execute("ANALYZE");
    const times: number[] = [];
    let count = 0;
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const model = await dialect.reflect(conn, { skipTable: (t) => t.name === "t0" });
      times.push(performance.now() - start);
      count = model.tables.length;
    }
    times.sort((a, b) => a - b);
    console.log(`${count} tables: median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, best ${times[0]!.toFixed(1)} ms over ${runs} runs`);
  } finally {
    await conn.close();
  }
} finally {
  await admin.execute(`DROP DATABASE ${database} WITH (FORCE)`);
  await admin.close();
}
