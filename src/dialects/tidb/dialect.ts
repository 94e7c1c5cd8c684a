import type { Capabilities, Dialect } from "../dialect.ts";
import { mysqlDialect as mysql } from "../mysql/dialect.ts";

/** MySQL's dialect without its per-server (and per-version) refinement, which would name the server "mysql" again. */
const { forServer: _byServer, forVersion: _byVersion, ...mysqlDialect } = mysql;

/**
 * TiDB (MySQL protocol), DECLARED from its documentation and not tested here.
 * - GET_LOCK / RELEASE_LOCK exist (5.3+; a lock waits at most the timeout given): the MySQL lock is kept.
 * - DDL commits implicitly and runs as an online, asynchronous job, as on MySQL: non-transactional.
 * - One schema change per ALTER TABLE statement in older versions; a column type change on a key or
 *   indexed column is refused.
 * - Expression indexes exist but need tidb_enable_expression_index in versions before 6.5: not claimed.
 */
export const TIDB_CAPABILITIES: Capabilities = {
  ...mysqlDialect.capabilities,
  alterKeyColumnType: false,
  expressionIndexes: false,
  partialIndexes: false,
  // A plain column cannot become a stored generated one by MODIFY (tidb#10932), nor is it claimed the other way.
  keepsGeneratedValues: { stored: false, virtual: false },
  generatedExpressionInPlace: { stored: false, virtual: false },
};

export const tidbDialect: Dialect = { ...mysqlDialect, name: "tidb", capabilities: TIDB_CAPABILITIES };
