import { MigratorError, UnsupportedOperationError } from "../../errors.ts";
import type { Dialect, Statement } from "../dialect.ts";
import type { GaleraNode } from "./server.ts";

/**
 * Galera replicates DDL in total order (TOI) and DML of InnoDB tables as row events certified at commit.
 * What it does not replicate, or replicates on one node only, would leave the nodes apart: refused before
 * it runs, with what to do instead.
 */
const RULES: readonly { readonly test: (sql: string) => string | undefined; readonly fix: string }[] = [
  {
    // CREATE TABLE / ALTER TABLE with ENGINE = other than InnoDB (a TEMPORARY table is never replicated anyway).
    // CREATE TABLE's options follow its last ")"; in ALTER TABLE only "ENGINE =" is read (a column may be named engine).
    test: (sql) => {
      const create = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\b/i.test(sql);
      const alter = /^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\b/i.test(sql);
      if (!create && !alter) return undefined;
      const m = create ? /\bENGINE\s*(?:=\s*|\s+)[`'"]?(\w+)/i.exec(sql.slice(sql.lastIndexOf(")") + 1)) : /\bENGINE\s*=\s*[`'"]?(\w+)/i.exec(sql);
      return m && m[1]!.toLowerCase() !== "innodb" ? `ENGINE=${m[1]} tables are not replicated by Galera (only InnoDB is)` : undefined;
    },
    fix: "use ENGINE=InnoDB (or leave ENGINE out)",
  },
  {
    test: (sql) => (/^\s*LOCK\s+TABLES?\b/i.test(sql) ? "LOCK TABLES holds on this node only" : undefined),
    fix: "drop it: migrator's lock already keeps other runs out on every node",
  },
  {
    test: (sql) => (/\bGET_LOCK\s*\(/i.test(sql) ? "GET_LOCK holds on this node only" : undefined),
    fix: "drop it: migrator's lock already keeps other runs out on every node",
  },
  {
    test: (sql) => (/^\s*SET\b[\s\S]*\bwsrep_OSU_method\b/i.test(sql) ? "changing wsrep_OSU_method would run the DDL on this node only (RSU)" : undefined),
    fix: "leave wsrep_OSU_method = TOI while migrating",
  },
];

/** The reason a statement breaks Galera's rules, with the fix; undefined when it is fine. */
export function galeraViolation(sql: string): string | undefined {
  for (const rule of RULES) {
    const why = rule.test(sql);
    if (why) return `${why}: ${rule.fix}`;
  }
  return undefined;
}

/** Refuse a statement Galera would not replicate to every node. */
export function checkGaleraStatement(statement: Statement): void {
  const why = galeraViolation(statement.sql);
  if (why) throw new UnsupportedOperationError(`This server is a Galera cluster node, and ${why}`);
}

/** Refuse a node that cannot migrate the cluster: not synced, or DDL on this node only (RSU). Before any lock. */
export function checkGaleraNode(node: GaleraNode, where: string): void {
  if (!node.ready || node.state !== "Synced") {
    throw new MigratorError(
      `The Galera node at ${where} is not ready for writes (state "${node.state}", cluster size ${node.clusterSize}); wait until it is Synced in the primary component, or point the URL at another node`,
    );
  }
  if (node.osuMethod !== "TOI") {
    throw new MigratorError(
      `The Galera node at ${where} has wsrep_OSU_method = ${node.osuMethod}, which runs DDL on this node only; set it to TOI (SET GLOBAL wsrep_OSU_method = 'TOI') before migrating`,
    );
  }
}

/** A dialect whose compiled statements are checked against Galera's rules (composition: nothing else changes). */
export function withGaleraRules(base: Dialect): Dialect {
  return {
    ...base,
    async compile(op, ctx) {
      const statements = await base.compile(op, ctx);
      for (const statement of statements) checkGaleraStatement(statement);
      return statements;
    },
  };
}
