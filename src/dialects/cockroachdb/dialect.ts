import type { Capabilities, Dialect } from "../dialect.ts";
import { POSTGRES_CAPABILITIES, postgresWith } from "../postgres/dialect.ts";
import { leasePostgres } from "../postgres/lease_lock.ts";

/**
 * CockroachDB, DECLARED from its documentation and not tested here (no server on this machine).
 * - Advisory lock functions exist for compatibility but lock nothing: the run lock is a lease row.
 * - Schema changes run as background jobs and are not transactional with DML in the same transaction
 *   (CockroachDB advises one schema change per implicit transaction): DDL is treated as non-transactional,
 *   so each revision is recorded as soon as it has run.
 * - Changing a column's type is limited (experimental in general, refused on indexed or key columns).
 * - Enums (20.2+), partial (20.2+) and expression (21.2+) indexes, sequences, schemas and comments exist.
 */
/** PostgreSQL's, less what this engine does differently. */
export const COCKROACH_CAPABILITIES: Capabilities = {
  ...POSTGRES_CAPABILITIES,
  transactionalDdl: false,
  alterKeyColumnType: false,
  // Index keys take neither NULLS FIRST / LAST (NULLs are stored first in an ascending key) nor an operator
  // class (cockroach#47420); its pg_opclass is empty and pg_opclass_is_visible may not exist, so reflection
  // reads neither (catalog.ts indexesSql).
  indexNullsOrder: false,
  operatorClasses: false,
  // CockroachDB has VIRTUAL computed columns, but the PostgreSQL DDL used here writes STORED ones only.
  // A computed column is made plain with DROP STORED, not DROP EXPRESSION (cockroach#75284), and has no
  // SET EXPRESSION: autogenerate drops and adds such a column, as before.
  keepsGeneratedValues: { stored: false, virtual: false },
  generatedExpressionInPlace: { stored: false, virtual: false },
};

const { forServer: _versioned, forVersion: _byVersion, ...base } = postgresWith(COCKROACH_CAPABILITIES);

export const cockroachDialect: Dialect = { ...base, name: "cockroachdb", lock: leasePostgres };
