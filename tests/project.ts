/** Test helpers: throwaway migrator projects on disk, with revision files written from short specs. */
import { literal as valueLiteral } from "../src/autogenerate/render.ts";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../src/config/types.ts";

export interface RevSpec {
  id: string;
  down?: string | string[] | null;
  labels?: string[];
  dependsOn?: string[];
  message?: string;
  /** Body of upgrade(op); default creates table t_<id>. */
  up?: string;
  /** Body of downgrade(op); default drops table t_<id>. */
  down_?: string;
  extra?: string;
}

export function tempDir(prefix = "migrator-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function literal(v: string | string[] | null | undefined): string {
  return v === undefined || v === null ? "null" : JSON.stringify(v);
}

export function revisionSource(spec: RevSpec): string {
  return `import type { Operations } from "migrator";
export const revision = ${JSON.stringify(spec.id)};
export const downRevision = ${literal(spec.down)};
export const branchLabels = ${JSON.stringify(spec.labels ?? [])};
export const dependsOn = ${JSON.stringify(spec.dependsOn ?? [])};
export const message = ${JSON.stringify(spec.message ?? `rev ${spec.id}`)};
${spec.extra ?? ""}
export async function upgrade(op: Operations) {
  ${spec.up ?? `await op.createTable("t_${spec.id}", [{ name: "id", type: "integer", primaryKey: true }]);`}
}

export async function downgrade(op: Operations) {
  ${spec.down_ ?? `await op.dropTable("t_${spec.id}");`}
}
`;
}

/** A project folder with migrations/versions holding the given revisions. */
export function writeProject(dir: string, revs: readonly RevSpec[], versions = join(dir, "migrations", "versions")): string {
  mkdirSync(versions, { recursive: true });
  for (const r of revs) writeFileSync(join(versions, `${r.id}_rev.ts`), revisionSource(r));
  return versions;
}

export function testConfig(dir: string, url: string, overrides: Partial<Config> = {}): Config {
  return {
    file: null,
    section: "migrator",
    here: dir,
    scriptLocation: join(dir, "migrations"),
    versionLocations: [join(dir, "migrations", "versions")],
    fileTemplate: "%(rev)s_%(slug)s",
    truncateSlugLength: 40,
    timezone: null,
    url,
    versionTable: "migrator_version",
    versionTableSchema: null,
    transactionPerMigration: false,
    lockTimeoutMs: 10_000,
    tableLockTimeoutMs: 60_000,
    connectTimeoutMs: 10_000,
    networkTimeoutMs: 60_000,
    waitMs: 0,
    recursiveVersionLocations: false,
    revisionLanguage: "ts",
    databases: [],
    options: {},
    ...overrides,
  };
}

/** Linear chain r1 <- r2 <- ... */
export function chain(n: number, prefix = "r"): RevSpec[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, down: i === 0 ? null : `${prefix}${i}` }));
}

/** A run's progress on stderr without what varies: the durations after each revision and the summary line. */
export function withoutTimes(stderr: string): string {
  return stderr.replace(/ \.\.\. \d+\.\d+ s$/gm, "").replace(/^(Applied|Reverted) \d+ revisions? in \d+\.\d+ s\n/gm, "");
}

/** Write a declared schema module (`defineSchema(def)`) to `path`; returns the path. */
export function writeSchemaFile(path: string, def: unknown): string {
  // As autogenerate writes a value: a bigint (a sequence's bound beyond 2^53) as 9223372036854775806n.
  writeFileSync(path, `import { defineSchema } from "migrator";\nexport default defineSchema(${valueLiteral(def)});\n`);
  return path;
}

/** Writes each schema it is given to a file of its own in `dir()` (a module is imported once per path); returns the path. */
export function schemaWriter(dir: () => string): (def: unknown) => string {
  let n = 0;
  return (def) => writeSchemaFile(join(dir(), `schema_${String(++n).padStart(2, "0")}.ts`), def);
}
