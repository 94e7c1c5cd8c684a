import type { ViewModel } from "../../schema/model.ts";
import type { Connection } from "../connection.ts";
import { compare } from "./table_model.ts";
import { unqualifiedViewDefinition } from "./view_definition.ts";

interface ViewRow extends Record<string, unknown> {
  schema: string;
  name: string;
  definition: string;
  check_option: string;
}

/**
 * The views of the databases read (information_schema.VIEWS), sorted, in one query. `query` is
 * VIEW_DEFINITION without the view's own database in its names (view_definition.ts). Views of the default
 * database carry no `schema`; CHECK_OPTION NONE is left out.
 */
export async function readViews(conn: Connection, schemas: readonly string[], database: string | null): Promise<ViewModel[]> {
  if (schemas.length === 0) return [];
  const rows = await conn.query<ViewRow>(
    `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name, VIEW_DEFINITION AS definition, CHECK_OPTION AS check_option
       FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (${schemas.map(() => "?").join(", ")})`,
    [...schemas],
  );
  return rows
    .map((r): ViewModel => {
      const check = String(r.check_option).toLowerCase();
      return {
        name: r.name,
        ...(r.schema === database ? {} : { schema: r.schema }),
        query: unqualifiedViewDefinition(String(r.definition), r.schema),
        ...(check === "local" || check === "cascaded" ? { checkOption: check } : {}),
      };
    })
    .sort((a, b) => compare(a.schema ?? "", b.schema ?? "") || compare(a.name, b.name));
}
