import { ConfigError } from "../../errors.ts";
import type { Capabilities, Dialect } from "../dialect.ts";
import { mysqlDialect as mysql } from "../mysql/dialect.ts";

/** MySQL's dialect without its per-server (and per-version) refinement, which would name the server "mysql" again. */
const { forServer: _byServer, forVersion: _byVersion, ...mysqlDialect } = mysql;

/**
 * Vitess (MySQL protocol through vtgate), DECLARED from its documentation and not tested here.
 * - GET_LOCK does not hold across the shards of a keyspace: no run lock can be taken, so lock() refuses
 *   with what to do instead.
 * - DDL goes through Vitess's online schema changes (ddl_strategy), applied per shard, non-transactional.
 * - Foreign keys are only supported within a shard (unmanaged): not part of the capabilities here.
 */
export const VITESS_CAPABILITIES: Capabilities = {
  ...mysqlDialect.capabilities,
  alterKeyColumnType: false,
  expressionIndexes: false,
};

export const vitessDialect: Dialect = {
  ...mysqlDialect,
  name: "vitess",
  capabilities: VITESS_CAPABILITIES,
  lock: async () => {
    throw new ConfigError(
      "Vitess has no lock that holds across shards (GET_LOCK is per shard): point the URL (mysql://) at the primary of an unsharded keyspace, where GET_LOCK holds, or run one migrator at a time",
    );
  },
};
