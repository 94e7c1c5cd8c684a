/** Keys that identify objects across two models: "schema.name" (or "name"), compared without case. */
export function tableKey(ref: { readonly name: string; readonly schema?: string }): string {
  return (ref.schema ? `${ref.schema}.${ref.name}` : ref.name).toLowerCase();
}

/**
 * The key of the table a foreign key references, as `known` has it (the tables created, dropped or
 * declared together). A reference from another schema into the default one names it ("public.users"),
 * but the default schema's tables have no schema in a model (declared or reflected): a name qualified in
 * the key (refSchema) that `known` lacks is taken without its schema when `known` has that one. A name
 * left unqualified means the referencing table's own schema, and stays so.
 */
export function referencedKey(table: { readonly schema?: string }, fk: { readonly refTable: string; readonly refSchema?: string }, known: (key: string) => boolean): string {
  const schema = fk.refSchema ?? table.schema;
  const named = tableKey({ name: fk.refTable, ...(schema !== undefined ? { schema } : {}) });
  if (fk.refSchema === undefined || known(named)) return named;
  const unqualified = tableKey({ name: fk.refTable });
  return known(unqualified) ? unqualified : named;
}

/** A table's key and a set of its columns, in any order (a foreign key may list a unique key's columns in another). */
export function columnSetKey(table: string, columns: readonly string[]): string {
  return `${table}|${columns.map((c) => c.toLowerCase()).sort().join(",")}`;
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
}
