/**
 * Where the time of one `migrator check` goes, phase by phase, in process (the same steps as
 * commands/autogenerate.ts's diffSchema, with the dialect's methods timed):
 * `DATABASE_URL=... bun run bench/profile_autogenerate.ts PROJECT_DIR [runs]`, PROJECT_DIR holding
 * schema.ts and migrations/ (run.ts's autogenerate cases make such folders). Prints each phase of the
 * first run (cold, as in a new process: code not yet compiled by the JIT) and its median over the others.
 */
import { join } from "node:path";
import { compare } from "../src/autogenerate/compare.ts";
import { declaredModel } from "../src/autogenerate/declared.ts";
import { loadSchema } from "../src/autogenerate/load_schema.ts";
import { serverForm } from "../src/autogenerate/materialize.ts";
import { serverNormalizer } from "../src/autogenerate/normalize.ts";
import { revisionBodies } from "../src/commands/autogenerate.ts";
import { loadGraph } from "../src/commands/script.ts";
import { loadConfig } from "../src/config/load.ts";
import type { Connection } from "../src/dialects/connection.ts";
import type { Dialect } from "../src/dialects/dialect.ts";
import { openSession, readHeads } from "../src/runtime/session.ts";
import { median } from "./measure.ts";

const dir: string = process.argv[2] ?? "";
if (dir === "") throw new Error("usage: bun run bench/profile_autogenerate.ts PROJECT_DIR [runs]");
const runs = Number(process.argv[3] ?? 5);
const config = loadConfig({ cwd: dir, env: process.env as Record<string, string> });

type Phases = Map<string, number>;

async function once(phases: Phases, round: number): Promise<void> {
  const add = (name: string, ms: number) => phases.set(name, (phases.get(name) ?? 0) + ms);
  const timed = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      add(name, performance.now() - t0);
    }
  };
  // A module is imported once per path: a copy per round keeps the import cold, as in a new process.
  const schemaFile = join(dir, `schema.ts`);
  const copy = join(dir, `schema_profile_${round}.ts`);
  await Bun.write(copy, Bun.file(schemaFile));
  const loaded = await timed("load the schema module", () => loadSchema(copy));
  const session = await timed("connect", () => openSession(config));
  const real = session.dialect;
  const timedConn = (conn: Connection): Connection => ({
    execute: (sql, params) => timed("scratch: execute DDL", () => conn.execute(sql, params)),
    query: (sql, params) => conn.query(sql, params),
    close: () => conn.close(),
    begin: () => conn.begin(),
    commit: () => conn.commit(),
    rollback: () => conn.rollback(),
    get inTransaction() {
      return conn.inTransaction;
    },
  });
  const dialect: Dialect = {
    ...real,
    compile: (op, ctx) => timed("scratch: compile DDL", () => real.compile(op, ctx)),
    scratch: async (conn, schemas) => {
      const scratch = await timed("scratch: open", () => real.scratch(conn, schemas));
      return { ...scratch, conn: timedConn(scratch.conn), schema: scratch.schema.bind(scratch), declaredName: scratch.declaredName.bind(scratch), release: () => timed("scratch: release", () => scratch.release()) };
    },
  };
  try {
    const declared = await timed("declared model", () => declaredModel(loaded.schema, real.capabilities.maxIdentifierLength));
    const graph = await timed("revision graph + heads", async () => {
      const g = await loadGraph(config);
      await readHeads(session);
      return g;
    });
    void graph;
    const live = await timed("reflect the live database", () => real.reflect(session.conn, { schemas: declared.model.schemas, skipTable: (t) => t.name === config.versionTable }));
    const t0 = performance.now();
    const before = new Map(phases);
    // Every declared table in the scratch: the worst case. diffSchema creates only those that seem to differ.
    const target = await serverForm(dialect, session.conn, declared.model);
    const inner = [...phases].reduce((s, [k, v]) => s + v - (before.get(k) ?? 0), 0);
    add("scratch: reflect + map", performance.now() - t0 - inner);
    const result = await timed("compare", () =>
      compare({ from: live, to: target, portable: declared.model, conventionNames: declared.conventionNames, norm: serverNormalizer, capabilities: real.capabilities, renames: declared.renames }),
    );
    await timed("render the revision", () => revisionBodies({ changes: result.changes, warnings: result.warnings, unresolved: result.unresolved, figures: new Map(), offline: false, unmanaged: [], sql: async () => "", alterColumnUsing: real.capabilities.alterColumnUsing }));
  } finally {
    await timed("close", () => session.conn.close());
    (await import("node:fs")).rmSync(copy, { force: true });
  }
}

let cold: Phases = new Map();
const all: Phases[] = [];
for (let i = 0; i <= runs; i++) {
  const phases: Phases = new Map();
  const t0 = performance.now();
  await once(phases, i);
  phases.set("total (in process)", performance.now() - t0);
  if (i > 0) all.push(phases);
  else cold = phases;
}
console.log(`check, phase by phase (ms): the first run in this process (cold), and the median of ${runs} more (warm)`);
for (const name of cold.keys()) {
  console.log(`${name.padEnd(30)} ${(cold.get(name) ?? 0).toFixed(1).padStart(8)} ${median(all.map((p) => p.get(name) ?? 0)).toFixed(1).padStart(8)}`);
}
