/**
 * How long one bulk reflect takes on 500 tables (8 columns, one index, one foreign key each), against
 * table-by-table reflection. Not a test: run `bun run src/dialects/mysql/reflect.bench.ts` with a server
 * at MIGRATOR_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test).
 */
import { mysqlDialect as dialect } from "./dialect.ts";
import { createTestDatabase, runOp } from "./test_database.ts";

const TABLES = Number(process.env["TABLES"] ?? 500);
const db = await createTestDatabase();
try {
  for (let i = 0; i < TABLES; i++) {
    const name = `t${String(i).padStart(4, "0")}`;
    await runOp(db.conn, {
      kind: "createTable",
      table: { name },
      columns: [
        { name: "id", type: "integer", primaryKey: true, autoincrement: true },
        { name: "ref_id", type: "integer", references: { table: i === 0 ? name : `t${String(i - 1).padStart(4, "0")}`, column: "id" } },
        { name: "a", type: "varchar(50)", nullable: false },
        { name: "b", type: "integer", default: 0 },
        { name: "c", type: "text" },
        { name: "d", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "e", type: "numeric(10,2)" },
        { name: "f", type: "varchar(20)", comment: "f" },
      ],
    });
    await runOp(db.conn, { kind: "createIndex", name: `ix_${name}`, table: { name }, columns: ["a", "b"] });
  }
  const time = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const out = await f();
    console.log(`${what}: ${((performance.now() - start) / 1000).toFixed(3)} s`);
    return out;
  };
  await dialect.reflect(db.conn, {}); // warm the server's table cache
  for (let run = 1; run <= 3; run++) {
    const model = await time(`reflect, ${TABLES} tables, run ${run}`, () => dialect.reflect(db.conn, {}));
    if (model.tables.length !== TABLES) throw new Error(`read ${model.tables.length} tables`);
  }
  await time(`reflectTable one by one, ${TABLES} tables`, async () => {
    for (let i = 0; i < TABLES; i++) await dialect.reflectTable(db.conn, { name: `t${String(i).padStart(4, "0")}` });
  });
} finally {
  await db.drop();
}
