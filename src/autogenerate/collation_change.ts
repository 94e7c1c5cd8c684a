/**
 * What a change of a column's collation may do to its values, as notes (none: the change is additive).
 * `from` and `to` are the collations the column has and gets, resolved (its own, else its table's
 * default); undefined where that is unknown (offline, or a dialect without table defaults).
 *
 * - Another character set (where collations name one: `characterSets`, MySQL's utf8mb4_bin is utf8mb4's):
 *   the values are converted, and one the new set cannot hold fails (strict mode) or becomes "?".
 * - A unique key on the column: values it told apart may be equal under the new collation, unless the
 *   new one is binary (a name ending in "_bin", or C, POSIX, ucs_basic, BINARY), which tells every two
 *   different values apart. The simple rule: _ci → _bin is safe, _bin → _ci and a change to an unknown
 *   default are not.
 */
export function collationChangeNotes(from: string | undefined, to: string | undefined, where: string, options: { readonly characterSets: boolean; readonly uniqueKey: boolean }): string[] {
  const notes: string[] = [];
  if (options.characterSets && from !== undefined && to !== undefined && characterSet(from) !== characterSet(to)) {
    notes.push(`changes the character set of ${where} from ${characterSet(from)} to ${characterSet(to)}: values that do not convert make it fail (or become "?" outside strict mode)`);
  }
  if (options.uniqueKey && (to === undefined || !BINARY.test(to))) {
    notes.push(`changes the collation of ${where}, which a unique key uses: fails if values become equal under the new one`);
  }
  return notes;
}

const BINARY = /(_bin|^c|^posix|^ucs_basic|^binary)$/i;

/** The character set a collation name belongs to: the part before its first "_" ("binary" is its own). */
const characterSet = (collation: string): string => collation.split("_")[0]!.toLowerCase();
