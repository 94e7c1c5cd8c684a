import type { Dialect, Statement, VersionTableName } from "../dialect.ts";
import type { SqlCompiler } from "./compiler.ts";
import { standardVersionTable } from "./version_table.ts";
import { normalizeModel } from "../../schema/normalize.ts";

/** What a dialect built on the shared SQL compiler supplies itself. */
export interface SqlDialectParts extends Pick<Dialect, "name" | "capabilities" | "connect" | "forServer" | "forVersion" | "lock" | "reflectTable" | "reflect" | "scratch" | "readSchemaSql" | "commitsImplicitly" | "tenants" | "typeUsage" | "tableTriggers" | "viewsOver" | "lostWithColumn" | "scriptLockTimeout" | "followTrackedTable"> {
  /** The statement that starts a transaction; "BEGIN" by default. */
  readonly begin?: string;
  /** A query that returns a row when the version table exists. */
  readonly versionTableExists: (table: VersionTableName) => Statement;
}

/** A Dialect from a compiler and the parts that differ: the rest (SQL, literals, version table) is shared. */
export function sqlDialect(compiler: SqlCompiler, parts: SqlDialectParts): Dialect {
  return {
    name: parts.name,
    capabilities: parts.capabilities,
    begin: parts.begin ?? "BEGIN",
    commit: "COMMIT",
    compile: (op, ctx) => compiler.compile(op, ctx),
    columnType: (type, column) => compiler.columnType(type, column),
    quoteIdentifier: (name) => compiler.quoteIdentifier(name),
    literal: (value) => compiler.literal(value),
    inline: (statement) => compiler.inline(statement),
    scriptStatement: (sql) => compiler.scriptStatement(sql),
    quoteSyntax: compiler.quoteSyntax,
    versionTable: (table) => standardVersionTable(compiler, table, parts.versionTableExists),
    connect: parts.connect,
    lock: parts.lock,
    reflectTable: parts.reflectTable,
    // Every dialect's reflection ends in the one normal form (schema/normalize.ts).
    reflect: async (conn, scope) => normalizeModel(await parts.reflect(conn, scope)),
    scratch: parts.scratch,
    ...(parts.readSchemaSql ? { readSchemaSql: parts.readSchemaSql } : {}),
    ...(parts.forServer ? { forServer: parts.forServer } : {}),
    ...(parts.forVersion ? { forVersion: parts.forVersion } : {}),
    ...(parts.commitsImplicitly ? { commitsImplicitly: parts.commitsImplicitly } : {}),
    ...(parts.tenants ? { tenants: parts.tenants } : {}),
    ...(parts.typeUsage ? { typeUsage: parts.typeUsage } : {}),
    ...(parts.viewsOver ? { viewsOver: parts.viewsOver } : {}),
    ...(parts.lostWithColumn ? { lostWithColumn: parts.lostWithColumn } : {}),
    ...(parts.tableTriggers ? { tableTriggers: parts.tableTriggers } : {}),
    ...(parts.scriptLockTimeout ? { scriptLockTimeout: parts.scriptLockTimeout } : {}),
    ...(parts.followTrackedTable ? { followTrackedTable: parts.followTrackedTable } : {}),
  };
}
