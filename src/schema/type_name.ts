/**
 * A column type read as a type name, the way PostgreSQL reads it (quotes, case folding, a schema, array
 * brackets): how the columns of an enum type are found without a server.
 */
import type { ColumnType } from "../operations/ops.ts";

/** `app.mood[]` → { schema: "app", name: "mood", array: true }; undefined for a type that is not a plain name. */
export function typeName(type: ColumnType): { name: string; schema?: string; array: boolean } | undefined {
  let text = (typeof type === "string" ? type : type.raw).trim();
  let array = false;
  while (/\[\s*\d*\s*\]$/.test(text)) {
    array = true;
    text = text.replace(/\[\s*\d*\s*\]$/, "").trimEnd();
  }
  const parts: string[] = [];
  const ident = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (ident.lastIndex < text.length && (m = ident.exec(text)) !== null) {
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!.toLowerCase());
    if (m[3] === "") break;
  }
  if (ident.lastIndex !== text.length || parts.length === 0 || parts.length > 2) return undefined;
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]!, array } : { name: parts[0]!, array };
}
