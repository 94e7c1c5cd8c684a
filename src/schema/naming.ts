/**
 * Names from a naming convention (Alembic's tokens), cut to the dialect's identifier limit with a
 * stable hash so that a long name comes out the same on every run and never re-diffs.
 */
export interface NameParts {
  readonly table: string;
  readonly columns: readonly string[];
  readonly refTable?: string;
  readonly expression?: string;
}

export function conventionName(template: string, parts: NameParts, maxLength: number): string {
  const name = template.replace(/%\((\w+)\)s/g, (whole, token: string) => {
    switch (token) {
      case "table_name":
        return parts.table;
      case "column_0_name":
        return parts.columns[0] ?? "";
      case "column_0_N_name":
        return parts.columns.join("_");
      case "referred_table_name":
        return parts.refTable ?? "";
      case "expression_hash":
        return hash8(parts.expression ?? "");
      default:
        return whole;
    }
  });
  return fitName(name, maxLength);
}

/** The name itself when it fits in `maxLength` bytes (0: no limit); else its start, "_" and a hash of the whole. */
export function fitName(name: string, maxLength: number): string {
  const bytes = new TextEncoder().encode(name);
  if (maxLength <= 0 || bytes.length <= maxLength) return name;
  let keep = maxLength - 9;
  // Never cut a multi-byte character in two.
  while (keep > 0 && (bytes[keep]! & 0xc0) === 0x80) keep--;
  return `${new TextDecoder().decode(bytes.slice(0, keep))}_${hash8(name)}`;
}

/** 8 hex digits of FNV-1a over the UTF-8 bytes: stable across runs and runtimes. */
export function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * A column name the table does not have, for a column made beside another and renamed to its name after
 * (a generated column made plain anew): `base`, else `base_2`, `base_3`... (`taken` compared in lower case).
 */
export function unusedColumnName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base}_${n}`;
  return name;
}
