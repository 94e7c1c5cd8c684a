import { MigratorError } from "../errors.ts";

/** An alteration names a column, index or constraint the table does not have (batch rebuild, schema tracking). */
export class SchemaObjectNotFoundError extends MigratorError {}
