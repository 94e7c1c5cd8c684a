/**
 * The keys migrator reads from a config section, and a warning for a key that looks like a misspelt
 * one (`transaction_per_migraton`). Other keys are the project's own (read by revisions as
 * `op.config`) and pass silently.
 */
export const KNOWN_KEYS: readonly string[] = [
  "script_location",
  "version_locations",
  "version_path_separator",
  "path_separator",
  "recursive_version_locations",
  "file_template",
  "truncate_slug_length",
  "timezone",
  "url",
  "sqlalchemy.url",
  "version_table",
  "version_table_schema",
  "transaction_per_migration",
  "lock_timeout",
  "connect_timeout",
  "wait_timeout",
  "revision_language",
  "databases",
  "target_schema",
  "include_tables",
  "exclude_tables",
  "baseline_schema",
  "post_write_hooks",
  // Alembic's own keys, accepted so that an Alembic file reads without warnings.
  "prepend_sys_path",
  "output_encoding",
  "sourceless",
  "revision_environment",
  "here",
];

/** A key this close to a known one (edits, at most a third of its length) is taken for a typo. */
export function misspeltKey(key: string): string | undefined {
  if (KNOWN_KEYS.includes(key)) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of KNOWN_KEYS) {
    const d = editDistance(key.toLowerCase(), known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
