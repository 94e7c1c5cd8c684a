import type { Capabilities, Dialect } from "../dialect.ts";
import { POSTGRES_CAPABILITIES, postgresWith } from "../postgres/dialect.ts";
import { leasePostgres } from "../postgres/lease_lock.ts";

/**
 * YugabyteDB (YSQL, the PostgreSQL API), DECLARED from its documentation and not tested here.
 * - Advisory locks only from 2.25 and behind a flag (ysql_yb_enable_advisory_locks): the run lock is a
 *   lease row, which works on every version.
 * - DDL in a transaction block is not atomic with the transaction's other statements unless transactional
 *   DDL (a preview flag) is on: treated as non-transactional, each revision recorded once it has run.
 * - ALTER COLUMN ... TYPE rewrites the table and is refused for key columns.
 * - Index keys take an operator class and NULLS FIRST / LAST (its CREATE INDEX grammar, PostgreSQL's
 *   catalog): both kept from PostgreSQL's capabilities.
 */
/** PostgreSQL's, less what this engine does differently. */
export const YUGABYTE_CAPABILITIES: Capabilities = {
  ...POSTGRES_CAPABILITIES,
  transactionalDdl: false,
  alterKeyColumnType: false,
  // DROP EXPRESSION is PostgreSQL 13's and YSQL was PostgreSQL 11 before 2.25: not claimed.
  keepsGeneratedValues: { stored: false, virtual: false },
  generatedExpressionInPlace: { stored: false, virtual: false },
};

const { forServer: _versioned, forVersion: _byVersion, ...base } = postgresWith(YUGABYTE_CAPABILITIES);

export const yugabyteDialect: Dialect = { ...base, name: "yugabytedb", lock: leasePostgres };
