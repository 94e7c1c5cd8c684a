/** Import a schema module: its default export is defineSchema({...}); it may export hooks. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "../config/types.ts";
import { ConfigError } from "../errors.ts";
import { importModule } from "../script/load.ts";
import type { Schema, SchemaHooks } from "./declare.ts";
import { SchemaDeclarationError } from "./errors.ts";

export interface LoadedSchema {
  readonly path: string;
  readonly schema: Schema;
  readonly hooks: SchemaHooks;
}

/** The schema file: `--schema FILE` (relative to the working folder), else `target_schema` (relative to the config file). */
export function schemaPath(config: Config, explicit: string | undefined, cwd: string): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const configured = config.options["target_schema"];
  if (configured) return resolve(config.here, configured);
  throw new ConfigError(
    `No schema to compare with: set target_schema = schema.ts in ${config.file ?? "migrator.ini"} or pass --schema FILE ` +
      `(a module whose default export is defineSchema({ tables: [...] }))`,
  );
}

export async function loadSchema(path: string): Promise<LoadedSchema> {
  if (!existsSync(path)) throw new ConfigError(`The schema file ${path} does not exist`);
  const exports = await importModule(path);
  const schema = exports["default"] as Schema | undefined;
  if (!schema || typeof schema !== "object" || schema.kind !== "migrator.schema") {
    throw new SchemaDeclarationError(`${path} has no schema: its default export must be defineSchema({ tables: [...] }) (import { defineSchema, table } from "migrator")`);
  }
  const hooks: { -readonly [K in keyof SchemaHooks]: SchemaHooks[K] } = {};
  for (const name of ["includeObject", "processOps"] as const) {
    const hook = exports[name];
    if (hook === undefined) continue;
    if (typeof hook !== "function") throw new SchemaDeclarationError(`${path}: "${name}" must be a function`);
    hooks[name] = hook as never;
  }
  return { path, schema, hooks };
}
