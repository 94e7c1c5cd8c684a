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

function createdNames(op: Op): Named[] {
  const named = (what: string, name: string | null | undefined): Named[] => (typeof name === "string" && name !== "" ? [[what, name]] : []);
  switch (op.kind) {
    case "createTable":
      return [
        ...named("table name", op.table.name),
        ...op.columns.flatMap((c) => named("column name", c.name)),
        ...named("primary key name", op.primaryKey?.name),
        ...(op.foreignKeys ?? []).flatMap((fk) => named("foreign key name", fk.name)),
        ...(op.uniques ?? []).flatMap((u) => named("unique constraint name", u.name)),
        ...(op.checks ?? []).flatMap((c) => named("check constraint name", c.name)),
      ];
    case "renameTable":
      return named("table name", op.newName);
    case "addColumn":
      return named("column name", op.column.name);
    case "alterColumn":
      return named("column name", op.newName);
    case "createIndex":
      return named("index name", op.name);
    case "createPrimaryKey":
    case "createForeignKey":
    case "createUniqueConstraint":
    case "createCheckConstraint":
      return named("constraint name", op.name);
    case "createSchema":
      return named("schema name", op.name);
    case "createEnum":
      return named("type name", op.name);
    case "createSequence":
      return named("sequence name", op.name);
    case "batchAlterTable":
      return op.ops.flatMap((inner) => createdNames(inner as Op));
    default:
      return [];
  }
}
