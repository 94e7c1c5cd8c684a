/** Keys that identify objects across two models: "schema.name" (or "name"), compared without case. */
export function tableKey(ref: { readonly name: string; readonly schema?: string }): string {
  return (ref.schema ? `${ref.schema}.${ref.name}` : ref.name).toLowerCase();
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]!.toLowerCase());
}
