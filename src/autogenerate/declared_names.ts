/**
 * Names in the declared schema over the dialect's identifier limit, refused before any comparison: the
 * scratch database would cut them (PostgreSQL) and every later autogenerate would see a difference.
 * The same rule as for a migration's ops (operations/name_length.ts); convention names are cut already.
 */
import { nameOverLimit, type NameLimit } from "../operations/name_length.ts";
import type { Op } from "../operations/ops.ts";
import type { DatabaseModel } from "../schema/model.ts";
import { SchemaDeclarationError } from "./errors.ts";

export function checkDeclaredNames(model: DatabaseModel, limit: NameLimit): void {
  const fail = (where: string, message: string | undefined) => {
    if (message !== undefined) throw new SchemaDeclarationError(`${where} in the declared schema: ${message}`);
  };
  for (const t of model.tables) {
    const where = `Table "${t.table.name}"`;
    const { table, columns, primaryKey, foreignKeys, uniques, checks } = t;
    const create: Op = { kind: "createTable", table, columns, ...(primaryKey ? { primaryKey } : {}), foreignKeys, uniques, checks };
    fail(where, nameOverLimit(create, limit));
    for (const index of t.indexes) fail(where, nameOverLimit(index, limit));
  }
  for (const e of model.enums) fail(`Type "${e.name}"`, nameOverLimit({ kind: "createEnum", ...e }, limit));
  for (const s of model.sequences) fail(`Sequence "${s.name}"`, nameOverLimit({ kind: "createSequence", ...s }, limit));
}
