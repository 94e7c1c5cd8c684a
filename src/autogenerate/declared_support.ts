/**
 * What the dialect cannot make, refused in the declared schema before any comparison, as written: sequences
 * and materialized views where it has none (a revision would be written that fails when it runs), and index
 * key options it cannot write (NULLS FIRST / LAST, operator classes: its
 * capabilities; the normal form drops a `nulls` that is PostgreSQL's default for the order, which elsewhere is
 * not where NULLs go).
 */
import type { Capabilities } from "../dialects/dialect.ts";
import { keyOptionRefusal } from "../operations/index_column.ts";
import type { Schema } from "./declare.ts";
import { SchemaDeclarationError } from "./errors.ts";

export function checkDeclaredSupport(schema: Schema, capabilities: Capabilities, dialect: string): void {
  for (const t of schema.tables) {
    for (const index of t.options.indexes ?? []) {
      for (const c of index.columns) {
        const refusal = keyOptionRefusal(c, capabilities, dialect);
        if (refusal === undefined) continue;
        const table = t.table.schema ? `${t.table.schema}.${t.table.name}` : t.table.name;
        throw new SchemaDeclarationError(`Table "${table}" in the declared schema: index ${index.name ? `"${index.name}" ` : ""}${refusal}`);
      }
    }
  }
  const sequence = (schema.sequences ?? [])[0];
  if (sequence && !capabilities.sequences) {
    const name = sequence.schema ? `${sequence.schema}.${sequence.name}` : sequence.name;
    throw new SchemaDeclarationError(`Sequence "${name}" in the declared schema: migrator makes sequences on PostgreSQL only, not on ${dialect}; number the column instead (autoincrement: true)`);
  }
  const materialized = (schema.views ?? []).find((v) => v.materialized);
  if (materialized && !capabilities.materializedViews) {
    const name = materialized.schema ? `${materialized.schema}.${materialized.name}` : materialized.name;
    throw new SchemaDeclarationError(`Materialized view "${name}" in the declared schema: ${dialect} has no materialized views (PostgreSQL has); declare it with view() instead, or keep a table that the application fills`);
  }
}
