/**
 * Names an op creates, checked against the dialect's identifier limit. PostgreSQL cuts a longer name
 * to 63 bytes without a word, so two long names that share their first 63 bytes collide, and MySQL
 * refuses names over 64 bytes with an engine message. A name the user wrote is never changed behind
 * their back: it is refused, with the name fitName (schema/naming.ts) makes of it, the one
 * autogenerate's naming convention writes, as the suggestion.
 */
import { fitName } from "../schema/naming.ts";
import type { Op } from "./ops.ts";

/** The identifier limit of the dialect running the op: bytes, 0 for none; its name for the message. */
export interface NameLimit {
  readonly maxBytes: number;
  readonly dialect: string;
}

/** The first name `op` would create that is over the limit, with the message to refuse it; undefined when all fit. */
export function nameOverLimit(op: Op, limit: NameLimit): string | undefined {
  if (limit.maxBytes <= 0) return undefined;
  for (const [what, name] of createdNames(op)) {
    // A UTF-16 unit is at most 3 bytes of UTF-8: most names are too short to need counting.
    if (name.length * 3 <= limit.maxBytes) continue;
    const bytes = new TextEncoder().encode(name).length;
    if (bytes > limit.maxBytes) {
      return (
        `the ${what} "${name}" is ${bytes} bytes, over the ${limit.dialect} limit of ${limit.maxBytes} ` +
        `(a longer name would be cut by the server or refused); shorten it, e.g. "${fitName(name, limit.maxBytes)}"`
      );
    }
  }
  return undefined;
}

type Named = readonly [what: string, name: string];

/** The names `op` creates, in order; a name left out or empty is not one. Runs for every op: no spreads; forEach skips holes, as flatMap did. */
function createdNames(op: Op, out: Named[] = []): Named[] {
  const named = (what: string, name: string | null | undefined) => {
    if (typeof name === "string" && name !== "") out.push([what, name]);
  };
  switch (op.kind) {
    case "createTable":
      named("table name", op.table.name);
      op.columns.forEach((c) => named("column name", c.name));
      named("primary key name", op.primaryKey?.name);
      op.foreignKeys?.forEach((fk) => named("foreign key name", fk.name));
      op.uniques?.forEach((u) => named("unique constraint name", u.name));
      op.checks?.forEach((c) => named("check constraint name", c.name));
      break;
    case "renameTable":
      named("table name", op.newName);
      break;
    case "addColumn":
      named("column name", op.column.name);
      break;
    case "alterColumn":
      named("column name", op.newName);
      break;
    case "createIndex":
      named("index name", op.name);
      break;
    case "createPrimaryKey":
    case "createForeignKey":
    case "createUniqueConstraint":
    case "createCheckConstraint":
      named("constraint name", op.name);
      break;
    case "createSchema":
      named("schema name", op.name);
      break;
    case "createEnum":
      named("type name", op.name);
      break;
    case "createSequence":
      named("sequence name", op.name);
      break;
    case "createView":
      named("view name", op.name);
      break;
    case "batchAlterTable":
      op.ops.forEach((inner) => createdNames(inner as Op, out));
      break;
    default:
      break;
  }
  return out;
}
