/**
 * Autogenerate parity with Alembic 1.8.1 (see README.md): per scenario of autogenerate_scenarios.json and
 * dialect, the same starting database on the real server, migrator's diffSchema against the scenario's
 * schema in autogenerate_schemas.ts, its ops named in Alembic's diff kinds (alembic_kinds.ts). Every
 * line Alembic printed (autogenerate_expected.txt) must be among migrator's, except a known gap, which
 * must still be missing, and a line where nothing differs, which must stay absent; what migrator finds
 * beyond Alembic must be autogenerate_extra.txt (MIGRATOR_PARITY_RECORD=1 rewrites that file).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffSchema } from "../../src/commands/autogenerate.ts";
import { parseDatabaseUrl } from "../../src/config/url.ts";
import { loadDialect } from "../../src/dialects/registry.ts";
import { removeDir, tempDir, testConfig } from "../project.ts";
import { DATABASES } from "../backend/databases.ts";
import { alembicLines } from "./alembic_kinds.ts";

interface Scenario {
  readonly name: string;
  readonly setup: Readonly<Record<string, readonly string[]>>;
}

/** Alembic's dialect names → the backend suite's databases. */
const DIALECTS = { postgresql: "postgres", sqlite: "sqlite" } as const;

const here = (file: string) => new URL(`./${file}`, import.meta.url).pathname;
const scenarios = JSON.parse(readFileSync(here("autogenerate_scenarios.json"), "utf8")) as Scenario[];

/** "==================== <scenario> <dialect>" sections of an expected file, as lines. */
function sections(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of readFileSync(here(file), "utf8").split("\n")) {
    const head = /^=+ (\S+ \S+)$/.exec(line);
    if (head) out.set(head[1]!, (current = []));
    else if (line.trim() !== "") current.push(line);
  }
  return out;
}

/** An Alembic line split into the diff and its note ("KNOWN GAP" or "NOT A DIFFERENCE"), if any. */
function parseLine(line: string): { diff: string; note?: string } {
  const m = /^(.*?)\s+# (KNOWN GAP|NOT A DIFFERENCE): /.exec(line);
  return m ? { diff: m[1]!, note: m[2]! } : { diff: line };
}

/**
 * Lines Alembic marks "NOT A DIFFERENCE" that migrator prints too (its own false positives, left in
 * src/ as they are and reported): label → diff → why.
 */
const SHARED_FALSE_POSITIVES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
};

const alembic = sections("autogenerate_expected.txt");
const extraExpected = sections("autogenerate_extra.txt");
const extraFound = new Map<string, string[]>();
const record = process.env["MIGRATOR_PARITY_RECORD"] === "1";

for (const [alembicDialect, database] of Object.entries(DIALECTS)) {
  describe(`autogenerate parity with Alembic: ${alembicDialect}`, () => {
    let dir: string;
    beforeAll(() => {
      dir = tempDir(`migrator-parity-${database}-`);
      mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    });
    afterAll(() => removeDir(dir));

    for (const scenario of scenarios) {
      const setup = scenario.setup[alembicDialect];
      if (setup === undefined) continue;
      const label = `${scenario.name} ${alembicDialect}`;
      test(label, async () => {
        const db = await DATABASES[database]!();
        try {
          const conn = await (await loadDialect(parseDatabaseUrl(db.url).dialect)).connect(parseDatabaseUrl(db.url), { timeoutMs: 5000 });
          try {
            for (const sql of setup) await conn.execute(sql);
          } finally {
            await conn.close();
          }
          const schema = join(dir, `${scenario.name}.ts`);
          writeFileSync(schema, `import { SCHEMAS } from ${JSON.stringify(here("autogenerate_schemas.ts"))};\nexport default SCHEMAS[${JSON.stringify(scenario.name)}];\n`);
          const config = testConfig(dir, db.url);
          const diff = await diffSchema({ config, schema });
          const ours = [...new Set(diff.changes.flatMap((c) => alembicLines(c.op)))].sort();

          const theirs = (alembic.get(label) ?? []).map(parseLine);
          const required = theirs.filter((l) => l.note === undefined).map((l) => l.diff);
          const absent = theirs.filter((l) => l.note !== undefined).map((l) => l.diff);
          expect({ label, missing: required.filter((l) => !ours.includes(l)) }).toEqual({ label, missing: [] });
          const shared = Object.keys(SHARED_FALSE_POSITIVES[label] ?? {});
          expect({ label, gapsOrFalsePositives: absent.filter((l) => ours.includes(l)) }).toEqual({ label, gapsOrFalsePositives: shared });

          const extra = ours.filter((l) => !theirs.some((t) => t.diff === l));
          extraFound.set(label, extra);
          if (!record) expect({ label, extra }).toEqual({ label, extra: extraExpected.get(label) ?? [] });
        } finally {
          await db.drop();
        }
      }, 60_000);
    }
  });
}

afterAll(() => {
  if (!record) return;
  const text = [...extraFound].sort(([a], [b]) => a.localeCompare(b)).map(([label, lines]) => [`==================== ${label}`, ...lines].join("\n"));
  writeFileSync(here("autogenerate_extra.txt"), `${text.join("\n")}\n`);
});
