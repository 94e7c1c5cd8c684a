/**
 * The CLI under Deno, end to end on SQLite and PostgreSQL: init, revision, upgrade, current, downgrade
 * and --sql. Run with `deno task test` (tests/deno.test.ts runs it in `bun test`). A Deno test file, named
 * so that `bun test` does not pick it up; PostgreSQL comes from MIGRATOR_TEST_PG_URL as in the backend suite.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDialect, parseDatabaseUrl } from "../../mod.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const PG_URL = Deno.env.get("MIGRATOR_TEST_PG_URL") ?? "postgresql://postgres@127.0.0.1:5432/test";

function cli(cwd: string, args: string[], env: Record<string, string>) {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", join(root, "deno.json"), join(root, "cli.ts"), ...args],
    cwd,
    env: { DENO_NO_UPDATE_CHECK: "1", ...env },
    clearEnv: true,
  }).outputSync();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

function ok(cwd: string, args: string[], env: Record<string, string>): string {
  const r = cli(cwd, args, env);
  assert.equal(r.code, 0, `migrator ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** A database of its own on the PostgreSQL server, created and dropped through the library. */
async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `migrator_deno_${Math.random().toString(36).slice(2, 10)}`;
  const dialect = await loadDialect("postgres");
  const admin = await dialect.connect(parseDatabaseUrl(PG_URL), { timeoutMs: 5000 });
  await admin.execute(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** init + two revisions, upgrade, current, downgrade, and the offline script. */
function lifecycle(url: string): void {
  const dir = mkdtempSync(join(tmpdir(), "migrator-deno-cli-"));
  try {
    const env = { DATABASE_URL: url };
    assert.match(ok(dir, ["init", "migrations"], env), /migrator\.ini/);
    ok(dir, ["revision", "-m", "create account", "--rev-id", "a1"], env);
    ok(dir, ["revision", "-m", "add email", "--rev-id", "b2"], env);
    const versions = join(dir, "migrations", "versions");
    const fill = (id: string, up: string, down: string) => {
      const file = join(versions, readdirSync(versions).find((f) => f.startsWith(id))!);
      const source = readFileSync(file, "utf8").replace("// Add this revision's changes here", `${up} //`);
      writeFileSync(file, source.replace("// Undo them here", `${down} //`));
    };
    fill("a1", `await op.createTable("account", [{ name: "id", type: "integer", primaryKey: true }]);`, `await op.dropTable("account");`);
    fill("b2", `await op.addColumn("account", { name: "email", type: "varchar(200)" });`, `await op.dropColumn("account", "email");`);

    const script = ok(dir, ["upgrade", "head", "--sql"], env);
    assert.match(script, /CREATE TABLE "?account"?/);
    assert.match(script, /ADD (COLUMN )?"?email"?/);
    assert.equal(ok(dir, ["current"], env), "", "--sql must not touch the database");

    const up = cli(dir, ["upgrade", "head"], env);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.stderr.replace(/ \.\.\. \d+\.\d+ s$/gm, "").replace(/^Applied \d+ revisions? in \d+\.\d+ s\n/m, ""), "Running upgrade  -> a1, create account\nRunning upgrade a1 -> b2, add email\n");
    assert.equal(ok(dir, ["current"], env), "b2 (head)\n");
    ok(dir, ["downgrade", "-1"], env);
    assert.equal(ok(dir, ["current"], env), "a1\n");
    ok(dir, ["downgrade", "base"], env);
    assert.equal(ok(dir, ["current"], env), "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

Deno.test("CLI under Deno on SQLite: init, revision, upgrade, downgrade, --sql", () => {
  lifecycle("sqlite:///app.db");
});

Deno.test("CLI under Deno on PostgreSQL: init, revision, upgrade, downgrade, --sql", async () => {
  const db = await postgresDatabase();
  try {
    lifecycle(db.url);
  } finally {
    await db.drop();
  }
});
