/** Code-unit order: the same everywhere, whatever the locale (localeCompare is not). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** (schema, name) order; objects without a schema (the default one) first. */
export function bySchemaAndName(a: { readonly name: string; readonly schema?: string }, b: { readonly name: string; readonly schema?: string }): number {
  return compare(a.schema ?? "", b.schema ?? "") || compare(a.name, b.name);
}
