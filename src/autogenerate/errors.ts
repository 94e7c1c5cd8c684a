import { EXIT_CODES, MigratorError } from "../errors.ts";

/** The declared schema is not valid: names the object and what is wrong with it. */
export class SchemaDeclarationError extends MigratorError {}

/** `check` found differences: exit code 3, apart from errors (1) and usage (2). */
export const CHECK_DIFFERENCES_EXIT_CODE = EXIT_CODES.checkDifferences;
